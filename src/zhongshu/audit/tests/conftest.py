"""Fixtures of the audit tests: a short chain, and the triggers lifted for tampering tests."""

import pytest
from django.db import connection

from zhongshu.audit import guard
from zhongshu.audit.services import record


def raw_sql(sql, params=()):
    """Write to the database behind the services' back, as an attacker with access would."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def unguarded():
    """The triggers dropped for a tampering test, put back afterwards."""
    guard.drop(connection)
    yield
    guard.install(connection)


@pytest.fixture
def chain(supervisor, company):
    """Five events on a department by the supervisor."""
    dept = company["sales"]
    return [
        record(actor=supervisor, action=f"org.step_{i}", obj=dept, after={"i": i})
        for i in range(1, 6)
    ]
