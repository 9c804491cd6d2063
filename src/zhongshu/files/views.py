"""Download and upload of attachments; both ask the owner's registered policy."""

import re
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.errors import ServiceError

from .checks import max_upload_bytes
from .models import Attachment
from .registry import can_attach, can_view, policy_for_label
from .services import attachment_create, attachment_download, attachments_for

# Served with their own type (still as a download); everything else is application/octet-stream.
SAFE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif"}
_UNSAFE_IN_NAME = re.compile(r'[\x00-\x1f\x7f"\\/;]')


def content_disposition(name: str) -> str:
    """`attachment` with a plain filename for ASCII names and RFC 5987 filename* otherwise."""
    name = _UNSAFE_IN_NAME.sub("_", name).strip() or "download"
    if name.isascii():
        return f'attachment; filename="{name}"'
    ext = name.rsplit(".", 1)[-1] if "." in name else ""
    fallback = f"download.{ext}" if ext.isascii() and ext.isalnum() else "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@login_required
def download(request, pk):
    attachment = Attachment.objects.filter(pk=pk).select_related("owner_type").first()
    owner = attachment.owner if attachment else None
    if owner is None or not can_view(request.user, owner):
        raise Http404
    try:
        chunks = attachment_download(attachment=attachment, by=request.user)
    except ServiceError as error:
        return render(
            request,
            "files/unreadable.html",
            {"attachment": attachment, "message": error.detail},
            status=error.status,
        )
    content_type = (
        attachment.mime_type if attachment.mime_type in SAFE_TYPES else "application/octet-stream"
    )
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    response["Content-Length"] = str(attachment.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


def attachments_context(*, owner, user, error: str = "") -> dict:
    """What `files/_attachments.html` needs; shared by the template tag and the upload view."""
    return {
        "owner": owner,
        "owner_label": owner._meta.label_lower,
        "attachments": list(attachments_for(owner, user)),
        "can_attach": can_attach(user, owner),
        "max_upload_mb": max_upload_bytes() // (1024 * 1024),
        "error": error,
    }


def _owner_or_404(user, label: str, owner_id: str):
    policy = policy_for_label(label)
    if policy is None or not owner_id:
        raise Http404
    try:
        owner = policy.model._default_manager.filter(pk=owner_id).first()
    except (ValueError, ValidationError):
        owner = None
    if owner is None or not can_view(user, owner):
        raise Http404
    return owner


@login_required
@require_POST
def upload(request):
    """Add a file to an owner; answers the refreshed attachment list (htmx) or redirects back."""
    owner = _owner_or_404(
        request.user, request.POST.get("owner_type", ""), request.POST.get("owner_id", "")
    )
    upload_file = request.FILES.get("file")
    error = ""
    if upload_file is None:
        error = _("Choose a file to upload.")
    else:
        try:
            attachment_create(
                owner=owner,
                upload=upload_file,
                by=request.user,
                kind=request.POST.get("kind", ""),
            )
        except ServiceError as exc:
            error = str(exc.detail)
    if request.htmx:
        context = attachments_context(owner=owner, user=request.user, error=error)
        context["next_url"] = request.POST.get("next", "")
        return render(request, "files/_attachments.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The file has been uploaded."))
    target = request.POST.get("next") or request.headers.get("referer", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "dashboard"
    return redirect(target)
