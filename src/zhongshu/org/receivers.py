"""Failed sign-ins and lock-outs go into the audit chain (the username tried and the client's
address; never the password).

Importing `axes.signals` connects django-axes's own `user_login_failed` receiver before ours, so
by the time ours runs axes has counted the attempt: `request.axes_locked_out` then says whether
this request is locked out, and `request.axes_failures_since_start` how many failures it has.
While a lock-out lasts, every further attempt is refused without a password check; those are
not written one by one (a flood would otherwise serialise every writer on the audit head): the
lock-out itself is recorded once, when the failure that caused it is counted.
"""

from axes.helpers import get_client_ip_address, get_failure_limit
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed

from zhongshu.audit.services import record

from .models import User

USERNAME_MAX = 150


def _attempt(request, username: object) -> tuple[User | None, dict[str, str | None]]:
    name = str(username or "")[:USERNAME_MAX]
    address = getattr(request, "axes_ip_address", None)
    if address is None and request is not None:
        address = get_client_ip_address(request)
    user = User.objects.filter(username=name).first() if name else None
    return user, {"username": name, "address": address}


def _the_failure_that_locked(request) -> bool:
    credentials = getattr(request, "axes_credentials", None)
    return getattr(request, "axes_failures_since_start", None) == get_failure_limit(
        request, credentials
    )


def login_failed(sender, credentials=None, request=None, **kwargs) -> None:
    if getattr(request, "axes_locked_out", False) and not _the_failure_that_locked(request):
        return
    user, attempt = _attempt(request, (credentials or {}).get(User.USERNAME_FIELD))
    record(actor=None, action="org.login_failed", obj=user, after=attempt)


def locked_out(sender, request=None, username=None, **kwargs) -> None:
    if not _the_failure_that_locked(request):
        return
    user, attempt = _attempt(request, username)
    record(actor=None, action="org.login_locked_out", obj=user, after=attempt)


def connect() -> None:
    user_login_failed.connect(login_failed, dispatch_uid="org.audit_login_failed")
    user_locked_out.connect(locked_out, dispatch_uid="org.audit_locked_out")
