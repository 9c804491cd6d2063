"""What an attacker or a careless user found in accounts (hardening #3, #13, #15).

- Credentials change, access ends: a password change or reset, disabling a user, lowering a
  clearance or a supervisor's "end all sessions" ends the user's web sessions and API tokens;
  re-enabling a user does not revive old sessions; the person changing their own password keeps
  the session they did it from.
- Password reset mails are throttled per account and per address, with the same neutral answer.
- E-mail addresses are unique among users, whatever their case.
- Failed sign-ins and lock-outs are in the audit chain.
"""

import importlib
import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from zhongshu.audit.models import AuditEvent
from zhongshu.core.errors import ServiceError
from zhongshu.org import services
from zhongshu.org.models import User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Green-Tea-2026!"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def is_signed_in(client: Client) -> bool:
    """The client's session still belongs to a signed-in user (asked of a page, not the DB)."""
    response = client.get(reverse("org:profile"))
    return response.status_code == 200 and response.wsgi_request.user.is_authenticated


def change_password_on_the_page(client: Client) -> None:
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pw-12345678",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302


def reset_password_by_email(client: Client, email: str) -> None:
    """The whole e-mailed reset: request, follow the link, set a new password."""
    client.post(reverse("password_reset"), {"email": email})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/" in line)
    response = client.get(link.split("testserver", 1)[1].strip(), follow=True)
    assert response.context["validlink"]
    response = client.post(
        response.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302


def without_csrf(response) -> str:
    """The page as a person reads it: the CSRF token is masked anew in every response."""
    return re.sub(r'(csrf-token|csrfmiddlewaretoken" value)="[^"]*"', "", response.content.decode())


def audit_actions(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(object_type="org.user", object_id=str(user.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


# --- credentials change, access ends (#3) ---------------------------------------------------


def test_a_token_ends_when_its_owner_changes_the_password_on_the_page(employee, api_client_for):
    api = api_client_for(employee)
    assert api.get("/api/v1/me/").status_code == 200
    change_password_on_the_page(signed_in(employee))
    assert api.get("/api/v1/me/").status_code == 401


def test_the_own_session_survives_the_own_password_change_and_the_others_end(employee):
    here, elsewhere = signed_in(employee), signed_in(employee)
    change_password_on_the_page(here)
    assert is_signed_in(here)
    assert not is_signed_in(elsewhere)
    employee.refresh_from_db()
    assert employee.check_password(NEW_PASSWORD)
    assert "org.password_changed" in audit_actions(employee)


def test_a_token_and_the_sessions_end_when_the_password_is_reset_by_email(employee, api_client_for):
    api = api_client_for(employee)
    session = signed_in(employee)
    reset_password_by_email(Client(), "employee@example.com")
    assert api.get("/api/v1/me/").status_code == 401
    assert not is_signed_in(session)
    employee.refresh_from_db()
    assert employee.check_password(NEW_PASSWORD)
    assert "org.password_reset_by_email" in audit_actions(employee)


def test_a_weak_password_on_the_reset_page_changes_nothing(employee, api_client_for):
    api = api_client_for(employee)
    client = Client()
    client.post(reverse("password_reset"), {"email": "employee@example.com"})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/" in line)
    page = client.get(link.split("testserver", 1)[1].strip(), follow=True)
    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert api.get("/api/v1/me/").status_code == 200


def test_a_reset_link_mailed_before_the_access_ended_no_longer_works(supervisor, employee):
    Client().post(reverse("password_reset"), {"email": "employee@example.com"})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/" in line)
    services.user_disable(user=employee, by=supervisor)
    services.user_enable(user=employee, by=supervisor)
    response = Client().get(link.split("testserver", 1)[1].strip(), follow=True)
    assert not response.context["validlink"]


def test_a_reenabled_user_does_not_get_the_old_session_back(supervisor, employee):
    session = signed_in(employee)
    assert is_signed_in(session)
    services.user_disable(user=employee, by=supervisor)
    services.user_enable(user=employee, by=supervisor)
    assert not is_signed_in(session)
    assert is_signed_in(signed_in(User.objects.get(pk=employee.pk)))


def test_a_lowered_clearance_ends_sessions_and_tokens(supervisor, clerk, api_client_for):
    api = api_client_for(clerk)
    session = signed_in(clerk)
    services.user_set_clearance(user=clerk, clearance="internal", by=supervisor)
    assert not is_signed_in(session)
    assert api.get("/api/v1/me/").status_code == 401
    [event] = AuditEvent.objects.filter(action="org.user_clearance_changed")
    assert event.note == "revoked_tokens=1"


def test_a_raised_clearance_keeps_sessions_and_tokens(supervisor, employee, api_client_for):
    api = api_client_for(employee)
    session = signed_in(employee)
    services.user_set_clearance(user=employee, clearance="secret", by=supervisor)
    assert is_signed_in(session)
    assert api.get("/api/v1/me/").json()["clearance"] == "secret"


def test_a_supervisor_lowering_their_own_clearance_on_the_page_stays_signed_in(
    supervisor, company, levels
):
    client = signed_in(supervisor)
    response = client.post(
        reverse("org:user_edit", args=[supervisor.pk]),
        {
            "name": supervisor.name,
            "email": supervisor.email,
            "department": company["admin"].pk,
            "roles": ["supervisor"],
            "clearance": levels["secret"].pk,
        },
    )
    assert response.status_code == 302
    supervisor.refresh_from_db()
    assert supervisor.clearance.code == "secret"
    assert is_signed_in(client)


def test_a_supervisor_resetting_a_password_ends_that_users_sessions(supervisor, employee):
    session = signed_in(employee)
    services.user_reset_password(user=employee, by=supervisor)
    assert not is_signed_in(session)


def test_a_supervisor_ends_all_sessions_of_a_user_with_the_button(
    supervisor, employee, api_client_for
):
    api = api_client_for(employee)
    session = signed_in(employee)
    admin = signed_in(supervisor)
    page = admin.get(reverse("org:user_edit", args=[employee.pk])).content.decode()
    assert reverse("org:user_end_sessions", args=[employee.pk]) in page
    response = admin.post(reverse("org:user_end_sessions", args=[employee.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("org:user_edit", args=[employee.pk])
    assert any(m.level_tag == "success" for m in response.context["messages"])
    assert not is_signed_in(session)
    assert api.get("/api/v1/me/").status_code == 401
    assert is_signed_in(admin)
    [event] = AuditEvent.objects.filter(action="org.user_sessions_ended")
    assert event.actor_id == supervisor.pk
    assert event.object_id == str(employee.pk)
    assert event.note == "revoked_tokens=1"
    # The employee signs in again as usual.
    assert is_signed_in(signed_in(User.objects.get(pk=employee.pk)))


def test_ending_sessions_needs_a_supervisor(employee, clerk):
    session = signed_in(clerk)
    response = signed_in(employee).post(reverse("org:user_end_sessions", args=[clerk.pk]))
    assert response.status_code == 403
    assert is_signed_in(session)
    with pytest.raises(PermissionDenied):
        services.user_sessions_end(user=clerk, by=employee)


def test_ending_sessions_is_a_post(supervisor, employee):
    response = signed_in(supervisor).get(reverse("org:user_end_sessions", args=[employee.pk]))
    assert response.status_code == 405


# --- password reset throttle (#13) ----------------------------------------------------------


def test_the_fourth_reset_mail_within_the_hour_is_not_sent_and_the_answer_is_the_same(employee):
    client = Client()
    answers = [
        client.post(reverse("password_reset"), {"email": "employee@example.com"}, follow=True)
        for _attempt in range(4)
    ]
    assert len(mail.outbox) == 3
    first, fourth = answers[0], answers[3]
    assert fourth.redirect_chain == first.redirect_chain
    assert without_csrf(fourth) == without_csrf(first)


def test_the_reset_throttle_counts_the_account_not_the_spelling(employee):
    client = Client()
    for email in ["employee@example.com", "EMPLOYEE@example.com", "Employee@Example.com"]:
        client.post(reverse("password_reset"), {"email": email})
    client.post(
        reverse("password_reset"), {"email": "employee@EXAMPLE.COM"}, REMOTE_ADDR="10.9.9.9"
    )
    assert len(mail.outbox) == 3


def test_the_reset_window_slides(employee):
    from datetime import timedelta

    from zhongshu.org.models import PasswordResetRequest

    client = Client()
    for _attempt in range(3):
        client.post(reverse("password_reset"), {"email": "employee@example.com"})
    PasswordResetRequest.objects.update(
        requested_at=PasswordResetRequest.objects.first().requested_at - timedelta(hours=2)
    )
    client.post(reverse("password_reset"), {"email": "employee@example.com"})
    assert len(mail.outbox) == 4


def test_one_address_cannot_spray_reset_mails_over_many_accounts(make_user, settings):
    limit = services.RESET_REQUESTS_PER_ADDRESS
    for n in range(limit + 2):
        make_user(f"staff{n}", "employee")
    client = Client()
    for n in range(limit + 2):
        response = client.post(reverse("password_reset"), {"email": f"staff{n}@example.com"})
        assert response.status_code == 302
        assert response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == limit
    # A colleague behind another address is not held back.
    Client(REMOTE_ADDR="10.1.2.3").post(
        reverse("password_reset"), {"email": f"staff{limit + 1}@example.com"}
    )
    assert len(mail.outbox) == limit + 1


def test_unknown_addresses_count_against_the_address_too(employee):
    client = Client()
    for n in range(services.RESET_REQUESTS_PER_ADDRESS):
        client.post(reverse("password_reset"), {"email": f"ghost{n}@example.com"})
    client.post(reverse("password_reset"), {"email": "employee@example.com"})
    assert mail.outbox == []


def test_a_sent_reset_mail_is_audited_without_the_link(employee):
    Client().post(reverse("password_reset"), {"email": "employee@example.com"})
    [event] = AuditEvent.objects.filter(action="org.password_reset_mailed")
    assert event.object_id == str(employee.pk)
    assert event.actor_id is None
    assert "127.0.0.1" in event.note
    assert "/password/reset/" not in str(event.after) + event.note


# --- unique e-mail addresses (#13) ----------------------------------------------------------


def test_an_employee_cannot_take_the_supervisors_address_on_the_profile_page(supervisor, employee):
    response = signed_in(employee).post(
        reverse("org:profile_edit"),
        {"name": employee.name, "email": "Supervisor@Example.com", "phone": ""},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    employee.refresh_from_db()
    assert employee.email == "employee@example.com"


def test_the_user_edit_page_refuses_a_duplicate_address_at_the_field(
    supervisor, employee, clerk, company, levels
):
    response = signed_in(supervisor).post(
        reverse("org:user_edit", args=[employee.pk]),
        {
            "name": employee.name,
            "email": "CLERK@example.com",
            "department": company["sales_east"].pk,
            "roles": ["employee"],
            "clearance": levels["internal"].pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    employee.refresh_from_db()
    assert employee.email == "employee@example.com"


def test_the_user_create_page_refuses_a_duplicate_address_at_the_field(
    supervisor, clerk, company, levels
):
    response = signed_in(supervisor).post(
        reverse("org:user_create"),
        {
            "username": "newbie",
            "name": "新人",
            "email": "clerk@EXAMPLE.com",
            "department": company["admin"].pk,
            "roles": ["employee"],
            "clearance": levels["internal"].pk,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert not User.objects.filter(username="newbie").exists()


def test_services_refuse_a_duplicate_address_with_a_field_error(supervisor, employee, clerk):
    with pytest.raises(ServiceError) as refused:
        services.user_update(user=employee, by=supervisor, email=" Clerk@example.com ")
    assert refused.value.field == "email"
    assert refused.value.code == "duplicate_email"
    with pytest.raises(ServiceError):
        services.profile_update(
            user=employee, by=employee, name="X", email="CLERK@example.com", phone=""
        )
    with pytest.raises(ServiceError):
        services.user_create(
            username="dup",
            name="重复",
            email="clerk@example.com",
            department=None,
            roles=[],
            clearance="internal",
            by=supervisor,
        )
    # Keeping one's own address (in another case) is not a duplicate.
    services.profile_update(
        user=employee, by=employee, name="X", email="Employee@Example.com", phone=""
    )


def test_empty_addresses_may_repeat(supervisor, employee, clerk):
    services.user_update(user=employee, by=supervisor, email="")
    services.user_update(user=clerk, by=supervisor, email="")
    assert User.objects.filter(email="").count() == 2


def test_the_database_refuses_a_duplicate_address_in_another_case(employee):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="sneaky", email="EMPLOYEE@example.com")


def test_the_migration_refuses_existing_duplicates_by_name(employee, clerk, make_user):
    from django.apps import apps

    migration = importlib.import_module(
        "zhongshu.org.migrations.0004_user_session_epoch_unique_email"
    )
    make_user("nomail1", "employee", email="")
    make_user("nomail2", "employee", email="")
    migration.refuse_duplicate_emails(apps, None)
    # The data of an install from before the index (the test's transaction restores it).
    with connection.cursor() as cursor:
        cursor.execute("DROP INDEX org_user_email_ci_uniq")
    User.objects.filter(pk=clerk.pk).update(email="EMPLOYEE@example.com")
    with pytest.raises(RuntimeError) as refused:
        migration.refuse_duplicate_emails(apps, None)
    assert "employee@example.com" in str(refused.value)
    assert "clerk" in str(refused.value) and "employee" in str(refused.value)


def test_the_demo_data_has_unique_addresses(db, capsys):
    from zhongshu.org.demo import load_small

    users = load_small()
    emails = [user.email.lower() for user in users.values()]
    assert len(emails) == len(set(emails))


# --- failed sign-ins and lock-outs in the audit chain (#15) ---------------------------------


def test_a_failed_sign_in_is_audited_with_the_username_and_address_not_the_password(employee):
    Client().post(
        reverse("login"),
        {"username": "employee", "password": "Secret-Guess-1"},
        REMOTE_ADDR="10.20.30.40",
    )
    Client().post(reverse("login"), {"username": "nobody", "password": "Secret-Guess-2"})
    rows = list(AuditEvent.objects.filter(action="org.login_failed").order_by("seq"))
    assert [row.after["username"] for row in rows] == ["employee", "nobody"]
    assert rows[0].after["address"] == "10.20.30.40"
    assert rows[0].object_id == str(employee.pk)
    assert rows[1].object_id == ""
    assert rows[0].actor_id is None
    for row in rows:
        assert "Secret-Guess" not in str(row.after) + row.note + str(row.before)


def test_a_failed_api_token_request_is_audited(employee):
    from rest_framework.test import APIClient

    APIClient().post(
        "/api/v1/auth/token/", {"username": "employee", "password": "nope"}, format="json"
    )
    [row] = AuditEvent.objects.filter(action="org.login_failed")
    assert row.after["username"] == "employee"


def test_a_lockout_is_audited_once_and_refused_attempts_do_not_flood_the_chain(settings, employee):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    client = Client()
    for _attempt in range(3):
        client.post(reverse("login"), {"username": "employee", "password": "wrong"})
    for _attempt in range(5):
        response = client.post(reverse("login"), {"username": "employee", "password": "wrong"})
        assert response.status_code == 429
    assert AuditEvent.objects.filter(action="org.login_failed").count() == 3
    [locked] = AuditEvent.objects.filter(action="org.login_locked_out")
    assert locked.after == {"username": "employee", "address": "127.0.0.1"}
    assert locked.object_id == str(employee.pk)


def test_a_successful_sign_in_writes_no_failure(employee):
    response = Client().post(reverse("login"), {"username": "employee", "password": "pw-12345678"})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action__startswith="org.login").exists()
