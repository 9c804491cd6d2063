"""Signals the org app sends; apps above it subscribe in their AppConfig.ready().

org sits below the apps that hold credentials (the API's bearer tokens), so it cannot revoke
them itself: it announces the change and the holder acts, inside the same transaction. org ends
the web sessions itself (the session epoch, see `User.get_session_auth_hash`).
"""

from enum import StrEnum

from django.dispatch import Signal


class AccessChange(StrEnum):
    """Why a user's access was reduced."""

    DISABLED = "disabled"
    PASSWORD_RESET = "password_reset"
    PASSWORD_CHANGED = "password_changed"
    CLEARANCE_LOWERED = "clearance_lowered"
    SESSIONS_ENDED = "sessions_ended"


# Sent with `user` and `change` (an AccessChange) inside the transaction that made the change.
# Every change ends all the user's credentials at once (DESIGN.md, "Credentials change, access
# ends"): a receiver ends those it holds for that user and returns how many it ended.
user_access_reduced = Signal()
