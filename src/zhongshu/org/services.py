"""Every change to departments and users goes through these functions.

Supervisors (`org.manage_users`) manage the organisation; everybody may edit their own contact
details with `profile_update`. Each function checks permission, validates, writes in one
transaction and records an audit event with the values before and after.
"""

import secrets
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from zhongshu.audit.services import record
from zhongshu.core.errors import ServiceError, ensure
from zhongshu.core.roles import ROLE_CODES, Role

from .models import ClearanceLevel, Department, PasswordResetRequest, User
from .signals import AccessChange, user_access_reduced

MANAGE = "org.manage_users"
DEPARTMENT_FIELDS = ("name", "code", "parent", "head", "order")
USER_FIELDS = ("name", "email", "phone", "department")
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# Password reset mails: at most this many per account, and requests per client address, in any
# sliding window of RESET_WINDOW. An office behind one proxy shares the address limit.
RESET_MAILS_PER_ACCOUNT = 3
RESET_REQUESTS_PER_ADDRESS = 20
RESET_WINDOW = timedelta(hours=1)


def generate_password() -> str:
    """A random password that is easy to read out: 3 groups of 4 unambiguous characters."""
    chars = "".join(secrets.choice(PASSWORD_ALPHABET) for _i in range(12))
    return "-".join(chars[i : i + 4] for i in range(0, 12, 4))


# --- snapshots for the audit log ------------------------------------------------------------


def _department_state(department: Department) -> dict[str, object]:
    return {
        "name": department.name,
        "code": department.code,
        "parent": department.parent_id,
        "head": department.head_id,
        "order": department.order,
        "is_active": department.is_active,
        "path": department.path,
    }


def _user_state(user: User) -> dict[str, object]:
    return {
        "username": user.username,
        "name": user.name,
        "email": user.email,
        "phone": user.phone,
        "department": user.department_id,
        "clearance": user.clearance.code if user.clearance is not None else None,
        "roles": list(user.role_codes),
        "is_active": user.is_active,
    }


def _forget_roles(user: User) -> None:
    user.__dict__.pop("_role_codes", None)
    getattr(user, "_prefetched_objects_cache", {}).pop("groups", None)


# --- validation helpers ---------------------------------------------------------------------


def _clean_text(
    value: str | None,
    *,
    field: str,
    label: str | Promise,
    required: bool = True,
    max_length: int = 100,
) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ServiceError(_("%(field)s is required.") % {"field": label}, field=field)
    if len(value) > max_length:
        raise ServiceError(
            _("%(field)s is too long (at most %(max)d characters).")
            % {"field": label, "max": max_length},
            field=field,
        )
    return value


def _duplicate_email() -> ServiceError:
    return ServiceError(
        _("This e-mail address is already used by another account."),
        code="duplicate_email",
        field="email",
    )


def _email_taken(email: str, *, exclude_pk: int | None) -> bool:
    return bool(email) and User.objects.filter(email__iexact=email).exclude(pk=exclude_pk).exists()


def _clean_email(email: str | None, *, user: User | None = None) -> str:
    """A valid address that no other account holds (case-insensitive); empty is allowed."""
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ServiceError(_("Enter a valid e-mail address."), field="email") from None
        if _email_taken(email, exclude_pk=user.pk if user is not None else None):
            raise _duplicate_email()
    return email


def _save_user(user: User, **kwargs: Any) -> None:
    """Save; two people taking the same address at once meet the unique index, not a 500."""
    try:
        with transaction.atomic():
            user.save(**kwargs)
    except IntegrityError:
        if _email_taken(user.email, exclude_pk=user.pk):
            raise _duplicate_email() from None
        raise


def _clean_department(department: Department | int | None) -> Department | None:
    if department is None:
        return None
    if not isinstance(department, Department):
        department = Department.objects.filter(pk=department).first()
        if department is None:
            raise ServiceError(_("Unknown department."), field="department")
    if not department.is_active:
        raise ServiceError(
            _("The department %(name)s is inactive.") % {"name": department.name},
            field="department",
        )
    return department


def _clean_roles(roles: Iterable[str] | None) -> list[str]:
    codes = sorted(set(roles or []))
    unknown = [code for code in codes if code not in ROLE_CODES]
    if unknown:
        raise ServiceError(
            _("Unknown role: %(codes)s.") % {"codes": ", ".join(unknown)},
            code="unknown_role",
            field="roles",
        )
    return codes


def _clean_clearance(clearance: ClearanceLevel | str | None) -> ClearanceLevel:
    if isinstance(clearance, ClearanceLevel):
        return clearance
    level = ClearanceLevel.objects.filter(code=clearance).first() if clearance else None
    if level is None:
        raise ServiceError(
            _("Unknown clearance level."), code="unknown_clearance", field="clearance"
        )
    return level


def _check_department_code(code: str, *, exclude_pk: int | None = None) -> None:
    clash = Department.objects.filter(code__iexact=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ServiceError(
            _("A department with the code %(code)s already exists.") % {"code": code},
            code="duplicate_code",
            field="code",
        )


def _clean_department_code(code: str | None) -> str:
    code = _clean_text(code, field="code", label=_("Code"), max_length=30)
    if not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in code):
        raise ServiceError(
            _("The code may contain only letters, digits, hyphens and underscores."), field="code"
        )
    return code


def _clean_parent(parent: Department | None) -> Department | None:
    if parent is None:
        return None
    if not parent.is_active:
        raise ServiceError(
            _("The parent department %(name)s is inactive.") % {"name": parent.name},
            field="parent",
        )
    return parent


def _clean_head(head: User | None) -> User | None:
    if head is not None and not head.is_active:
        raise ServiceError(
            _("%(name)s is disabled and cannot head a department.") % {"name": head.display_name},
            field="head",
        )
    return head


# --- departments ----------------------------------------------------------------------------


@transaction.atomic
def department_create(
    *,
    name: str,
    code: str,
    parent: Department | None = None,
    head: User | None = None,
    order: int | None = 0,
    by: User,
) -> Department:
    ensure(by, MANAGE)
    name = _clean_text(name, field="name", label=_("Name"))
    code = _clean_department_code(code)
    _check_department_code(code)
    parent = _clean_parent(parent)
    department = Department.objects.create(
        name=name, code=code, parent=parent, head=_clean_head(head), order=order or 0
    )
    record(
        actor=by,
        action="org.department_created",
        obj=department,
        after=_department_state(department),
    )
    return department


@transaction.atomic
def department_update(*, department: Department, by: User, **fields: Any) -> Department:
    """Change name, code, parent, head or order; a move carries the whole subtree along."""
    ensure(by, MANAGE)
    unknown = set(fields) - set(DEPARTMENT_FIELDS)
    if unknown:
        raise ServiceError(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))},
            code="forbidden_field",
        )
    department = Department.objects.select_for_update().get(pk=department.pk)
    before = _department_state(department)
    if "name" in fields:
        department.name = _clean_text(fields["name"], field="name", label=_("Name"))
    if "code" in fields:
        department.code = _clean_department_code(fields["code"])
        _check_department_code(department.code, exclude_pk=department.pk)
    if "parent" in fields and fields["parent"] != department.parent:
        parent = fields["parent"]
        if parent is not None:
            parent = Department.objects.get(pk=parent.pk)
            if parent.path.startswith(department.path):
                raise ServiceError(
                    _("A department cannot be moved under itself or its own sub-departments."),
                    code="cycle",
                    field="parent",
                )
            _clean_parent(parent)
        department.parent = parent
    if "head" in fields and fields["head"] != department.head:
        department.head = _clean_head(fields["head"])
    if "order" in fields:
        department.order = fields["order"] or 0
    department.save()
    after = _department_state(department)
    if after != before:
        record(
            actor=by, action="org.department_updated", obj=department, before=before, after=after
        )
    return department


@transaction.atomic
def department_deactivate(*, department: Department, by: User) -> Department:
    """Retire a department; refused while people or active sub-departments still belong to it."""
    ensure(by, MANAGE)
    department = Department.objects.select_for_update().get(pk=department.pk)
    if not department.is_active:
        return department
    if department.members.filter(is_active=True).exists():
        raise ServiceError(
            _("The department still has active members; move them to another department first."),
            code="has_members",
        )
    if department.children.filter(is_active=True).exists():
        raise ServiceError(
            _("The department still has active sub-departments; deactivate or move them first."),
            code="has_children",
        )
    before = _department_state(department)
    department.is_active = False
    department.save(update_fields=["is_active"])
    record(
        actor=by,
        action="org.department_deactivated",
        obj=department,
        before=before,
        after=_department_state(department),
    )
    return department


@transaction.atomic
def department_activate(*, department: Department, by: User) -> Department:
    ensure(by, MANAGE)
    department = Department.objects.select_for_update().get(pk=department.pk)
    if department.is_active:
        return department
    parent = department.parent
    if parent is not None and not parent.is_active:
        raise ServiceError(
            _("Reactivate the parent department %(name)s first.") % {"name": parent.name},
            code="parent_inactive",
        )
    before = _department_state(department)
    department.is_active = True
    department.save(update_fields=["is_active"])
    record(
        actor=by,
        action="org.department_activated",
        obj=department,
        before=before,
        after=_department_state(department),
    )
    return department


# --- users ----------------------------------------------------------------------------------


def _validate_username(username: str | None) -> str:
    username = _clean_text(username, field="username", label=_("Username"), max_length=150)
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        raise ServiceError(
            _("The username may contain only letters, digits and @ . + - _."), field="username"
        ) from None
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError(
            _("The username %(username)s is already taken.") % {"username": username},
            code="duplicate_username",
            field="username",
        )
    return username


def _validate_password(password: str, user: User) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise ServiceError(" ".join(exc.messages), code="weak_password", field="password") from None


@transaction.atomic
def user_create(
    *,
    username: str,
    name: str,
    email: str,
    department: Department | int | None,
    roles: Iterable[str],
    clearance: ClearanceLevel | str,
    phone: str = "",
    password: str | None = None,
    by: User,
) -> tuple[User, str | None]:
    """Create a user. Returns the user and, when no password was given, the generated one."""
    ensure(by, MANAGE)
    user = User(
        username=_validate_username(username),
        name=_clean_text(name, field="name", label=_("Full name")),
        email=_clean_email(email),
        phone=_clean_text(phone, field="phone", label=_("Phone"), required=False, max_length=30),
        department=_clean_department(department),
        clearance=_clean_clearance(clearance),
    )
    role_codes = _clean_roles(roles)
    generated = None
    if password:
        _validate_password(password, user)
    else:
        password = generated = generate_password()
    user.set_password(password)
    _save_user(user)
    user.groups.set(Group.objects.filter(name__in=role_codes))
    _forget_roles(user)
    record(actor=by, action="org.user_created", obj=user, after=_user_state(user))
    return user, generated


def _locked_user(user: User) -> User:
    return User.objects.select_for_update(of=("self",)).select_related("clearance").get(pk=user.pk)


def _end_access(user: User, change: AccessChange) -> int:
    """End the user's web sessions and announce it; the apps holding credentials end theirs.

    Sessions: the bumped epoch changes the session auth hash, so every session signed with the
    old one is flushed on its next request. Other credentials (the API's bearer tokens) are
    ended by the receivers of `user_access_reduced`. `user` must be locked (`_locked_user`).
    Returns how many such credentials were ended, for the audit note.
    """
    user.session_epoch += 1
    user.save(update_fields=["session_epoch"])
    # Typed loosely: django-stubs declares the replies as strings.
    replies: Sequence[tuple[object, object]] = user_access_reduced.send(
        sender=User, user=user, change=change
    )
    return sum(reply for _receiver, reply in replies if isinstance(reply, int))


def _update_fields(user: User, fields: dict[str, Any], *, by: User) -> None:
    before = _user_state(user)
    if "name" in fields:
        user.name = _clean_text(fields["name"], field="name", label=_("Full name"))
    if "email" in fields:
        user.email = _clean_email(fields["email"], user=user)
    if "phone" in fields:
        user.phone = _clean_text(
            fields["phone"], field="phone", label=_("Phone"), required=False, max_length=30
        )
    if "department" in fields and fields["department"] != user.department:
        user.department = _clean_department(fields["department"])
    _save_user(user)
    after = _user_state(user)
    if after != before:
        record(actor=by, action="org.user_updated", obj=user, before=before, after=after)


def _update_roles(user: User, role_codes: list[str], *, by: User) -> None:
    before = _user_state(user)
    user.groups.set(Group.objects.filter(name__in=role_codes))
    _forget_roles(user)
    after = _user_state(user)
    if after != before:
        record(actor=by, action="org.user_roles_changed", obj=user, before=before, after=after)


def _update_clearance(user: User, level: ClearanceLevel, *, by: User) -> None:
    """A raised level applies on the user's next request (it is read from the database each
    time); a lowered one also ends their sessions and tokens, which may hold what the old level
    let them open (an API client's cache, a page left open)."""
    before = _user_state(user)
    lowered = user.clearance is not None and level.rank < user.clearance.rank
    user.clearance = level
    user.save(update_fields=["clearance"])
    revoked = _end_access(user, AccessChange.CLEARANCE_LOWERED) if lowered else 0
    record(
        actor=by,
        action="org.user_clearance_changed",
        obj=user,
        before=before,
        after=_user_state(user),
        note=f"revoked_tokens={revoked}" if lowered else "",
    )


@transaction.atomic
def user_update(
    *,
    user: User,
    by: User,
    roles: Iterable[str] | None = None,
    clearance: ClearanceLevel | str | None = None,
    **fields: Any,
) -> User:
    """Change name, e-mail, phone or department and, when given, roles and clearance: all or none.

    The user edit page and `PATCH /api/v1/org/users/{id}/` both call this. Each part that
    changes is audited as its own event (`org.user_updated`, `org.user_roles_changed`,
    `org.user_clearance_changed`).
    """
    ensure(by, MANAGE)
    forbidden = set(fields) - set(USER_FIELDS)
    if forbidden:
        raise ServiceError(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(forbidden))},
            code="forbidden_field",
        )
    role_codes = _clean_roles(roles) if roles is not None else None
    level = _clean_clearance(clearance) if clearance is not None else None
    if role_codes is not None and user.pk == by.pk and Role.SUPERVISOR not in role_codes:
        raise ServiceError(
            _("You cannot remove your own supervisor role."), code="lockout", field="roles"
        )
    user = _locked_user(user)
    if fields:
        _update_fields(user, fields, by=by)
    if role_codes is not None and role_codes != user.role_codes:
        _update_roles(user, role_codes, by=by)
    if level is not None and level.pk != user.clearance_id:
        _update_clearance(user, level, by=by)
    return user


def user_set_roles(*, user: User, roles: Iterable[str] | None, by: User) -> User:
    """Replace the user's roles (no roles given: none)."""
    return user_update(user=user, by=by, roles=list(roles or []))


def user_set_clearance(*, user: User, clearance: ClearanceLevel | str | None, by: User) -> User:
    ensure(by, MANAGE)
    return user_update(user=user, by=by, clearance=_clean_clearance(clearance))


@transaction.atomic
def user_disable(*, user: User, by: User) -> User:
    """Disable a user: their sessions end (for good: enabling them again does not revive them)
    and their API tokens are revoked."""
    ensure(by, MANAGE)
    if user.pk == by.pk:
        raise ServiceError(_("You cannot disable your own account."), code="lockout")
    user = _locked_user(user)
    if not user.is_active:
        return user
    before = _user_state(user)
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoked = _end_access(user, AccessChange.DISABLED)
    record(
        actor=by,
        action="org.user_disabled",
        obj=user,
        before=before,
        after=_user_state(user),
        note=f"revoked_tokens={revoked}",
    )
    return user


@transaction.atomic
def user_enable(*, user: User, by: User) -> User:
    """Let a disabled user sign in again; their sessions from before stay ended (the epoch
    bumped when they were disabled)."""
    ensure(by, MANAGE)
    user = _locked_user(user)
    if user.is_active:
        return user
    before = _user_state(user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(actor=by, action="org.user_enabled", obj=user, before=before, after=_user_state(user))
    return user


@transaction.atomic
def user_reset_password(*, user: User, by: User) -> str:
    """Set a new random password and return it (shown once).

    The user's sessions end and their API tokens are revoked, so whoever knew the old password
    is locked out.
    """
    ensure(by, MANAGE)
    user = _locked_user(user)
    password = generate_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    revoked = _end_access(user, AccessChange.PASSWORD_RESET)
    record(actor=by, action="org.user_password_reset", obj=user, note=f"revoked_tokens={revoked}")
    return password


@transaction.atomic
def profile_update(*, user: User, by: User, name: str, email: str, phone: str) -> User:
    """Self-service: people change their own name, e-mail and phone, nothing else."""
    if not by.is_authenticated or not by.is_active or user.pk != by.pk:
        raise PermissionDenied(_("You can only edit your own profile."))
    user = _locked_user(user)
    before = _user_state(user)
    user.name = _clean_text(name, field="name", label=_("Full name"))
    user.email = _clean_email(email, user=user)
    user.phone = _clean_text(phone, field="phone", label=_("Phone"), required=False, max_length=30)
    _save_user(user, update_fields=["name", "email", "phone"])
    after = _user_state(user)
    if after != before:
        record(actor=by, action="org.profile_updated", obj=user, before=before, after=after)
    return user


# --- credentials: passwords, sessions, reset mails ------------------------------------------


@transaction.atomic
def user_sessions_end(*, user: User, by: User) -> User:
    """Sign a user out everywhere: every web session and every API token ends at once.

    For a lost phone or a shared computer; the user signs in again as usual.
    """
    ensure(by, MANAGE)
    user = _locked_user(user)
    revoked = _end_access(user, AccessChange.SESSIONS_ENDED)
    record(actor=by, action="org.user_sessions_ended", obj=user, note=f"revoked_tokens={revoked}")
    return user


@transaction.atomic
def password_change(*, user: User, password: str, by: User) -> User:
    """Self-service: the signed-in user sets a new password (the caller checked the old one).

    Every session and API token of the user ends; the returned user carries the new session
    hash, so the page that made the change keeps its own session (`update_session_auth_hash`).
    """
    if not by.is_authenticated or not by.is_active or user.pk != by.pk:
        raise PermissionDenied(_("You can only change your own password."))
    user = _locked_user(user)
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    revoked = _end_access(user, AccessChange.PASSWORD_CHANGED)
    record(actor=by, action="org.password_changed", obj=user, note=f"revoked_tokens={revoked}")
    return user


@transaction.atomic
def password_reset_complete(*, user: User, password: str) -> User:
    """Set the password chosen through an e-mailed reset link (the caller checked its token).

    Whoever signed in with the old password is signed out: every session and token ends.
    """
    user = _locked_user(user)
    _validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    revoked = _end_access(user, AccessChange.PASSWORD_RESET)
    record(
        actor=user,
        action="org.password_reset_by_email",
        obj=user,
        note=f"revoked_tokens={revoked}",
    )
    return user


@transaction.atomic
def password_reset_recipients(*, email: str, address: str | None) -> list[User]:
    """Who gets a reset mail for `email`, within the throttle; the request is counted.

    At most RESET_MAILS_PER_ACCOUNT mails per account and RESET_REQUESTS_PER_ADDRESS requests
    per client address in any window of RESET_WINDOW. The page answers the same whatever this
    returns, so nobody learns whether an address has an account or was throttled. A request
    refused for its address is not stored, so a flood cannot grow the table.
    """
    now = timezone.now()
    since = now - RESET_WINDOW
    PasswordResetRequest.objects.filter(requested_at__lt=since).delete()
    recent = PasswordResetRequest.objects.filter(requested_at__gte=since)
    if address and recent.filter(address=address).count() >= RESET_REQUESTS_PER_ADDRESS:
        return []
    email = (email or "").strip()
    user = (
        User.objects.select_for_update(of=("self",))
        .filter(email__iexact=email, is_active=True)
        .exclude(email="")
        .first()
    )
    if user is not None and not user.has_usable_password():
        user = None
    mailed = (
        user is not None and recent.filter(user=user, mailed=True).count() < RESET_MAILS_PER_ACCOUNT
    )
    PasswordResetRequest.objects.create(requested_at=now, address=address, user=user, mailed=mailed)
    if user is None or not mailed:
        return []
    record(actor=None, action="org.password_reset_mailed", obj=user, note=f"address={address}")
    return [user]
