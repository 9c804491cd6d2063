"""The one door to the notices app.

`notify` writes the in-app rows inside the caller's transaction (a rollback leaves none) and
itself defers e-mail and webhooks until the commit.
"""

from typing import Any


def send_notice(**kwargs: Any) -> None:
    from zhongshu.notices.services import notify

    notify(**kwargs)
