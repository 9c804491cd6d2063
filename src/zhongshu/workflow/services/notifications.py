"""The one door to the notices app.

`notify` writes the in-app rows inside the caller's transaction (a rollback leaves none) and
itself defers e-mail and webhooks until the commit.
"""


def send_notice(**kwargs) -> None:
    from zhongshu.notices.services import notify

    notify(**kwargs)
