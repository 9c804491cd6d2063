import threading

import pytest
from django.core.management import call_command
from django.db import close_old_connections, connection

from zhongshu.audit import guard
from zhongshu.audit.models import AuditEvent, AuditHead
from zhongshu.audit.services import record, verify_chain


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flush_lifts_the_guard_and_puts_it_back(supervisor):
    record(actor=supervisor, action="org.before_flush")
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    assert guard.installed(connection)
    # The head is recreated on the next append after a wipe.
    assert record(actor=None, action="core.after_flush").seq == 1
    assert AuditHead.objects.get(pk=1).seq == 1


def _in_memory_sqlite() -> bool:
    return connection.vendor == "sqlite" and connection.is_in_memory_db()


@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_appends_form_one_unbroken_chain(supervisor):
    if _in_memory_sqlite():
        pytest.skip("needs a file SQLite database (SQLITE_TEST_PATH) or PostgreSQL")
    workers, each = 4, 15
    errors = []

    def work(n):
        try:
            for i in range(each):
                record(actor=supervisor, action=f"test.worker_{n}", after={"i": i})
        except Exception as exc:  # reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert AuditEvent.objects.count() == workers * each
    result = verify_chain()
    assert result.ok, result.reason
    assert result.checked == workers * each
