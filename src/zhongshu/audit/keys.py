"""The audit chain's secret keys (AUDIT_KEYS), kept outside the database.

Each event's link is an HMAC-SHA256 under the active key, so someone who can write the database
but does not hold the key cannot append or re-hash events that `zhongshu audit verify` accepts.
Old keys stay listed after the active one: events keep the id of the key they were sealed with.
"""

from django.conf import settings

from zhongshu.core.keys import parse_keys


def audit_keys() -> dict[str, bytes]:
    """The configured keys by id, the active one first."""
    return dict(parse_keys(settings.AUDIT_KEYS, "AUDIT_KEYS"))


def active_key() -> tuple[str, bytes]:
    return next(iter(audit_keys().items()))
