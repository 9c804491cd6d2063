"""Hardening #6: an event may name its object by a safe label instead of `str(obj)`, so that a
classified name never enters the log (which can never be changed afterwards)."""

import pytest

from zhongshu.audit.models import AuditEvent
from zhongshu.audit.services import record, record_access, verify_chain

pytestmark = pytest.mark.django_db


def test_a_label_replaces_the_objects_name(supervisor, company):
    department = company["sales"]
    record(actor=supervisor, action="org.renamed", obj=department, label="密收〔2026〕0001号")
    record_access(actor=supervisor, obj=department, label="密收〔2026〕0001号")
    record(actor=supervisor, action="org.touched", obj=department)
    reprs = list(AuditEvent.objects.order_by("seq").values_list("object_repr", flat=True))
    assert reprs == ["密收〔2026〕0001号", "密收〔2026〕0001号", str(department)]
    assert verify_chain().ok
