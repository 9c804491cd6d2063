"""The documents' to-dos in the inbox: read through `visible_to`, at a fixed cost."""

import pytest
from django.utils import timezone

from zhongshu.core.roles import Role
from zhongshu.org.tests.factories import UserFactory
from zhongshu.workflow.inbox import inbox_count, inbox_for, inbox_kinds

from .factories import IncomingDocumentFactory, OutgoingDocumentFactory, RoutingSlipFactory

pytestmark = pytest.mark.django_db

KINDS = [kind for kind, _label in inbox_kinds() if kind.startswith("documents.")]


def _one_query_each(user, django_assert_num_queries) -> None:
    user.has_role()  # reads the roles, as the page shell does once per request
    for kind in KINDS:
        with django_assert_num_queries(1):
            inbox_for(user, kind=kind)
        with django_assert_num_queries(1):
            inbox_count(user, kind=kind)


@pytest.mark.parametrize("rows", [1, 4])
def test_every_provider_costs_one_query_whatever_the_rows(rows, django_assert_num_queries):
    reader = UserFactory(roles=[Role.EMPLOYEE])
    clerk = UserFactory(roles=[Role.CLERK], level="secret")
    for _ in range(rows):
        RoutingSlipFactory(reader=reader)
        OutgoingDocumentFactory(issued=True, recipients=[reader])
        OutgoingDocumentFactory(drafted_by=clerk)
    _one_query_each(reader, django_assert_num_queries)
    _one_query_each(clerk, django_assert_num_queries)
    assert inbox_count(reader, kind="documents.read") == rows
    assert inbox_count(reader, kind="documents.received") == rows
    assert inbox_count(clerk, kind="documents.outgoing") == rows


def test_a_slip_is_a_to_do_only_while_its_reader_may_see_the_item():
    """Lowering a reader's clearance below a classified item's level takes it off the inbox."""
    reader = UserFactory(roles=[Role.EMPLOYEE], level="secret")
    slip = RoutingSlipFactory(reader=reader, circulation__document__level_code="secret")
    [item] = inbox_for(reader, kind="documents.read")
    assert item.url.endswith(f"/documents/incoming/{slip.document_id}/")
    reader.clearance = type(reader.clearance).objects.get(code="internal")
    reader.save(update_fields=["clearance"])
    assert inbox_for(reader, kind="documents.read") == []
    assert inbox_count(reader, kind="documents.read") == 0


def test_declassification_reviews_reach_their_registrar_only():
    registrar = UserFactory(roles=[Role.CLERK], level="secret")
    due = IncomingDocumentFactory(
        registered_by=registrar, level_code="secret", secrecy_until=timezone.localdate()
    )
    other_clerk = UserFactory(roles=[Role.CLERK], level="secret")
    assert [i.url for i in inbox_for(registrar, kind="documents.declassify")] == [
        f"/documents/incoming/{due.pk}/"
    ]
    assert inbox_for(other_clerk, kind="documents.declassify") == []
