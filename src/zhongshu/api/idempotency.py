"""`Idempotency-Key` on API POSTs: a retried request does not run twice.

A signed-in caller may send `Idempotency-Key: <1–255 visible ASCII characters>` with any POST.
- The first request with a key claims it (a unique row in the database) and runs.
- A repeat with the same key, route and body, within `IDEMPOTENCY_TTL`, does not run: it gets
  the first answer again (status and body), marked `Idempotent-Replayed: true`.
- The same key with another route or body: 409 `idempotency_key_reused`.
- The same key while the first request still runs: 409 `request_in_progress`.
Only successful (2xx) answers are kept; after a refusal or an error the key is free again, so
the corrected request can be sent with it. Keys belong to their user; rows older than the TTL
are purged hourly (`api.tasks.purge_idempotency_keys`).

Two pieces, because DRF offers no single hook around every view: `IdempotencyGate`, a DRF
throttle (settings `DEFAULT_THROTTLE_CLASSES`), runs after authentication and parsing and before
the view, so it knows the user and the parsed body; `IdempotencyMiddleware` sees the rendered
answer and keeps or releases the claim.
"""

import hashlib
import json
import re
from datetime import timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import BaseThrottle

from zhongshu.core.errors import Conflict, ServiceError

from .models import IdempotencyKey

HEADER = "Idempotency-Key"
IDEMPOTENCY_TTL = timedelta(hours=24)
# Answers larger than this are not kept (no POST of the API answers with so much).
MAX_KEPT_BODY = 1024 * 1024
KEY_PATTERN = re.compile(r"[\x21-\x7e]{1,255}")


class Replay(Exception):
    """The request was answered before: `api.errors.exception_handler` answers it again."""

    def __init__(self, claim: IdempotencyKey):
        super().__init__(claim.key)
        self.claim = claim

    def response(self) -> HttpResponse:
        response = HttpResponse(
            bytes(self.claim.body),
            status=self.claim.status_code,
            content_type=self.claim.content_type or None,
        )
        response["Idempotent-Replayed"] = "true"
        return response


def _value(value):
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return {"file": value.name, "size": value.size, "sha256": digest.hexdigest()}
    return value


def fingerprint(request) -> str:
    """A digest of what the request asks: its query string and its parsed body (files by
    content), independent of key order and of a multipart boundary."""
    data = request.data
    if isinstance(data, QueryDict):
        body = sorted([key, [_value(value) for value in values]] for key, values in data.lists())
    else:
        body = data
    query = sorted(request.query_params.lists())
    text = json.dumps([query, body], sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def claim_key(*, user, key: str, route: str, digest: str) -> IdempotencyKey:
    """Claim `key` for this request, or raise: `Replay` (answered before) or `Conflict`."""
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return IdempotencyKey.objects.create(
                    user=user, key=key, route=route, fingerprint=digest
                )
        except IntegrityError:
            existing = IdempotencyKey.objects.filter(user=user, key=key).first()
        if existing is None:
            continue
        if existing.created_at < timezone.now() - IDEMPOTENCY_TTL:
            IdempotencyKey.objects.filter(pk=existing.pk).delete()
            continue
        if existing.route != route or existing.fingerprint != digest:
            raise Conflict(
                _("This Idempotency-Key was used for another request."),
                code="idempotency_key_reused",
                field="Idempotency-Key",
            )
        if existing.status_code is None:
            break
        raise Replay(existing)
    raise Conflict(
        _("A request with this Idempotency-Key is still running."), code="request_in_progress"
    )


class IdempotencyGate(BaseThrottle):
    """Claims the request's Idempotency-Key before the view runs (POSTs of signed-in users)."""

    def allow_request(self, request, view) -> bool:
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST" or not request.user.is_authenticated:
            return True
        if not KEY_PATTERN.fullmatch(key):
            raise ServiceError(
                _("An Idempotency-Key is 1 to 255 visible ASCII characters."), field=HEADER
            )
        request._request.idempotency_claim = claim_key(
            user=request.user,
            key=key,
            route=f"{request.method} {request.path}",
            digest=fingerprint(request),
        )
        return True


def keep_or_release(claim: IdempotencyKey, response) -> None:
    """Keep a successful answer for replay; otherwise free the key."""
    keep = (
        200 <= response.status_code < 300
        and not response.streaming
        and len(response.content) <= MAX_KEPT_BODY
    )
    if keep:
        IdempotencyKey.objects.filter(pk=claim.pk).update(
            status_code=response.status_code,
            content_type=response.get("Content-Type", ""),
            body=response.content,
        )
    else:
        IdempotencyKey.objects.filter(pk=claim.pk).delete()


class IdempotencyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        claim = getattr(request, "idempotency_claim", None)
        if claim is not None:
            keep_or_release(claim, response)
        return response


def purge_expired() -> int:
    """Delete the claims older than the TTL; returns how many."""
    deleted, _by_model = IdempotencyKey.objects.filter(
        created_at__lt=timezone.now() - IDEMPOTENCY_TTL
    ).delete()
    return deleted
