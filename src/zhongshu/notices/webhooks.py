"""Group-chat robot webhooks (DingTalk, Feishu, WeCom): build the payload, post it, log failures.

Only the notification title and a link to Zhongshu are ever sent: the body may be confidential,
and the text is sent as plain text, so no robot renders or fetches anything found in it.
"""

import json
import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5
KINDS = ("dingtalk", "feishu", "wecom")


def build_payload(kind: str, text: str) -> dict:
    """The JSON body a robot of `kind` expects for a plain-text message."""
    if kind in ("dingtalk", "wecom"):
        return {"msgtype": "text", "text": {"content": text}}
    if kind == "feishu":
        return {"msg_type": "text", "content": {"text": text}}
    raise ValueError(f"unknown webhook kind: {kind!r}")


def configured() -> dict[str, str]:
    """The robots of settings.NOTICES_WEBHOOKS with a known kind and an http(s) URL; any other
    entry is logged and ignored."""
    robots = {}
    for kind, url in (getattr(settings, "NOTICES_WEBHOOKS", None) or {}).items():
        if kind not in KINDS:
            logger.warning("NOTICES_WEBHOOKS: unknown robot kind %r ignored", kind)
        elif urlsplit(url).scheme not in ("http", "https"):
            logger.warning("NOTICES_WEBHOOKS: %s URL must be http(s); ignored", kind)
        else:
            robots[kind] = url
    return robots


def post(url: str, payload: dict) -> bool:
    """POST `payload` as JSON to `url`; True on a 2xx answer. Errors are logged, never raised."""
    if urlsplit(url).scheme not in ("http", "https"):
        logger.warning("webhook URL must be http(s)")
        return False
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            status = response.status
            answer = response.read(65536)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        logger.warning("webhook to %s failed: %s", urlsplit(url).netloc, exc)
        return False
    if not 200 <= status < 300:
        logger.warning("webhook to %s answered HTTP %s", urlsplit(url).netloc, status)
        return False
    error = _robot_error(answer)
    if error:
        logger.warning("webhook to %s refused the message: %s", urlsplit(url).netloc, error)
        return False
    return True


def _robot_error(answer: bytes) -> str:
    """The robots answer HTTP 200 with `{"errcode": n}` (DingTalk, WeCom) or `{"code": n}`
    (Feishu) when they refuse a message (bad keyword, rate limit); "" when it was accepted."""
    try:
        data = json.loads(answer.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if not isinstance(data, dict):
        return ""
    code = data.get("errcode", data.get("code", 0))
    if code in (0, None):
        return ""
    return f"{code} {data.get('errmsg') or data.get('msg') or ''}".strip()


def send(kind: str, text: str) -> bool:
    """Send `text` to the configured robot of `kind`; False when it is not configured or fails."""
    url = configured().get(kind)
    if not url:
        return False
    return post(url, build_payload(kind, text))
