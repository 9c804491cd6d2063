"""Pages of outgoing documents (发文): list, draft, detail with review / sign-off / issue."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.web import form_errors_as_messages, list_page, run_service
from zhongshu.org.models import ClearanceLevel

from .. import services
from ..filters import OutgoingFilter
from ..forms import (
    ArchiveForm,
    DeclassifyForm,
    OutgoingForm,
    OutgoingReviewForm,
    OutgoingSignForm,
)
from ..models import ArchiveRecord, OutgoingCopy, OutgoingDocument, OutgoingStatus


def _visible(user, pk):
    return get_object_or_404(
        OutgoingDocument.objects.visible_to(user).select_related("drafted_by", "signer", "level"),
        pk=pk,
    )


def _outgoing_form(request, initial):
    """The draft form, offering the levels (密级) up to the user's own clearance."""
    form = OutgoingForm(request.POST or None, initial=initial)
    form.fields["level"].queryset = ClearanceLevel.objects.filter(
        rank__lte=request.user.clearance_rank
    )
    return form


@login_required
def outgoing_list(request):
    queryset = OutgoingDocument.objects.visible_to(request.user).select_related(
        "drafted_by", "level"
    )
    context = list_page(request, queryset, filterset_class=OutgoingFilter)
    context["can_draft"] = request.user.has_perm("documents.draft_outgoing")
    return render(request, "documents/outgoing_list.html", context)


def _save(request, form, outgoing=None):
    """Create the draft (or revise `outgoing`) and send it to review; None when refused (the
    reason is on the form)."""
    data = dict(form.cleaned_data)
    template = data.pop("template")
    recipients = data.pop("recipients")
    if not data["body"]:
        data.pop("body")  # the template's text (the form requires one or the other)
    if data["level"] is None:
        data.pop("level")  # not sent: the service's default (内部), or the draft's own

    def save():
        if outgoing is None:
            return services.outgoing_create(
                by=request.user, template=template, recipients=recipients, **data
            )
        if template is not None:
            data.setdefault("body", template.body)
        return services.outgoing_resubmit(
            outgoing=outgoing, by=request.user, recipients=recipients, **data
        )

    return run_service(request, save, form=form, success=_("The draft was sent for review."))


@login_required
def outgoing_create(request):
    if not request.user.has_perm("documents.draft_outgoing"):
        raise PermissionDenied
    form = _outgoing_form(
        request, {"level": ClearanceLevel.objects.filter(code="internal").first()}
    )
    if request.method == "POST" and form.is_valid():
        outgoing = _save(request, form)
        if outgoing is not None:
            return redirect("documents:outgoing_detail", pk=outgoing.pk)
    return render(request, "documents/outgoing_form.html", {"form": form})


@login_required
def outgoing_edit(request, pk):
    """The drafter revises a returned draft and sends it to review again."""
    outgoing = _visible(request.user, pk)
    if outgoing.drafted_by_id != request.user.pk or outgoing.status != OutgoingStatus.DRAFT:
        raise PermissionDenied
    initial = {
        "title": outgoing.title,
        "kind": outgoing.kind,
        "urgency": outgoing.urgency,
        "body": outgoing.body,
        "main_to": outgoing.main_to,
        "cc": outgoing.cc,
        "copies": outgoing.copies,
        "level": outgoing.level,
        "secrecy_years": outgoing.secrecy_years,
        "recipients": list(outgoing.recipients.all()),
    }
    form = _outgoing_form(request, initial)
    if request.method == "POST" and form.is_valid() and _save(request, form, outgoing):
        return redirect("documents:outgoing_detail", pk=outgoing.pk)
    return render(request, "documents/outgoing_form.html", {"form": form, "outgoing": outgoing})


@login_required
def outgoing_detail(request, pk):
    outgoing = _visible(request.user, pk)
    user = request.user
    return render(
        request,
        "documents/outgoing_detail.html",
        {
            "outgoing": outgoing,
            "recipients": outgoing.recipients.all(),
            "can_review": outgoing.status == OutgoingStatus.REVIEWING
            and user.has_perm("documents.review_outgoing", outgoing),
            "can_sign": outgoing.status == OutgoingStatus.SIGNING
            and user.has_perm("documents.sign_outgoing", outgoing),
            "can_issue": outgoing.status == OutgoingStatus.SIGNED
            and user.has_perm("documents.issue_outgoing", outgoing),
            "can_edit": outgoing.status == OutgoingStatus.DRAFT
            and outgoing.drafted_by_id == user.pk,
            "can_archive": outgoing.status == OutgoingStatus.ISSUED
            and user.has_perm("documents.archive_outgoing", outgoing),
            "can_declassify": outgoing.is_classified
            and outgoing.secrecy_until is not None
            and user.has_perm("documents.declassify_outgoing", outgoing),
            "declassify_form": DeclassifyForm(),
            "archive": ArchiveRecord.objects.filter(outgoing=outgoing).first(),
            "copy_register": outgoing.copy_register.all(),
            "my_unread_copy": OutgoingCopy.objects.distributed_to(user)
            .filter(outgoing=outgoing, read_at=None)
            .first(),
            "archive_form": ArchiveForm(),
            "review_form": OutgoingReviewForm(),
            "sign_form": OutgoingSignForm(),
        },
    )


@login_required
@require_POST
def outgoing_review(request, pk):
    outgoing = _visible(request.user, pk)
    form = OutgoingReviewForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.outgoing_review(
                outgoing=outgoing,
                decision=request.POST.get("decision", ""),
                signer=form.cleaned_data["signer"],
                note=form.cleaned_data["note"],
                by=request.user,
            ),
            success=_("The review was saved."),
        )
    else:
        form_errors_as_messages(request, form)
    return redirect("documents:outgoing_detail", pk=outgoing.pk)


@login_required
@require_POST
def outgoing_sign_off(request, pk):
    outgoing = _visible(request.user, pk)
    form = OutgoingSignForm(request.POST)
    form.is_valid()
    run_service(
        request,
        lambda: services.outgoing_sign_off(
            outgoing=outgoing,
            decision=request.POST.get("decision", ""),
            note=form.cleaned_data.get("note", ""),
            by=request.user,
        ),
        success=_("Your decision was saved."),
    )
    return redirect("documents:outgoing_detail", pk=outgoing.pk)


@login_required
@require_POST
def outgoing_issue(request, pk):
    outgoing = _visible(request.user, pk)
    run_service(
        request,
        lambda: services.outgoing_issue(outgoing=outgoing, by=request.user),
        success=_("The document was numbered and distributed."),
    )
    return redirect("documents:outgoing_detail", pk=outgoing.pk)


@login_required
@require_POST
def outgoing_archive(request, pk):
    outgoing = _visible(request.user, pk)
    form = ArchiveForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.outgoing_archive(
                outgoing=outgoing, by=request.user, **form.cleaned_data
            ),
            success=_("The document was archived."),
        )
    else:
        form_errors_as_messages(request, form)
    return redirect("documents:outgoing_detail", pk=outgoing.pk)


@login_required
@require_POST
def outgoing_acknowledge(request, pk):
    outgoing = _visible(request.user, pk)
    run_service(
        request,
        lambda: services.outgoing_acknowledge(outgoing=outgoing, by=request.user),
        success=_("Marked as read."),
    )
    return redirect("documents:outgoing_detail", pk=outgoing.pk)


@login_required
@require_POST
def outgoing_declassify(request, pk):
    """解密 review of a classified document: declassify it, or extend its secrecy term."""
    outgoing = _visible(request.user, pk)
    form = DeclassifyForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.outgoing_declassify_review(
                outgoing=outgoing,
                decision=form.cleaned_data["decision"],
                extend_years=form.cleaned_data["extend_years"],
                by=request.user,
            ),
            success=_("The review was saved."),
        )
    else:
        form_errors_as_messages(request, form)
    return redirect("documents:outgoing_detail", pk=outgoing.pk)
