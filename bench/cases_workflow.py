"""Benchmarks of the platform: the to-do inbox at 5,000 users."""

from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings

from zhongshu.org.models import User
from zhongshu.workflow.inbox import inbox_for
from zhongshu.workflow.models import ApprovalTask, TaskStatus

from .measure import query_count, timed


def busiest_approver() -> User:
    """The user with the most open approval tasks: the heaviest inbox in the dataset."""
    row = (
        ApprovalTask.objects.filter(status=TaskStatus.PENDING)
        .values("assignee")
        .order_by()
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    return User.objects.get(pk=row["assignee"]) if row else User.objects.get(username="dept_head")


def inbox_page() -> dict:
    user = busiest_approver()
    client = Client()
    client.force_login(user)
    open_tasks = ApprovalTask.objects.open_for(user).count()

    def page():
        response = client.get("/workflow/inbox/")
        assert response.status_code == 200

    def bare_sql():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.id, r.number, r.title, t.due_at, t.created_at "
                "FROM workflow_approvaltask t JOIN workflow_approvalrequest r "
                "ON r.id = t.request_id WHERE t.assignee_id = %s AND t.status = 'pending' "
                "AND r.status = 'pending' ORDER BY t.due_at, t.created_at, t.id LIMIT 50",
                [user.pk],
            )
            cursor.fetchall()

    def minimal_view():
        with override_settings(ROOT_URLCONF="bench.urls"):
            assert client.get("/bench/minimal-inbox/").status_code == 200

    return {
        "name": "inbox page (/workflow/inbox/)",
        "users": User.objects.count(),
        "open_tasks_of_user": open_tasks,
        "approval_tasks_total": ApprovalTask.objects.count(),
        "page": timed(page),
        "page_queries": query_count(page),
        "inbox_function": timed(lambda: inbox_for(user, limit=50)),
        "baseline_bare_sql": timed(bare_sql),
        "baseline_minimal_view": timed(minimal_view),
    }


CASES = [inbox_page]
