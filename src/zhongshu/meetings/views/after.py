"""After the meeting: minutes, action items and their progress, weekly report, statistics."""

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.core.web import form_errors_as_messages, int_param, run_service

from .. import services
from ..forms import ActionForm, MinutesForm, ProgressForm
from ..models import EDITABLE_MINUTES, ActionItem, Meeting, Minutes, MinutesStatus
from .common import visible_meeting

MINUTES_STEPS = ("submit", "approve", "return", "publish")


def can_open_minutes(user, meeting: Meeting, record: Minutes | None) -> bool:
    """Writers (organiser, office) and the reviewing host at any step; everyone who sees the
    meeting once the minutes are published. The minutes page and its button both ask this."""
    return (
        user.has_perm("meetings.write_minutes", meeting)
        or user.has_perm("meetings.review_minutes", meeting)
        or (record is not None and record.status == MinutesStatus.PUBLISHED)
    )


@login_required
def minutes(request, pk):
    """Write (organiser, office), review (host) or read (attendees, once published)."""
    meeting = visible_meeting(request.user, pk)
    record = Minutes.objects.filter(meeting=meeting).first()
    if not can_open_minutes(request.user, meeting, record):
        raise Http404
    can_write = request.user.has_perm("meetings.write_minutes", meeting)
    can_review = request.user.has_perm("meetings.review_minutes", meeting)
    status = record.status if record else MinutesStatus.DRAFT
    editable = can_write and status in EDITABLE_MINUTES
    form = None
    if editable:
        initial = {"body": record.body, "decisions": record.decisions} if record else None
        form = MinutesForm(request.POST or None, initial=initial)
        if request.method == "POST" and form.is_valid():
            saved = run_service(
                request,
                lambda: services.minutes_save(
                    meeting=meeting, by=request.user, **form.cleaned_data
                ),
                form=form,
                success=_("Minutes saved."),
            )
            if saved is not None:
                return redirect("meetings:minutes", pk=meeting.pk)
    elif request.method == "POST":
        raise PermissionDenied
    context = {
        "meeting": meeting,
        "record": record,
        "status": status,
        "form": form,
        "can_submit": can_write and record is not None and status in EDITABLE_MINUTES,
        "can_review": can_review and status == MinutesStatus.SUBMITTED,
        "can_publish": can_write and status == MinutesStatus.APPROVED,
        "events": record.events.select_related("actor") if record else [],
        "actions": meeting.actions.select_related("owner"),
        "action_form": ActionForm() if can_write else None,
    }
    return render(request, "meetings/minutes.html", context)


@login_required
@require_POST
def minutes_step(request, pk, step):
    meeting = visible_meeting(request.user, pk)
    if step not in MINUTES_STEPS:
        raise Http404

    def move() -> Minutes:
        if step == "submit":
            return services.minutes_submit(meeting=meeting, by=request.user)
        if step == "publish":
            return services.minutes_publish(meeting=meeting, by=request.user)
        return services.minutes_review(
            meeting=meeting,
            by=request.user,
            decision=step,
            comment=request.POST.get("comment", "")[:2000],
        )

    run_service(request, move, success=_("Done."))
    return redirect("meetings:minutes", pk=meeting.pk)


@login_required
@require_POST
def action_add(request, pk):
    meeting = visible_meeting(request.user, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.action_create(meeting=meeting, by=request.user, **form.cleaned_data),
            success=_("Action item added."),
        )
    else:
        form_errors_as_messages(request, form)
    return redirect("meetings:minutes", pk=meeting.pk)


@login_required
def action_detail(request, pk):
    action = get_object_or_404(
        ActionItem.objects.visible_to(request.user).select_related("owner", "meeting"), pk=pk
    )
    can_update = request.user.has_perm("meetings.update_action", action)
    form = ProgressForm(request.POST or None, initial={"percent": action.percent})
    if request.method == "POST":
        if not can_update:
            raise PermissionDenied
        if form.is_valid():
            progress = run_service(
                request,
                lambda: services.action_progress(
                    action=action, by=request.user, **form.cleaned_data
                ),
                form=form,
                success=_("Progress recorded."),
            )
            if progress is not None:
                return redirect("meetings:action_detail", pk=action.pk)
    context = {
        "action": action,
        "state": action.progress_state(),
        "progress": action.progress.select_related("author"),
        "form": form if can_update and action.status == ActionItem.Status.OPEN else None,
    }
    return render(request, "meetings/action_detail.html", context)


@login_required
def report(request):
    """每周进度表 `?week=YYYY-Www`; `&format=xlsx` downloads it as Excel."""
    if not request.user.has_perm("meetings.view_report"):
        raise PermissionDenied
    weekly = run_service(
        request, lambda: services.weekly_report(week=request.GET.get("week"), by=request.user)
    ) or services.weekly_report(week=None, by=request.user)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            services.weekly_report_xlsx(weekly),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="actions-{weekly.week}.xlsx"'
        return response
    previous = services.week_label(weekly.monday - timedelta(days=7))
    following = services.week_label(weekly.monday + timedelta(days=7))
    context = {"report": weekly, "previous": previous, "following": following}
    return render(request, "meetings/report.html", context)


@login_required
def stats(request):
    if not request.user.has_perm("meetings.view_stats"):
        raise PermissionDenied
    year = int_param(request, "year", timezone.localdate().year, lowest=2000, highest=2100)
    data = services.meeting_stats(year=year, by=request.user)
    return render(request, "meetings/stats.html", {**data, "previous": year - 1, "next": year + 1})
