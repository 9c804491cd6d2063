"""How the API app answers org's signals."""

from django.utils import timezone

from .models import ApiToken


def revoke_tokens(sender, *, user, change, **kwargs) -> int:
    """End every token of a user whose access was reduced, whatever the change.

    A token may carry what the old access allowed (a client's cache, a script acting for a
    disabled person, a leaked old password), so it is never kept: the user asks for a new one.
    """
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
