"""How the API app answers org's signals."""

from django.utils import timezone

from zhongshu.org.signals import AccessChange

from .models import ApiToken


def revoke_tokens(sender, *, user, change, **kwargs) -> int:
    """End every token of a disabled user or of one whose password was reset.

    A lowered clearance leaves the tokens alone: each request reads the level from the database,
    so the token's very next request already sees the lower one.
    """
    if change == AccessChange.CLEARANCE_LOWERED:
        return 0
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
