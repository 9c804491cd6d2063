"""Signals the org app sends; apps above it subscribe in their AppConfig.ready().

org sits below the apps that hold credentials (the API's bearer tokens), so it cannot revoke
them itself: it announces the change and the holder acts, inside the same transaction.
"""

from enum import StrEnum

from django.dispatch import Signal


class AccessChange(StrEnum):
    """Why a user's access was reduced."""

    DISABLED = "disabled"
    PASSWORD_RESET = "password_reset"
    CLEARANCE_LOWERED = "clearance_lowered"


# Sent with `user` and `change` (an AccessChange) inside the transaction that made the change.
# A receiver ends whatever the change makes unsafe among the credentials it holds for that user
# and returns how many it ended.
user_access_reduced = Signal()
