"""Pages of the incoming register: list, register, detail with every action, PDF, 待阅."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhongshu.audit.services import record_access
from zhongshu.core.errors import Conflict
from zhongshu.core.links import pk_url
from zhongshu.core.web import (
    PAGE_SIZE,
    form_errors_as_messages,
    list_page,
    offset_page,
    run_service,
)

from .. import services
from ..filters import RegisterFilter
from ..forms import (
    ArchiveForm,
    BorrowForm,
    CirculateForm,
    DeclassifyForm,
    IncomingEditForm,
    InstructForm,
    ProposeForm,
    RegisterForm,
    ReportForm,
    ReturnForm,
    ScopeForm,
    SignForm,
)
from ..models import HandlingTask, IncomingDocument, RoutingSlip, Status
from ..pdf import slip_pdf
from ..services.incoming import EDITABLE_FIELDS
from .common import visible_document

SLIP_MAX_PAGE = 40


@login_required
def incoming_list(request):
    queryset = (
        IncomingDocument.objects.visible_to(request.user)
        .select_related("level")
        .only(
            "id",
            "reg_number",
            "doc_number",
            "issuer",
            "subject",
            "kind",
            "received_at",
            "urgency",
            "status",
            "level__name",
            "level__name_en",
            "level_rank",
            "duplicate_of_id",
        )
    )
    context = list_page(request, queryset, filterset_class=RegisterFilter)
    context["can_register"] = request.user.has_perm("documents.register")
    return render(request, "documents/incoming_list.html", context)


def _confirming_duplicates(form, action):
    """`action` for `run_service`: when it is refused as a duplicate 文号, the form also offers
    the box that confirms saving it anyway (`run_service` puts the error on the form)."""

    def run():
        try:
            return action()
        except Conflict as error:
            if error.code == "duplicate":
                form.offer_duplicate_confirmation()
            raise

    return run


@login_required
def incoming_create(request):
    if not request.user.has_perm("documents.register"):
        raise PermissionDenied
    form = RegisterForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file")
        register = _confirming_duplicates(
            form,
            lambda: services.document_register(
                by=request.user, attachments=[upload] if upload else [], **data
            ),
        )
        document = run_service(
            request,
            register,
            form=form,
            success=lambda document: (
                _("Registered as %(number)s.") % {"number": document.reg_number}
            ),
        )
        if document is not None:
            return redirect("documents:incoming_detail", pk=document.pk)
    return render(request, "documents/incoming_form.html", {"form": form})


@login_required
def incoming_edit(request, pk):
    """Correct the registration details of an item (registry staff who see it)."""
    document = visible_document(request.user, pk)
    if not request.user.has_perm("documents.manage_document", document):
        raise PermissionDenied
    if document.status == Status.ARCHIVED:
        messages.error(request, _("An archived item cannot be changed."))
        return redirect("documents:incoming_detail", pk=document.pk)
    initial = {name: getattr(document, name) for name in EDITABLE_FIELDS}
    form = IncomingEditForm(request.POST or None, document=document, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirm = data.pop("confirm_duplicate")
        correct = _confirming_duplicates(
            form,
            lambda: services.document_update(
                document=document, by=request.user, confirm_duplicate=confirm, **data
            ),
        )
        saved = run_service(
            request,
            correct,
            form=form,
            success=_("The registration details were saved."),
        )
        if saved is not None:
            return redirect("documents:incoming_detail", pk=document.pk)
    return render(request, "documents/incoming_edit.html", {"form": form, "document": document})


@login_required
def incoming_detail(request, pk):
    user = request.user
    document = visible_document(user, pk)
    record_access(actor=user, obj=document, action="view")
    manage = user.has_perm("documents.manage_document", document)
    slips = list(
        document.slips.select_related("reader", "circulation").order_by(
            "circulation_id", "position"
        )
    )
    my_slip = next(
        (s for s in slips if s.reader_id == user.pk and s.state == RoutingSlip.State.PENDING), None
    )
    tasks = list(document.tasks.select_related("department", "assignee"))
    my_task = next(
        (t for t in tasks if t.assignee_id == user.pk and t.state == HandlingTask.State.OPEN), None
    )
    archive = getattr(document, "archive", None) if document.status == Status.ARCHIVED else None
    context = {
        "document": document,
        "slips": slips,
        "tasks": tasks,
        "proposals": list(document.proposals.select_related("leader", "created_by")),
        "events": document.events.select_related("actor"),
        "archive": archive,
        "manage": manage,
        "can_edit": manage and document.status != Status.ARCHIVED,
        "my_slip": my_slip,
        "my_task": my_task,
        "sign_form": SignForm(),
        "report_form": ReportForm(),
        "can_instruct": user.has_perm("documents.instruct", document),
        "instruct_form": InstructForm(),
        "finished": manage and services.is_finished(document),
        "borrow_form": (
            BorrowForm()
            if archive and user.has_perm("documents.borrow_document", document)
            else None
        ),
    }
    if manage:
        context.update(
            return_form=ReturnForm(),
            propose_form=ProposeForm(),
            circulate_form=CirculateForm(document=document),
            scope_form=ScopeForm(document=document),
            archive_form=ArchiveForm(initial={"year": document.received_at.year}),
            declassify_form=DeclassifyForm(),
            scope=document.scope.select_related("user").order_by("added_at"),
        )
    return render(request, "documents/incoming_detail.html", context)


def _post(request, pk, form_class, action, success):
    document = visible_document(request.user, pk)
    form = form_class(request.POST)
    if form.is_valid():
        run_service(request, lambda: action(document, form.cleaned_data), success=success)
    else:
        form_errors_as_messages(request, form)
    return redirect("documents:incoming_detail", pk=document.pk)


@login_required
@require_POST
def incoming_return(request, pk):
    return _post(
        request,
        pk,
        ReturnForm,
        lambda d, data: services.document_return(
            document=d, reason=data["reason"], by=request.user
        ),
        _("The item was returned."),
    )


@login_required
@require_POST
def incoming_propose(request, pk):
    def action(document, data):
        services.document_propose(
            document=document,
            by=request.user,
            action=data["action"],
            opinion=data["opinion"],
            basis=data["basis"],
            priority=data["priority"],
            due_date=data["due_date"],
            leader=data["leader"],
            lead=data["lead"],
            assisting=list(data["assisting"]),
        )

    return _post(request, pk, ProposeForm, action, _("The proposal was saved."))


@login_required
@require_POST
def incoming_instruct(request, pk):
    def action(document, data):
        services.document_instruct(
            document=document,
            text=data["text"],
            lead=data["lead"],
            assisting=list(data["assisting"]),
            due_date=data["due_date"],
            by=request.user,
        )

    return _post(request, pk, InstructForm, action, _("The instruction was saved."))


@login_required
@require_POST
def incoming_circulate(request, pk):
    def action(document, data):
        services.circulation_start(
            document=document,
            readers=[u.pk for u in data["readers"]],
            mode=data["mode"],
            due_at=data["due_at"],
            by=request.user,
        )

    return _post(request, pk, CirculateForm, action, _("The circulation was started."))


@login_required
@require_POST
def incoming_scope(request, pk):
    return _post(
        request,
        pk,
        ScopeForm,
        lambda d, data: services.scope_extend(document=d, users=data["users"], by=request.user),
        _("The knowledge scope was extended."),
    )


@login_required
@require_POST
def incoming_archive(request, pk):
    def action(document, data):
        services.document_archive(document=document, by=request.user, **data)

    return _post(request, pk, ArchiveForm, action, _("The item was archived."))


@login_required
@require_POST
def incoming_declassify(request, pk):
    def action(document, data):
        services.declassify_review(
            document=document,
            decision=data["decision"],
            extend_years=data["extend_years"],
            by=request.user,
        )

    return _post(request, pk, DeclassifyForm, action, _("The review was saved."))


@login_required
@require_POST
def task_report(request, pk):
    visible = IncomingDocument.objects.visible_to(request.user)
    task = get_object_or_404(HandlingTask.objects.filter(document__in=visible), pk=pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.task_report(
                task=task, result=form.cleaned_data["result"], by=request.user
            ),
            success=_("The result was reported."),
        )
    else:
        form_errors_as_messages(request, form)
    return redirect("documents:incoming_detail", pk=task.document_id)


@login_required
@require_POST
def slip_sign(request, pk):
    visible = IncomingDocument.objects.visible_to(request.user)
    slip = get_object_or_404(RoutingSlip.objects.filter(document__in=visible), pk=pk)
    form = SignForm(request.POST)
    form.is_valid()
    run_service(
        request,
        lambda: services.slip_sign(
            slip=slip, comment=form.cleaned_data.get("comment", ""), by=request.user
        ),
        success=_("Signed as read."),
    )
    if request.POST.get("next") == "slips":
        return redirect("documents:slip_list")
    return redirect("documents:incoming_detail", pk=slip.document_id)


@login_required
def incoming_slip_pdf(request, pk):
    document = visible_document(request.user, pk)
    slips = document.slips.select_related("reader").order_by("circulation_id", "position")
    record_access(actor=request.user, obj=document, action="slip_pdf")
    response = HttpResponse(slip_pdf(document, slips), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="slip-{document.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def slip_list(request):
    """待阅: the slips waiting for my signature now, earliest due first, pages of 50."""
    page = offset_page(
        RoutingSlip.objects.pending_for(request.user)
        .select_related("document")
        .only(
            "id",
            "due_at",
            "document__id",
            "document__reg_number",
            "document__subject",
            "document__urgency",
        )
        .order_by("due_at", "id"),
        request,
        size=PAGE_SIZE,
        max_page=SLIP_MAX_PAGE,
    )
    now = timezone.now()
    detail_url = pk_url("documents:incoming_detail")
    rows = [
        {
            "url": detail_url(slip.document.pk),
            "reg_number": slip.document.reg_number,
            "subject": slip.document.subject,
            "urgency": slip.document.get_urgency_display(),
            "due": timezone.localtime(slip.due_at).strftime("%Y-%m-%d %H:%M")
            if slip.due_at
            else "",
            "overdue": bool(slip.due_at and slip.due_at < now),
        }
        for slip in page.rows
    ]
    return render(
        request,
        "documents/slip_list.html",
        {
            "rows": rows,
            "read_and_sign": _("Read and sign"),
            "previous_page": page.previous if page.has_previous else None,
            "next_page": page.next if page.has_next and page.number < SLIP_MAX_PAGE else None,
        },
    )
