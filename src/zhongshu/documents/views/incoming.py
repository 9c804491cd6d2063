"""Pages of the incoming register: list, register, the item's page with its actions (each a
dialog, see `core.dialogs`), routing-slip PDF, 待阅."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from zhongshu.audit.services import record_access
from zhongshu.core.dialogs import Action, Dialog, dialog, posted, record_template
from zhongshu.core.errors import Conflict, ensure
from zhongshu.core.links import pk_url
from zhongshu.core.web import PAGE_SIZE, list_page, offset_page, run_service

from .. import services
from ..filters import RegisterFilter
from ..forms import (
    ArchiveForm,
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
from ..models import (
    FLOW,
    BorrowingStatus,
    HandlingTask,
    IncomingDocument,
    Proposal,
    RoutingSlip,
    Status,
)
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


def _detail_url(document: IncomingDocument) -> str:
    return reverse("documents:incoming_detail", args=[document.pk])


def _subject(document: IncomingDocument) -> str:
    return f"{document.reg_number} {document.subject}"


def _open_borrowing(user, document: IncomingDocument) -> bool:
    return document.borrowings.filter(
        borrower=user, status__in=[BorrowingStatus.REQUESTED, BorrowingStatus.APPROVED]
    ).exists()


def incoming_actions(
    user,
    document: IncomingDocument,
    *,
    manage: bool,
    my_slip: RoutingSlip | None,
    my_task: HandlingTask | None,
    in_handling: bool,
) -> list[Action]:
    """The buttons of the item's page: only what `user` may do now, by the rules predicates and
    the states the services accept (FLOW, `is_finished`). The person's own step comes first."""
    status = document.status

    def url(name: str, pk: int = document.pk) -> str:
        return reverse(f"documents:{name}", args=[pk])

    actions = []
    if my_slip is not None:
        actions.append(
            Action(_("Read and sign"), url("slip_sign", my_slip.pk), "action-sign", "primary")
        )
    if my_task is not None:
        actions.append(
            Action(
                _("Report the handling result"),
                url("task_report", my_task.pk),
                "action-report",
                "primary",
            )
        )
    if status == Status.AWAITING_INSTRUCTION and user.has_perm("documents.instruct", document):
        actions.append(
            Action(_("Instruction"), url("incoming_instruct"), "action-instruct", "primary")
        )
    if manage:
        if status == Status.REGISTERED:
            actions.append(
                Action(_("Propose handling"), url("incoming_propose"), "action-propose", "primary")
            )
        if services.is_finished(document):
            actions.append(
                Action(_("Archive"), url("incoming_archive"), "action-archive", "primary")
            )
        if status not in (Status.RETURNED, Status.ARCHIVED):
            actions.append(Action(_("Circulate"), url("incoming_circulate"), "action-circulate"))
            actions.append(Action(_("Knowledge scope"), url("incoming_scope"), "action-scope"))
        if document.is_classified and document.secrecy_until:
            actions.append(
                Action(
                    _("Declassification review"), url("incoming_declassify"), "action-declassify"
                )
            )
        if Status.RETURNED in FLOW.get(status, ()) and not in_handling:
            actions.append(
                Action(
                    _("Return at first review"),
                    url("incoming_return"),
                    "action-return",
                    "outline-danger",
                )
            )
        if status != Status.ARCHIVED:
            actions.append(
                Action(
                    _("Edit"), url("incoming_edit"), "edit-link", "outline-secondary", dialog=False
                )
            )
    if (
        status == Status.ARCHIVED
        and user.has_perm("documents.borrow_document", document)
        and not _open_borrowing(user, document)
    ):
        actions.append(
            Action(pgettext("borrowing", "Borrow"), url("incoming_borrow"), "action-borrow")
        )
    actions.append(
        Action(
            _("Routing slip (PDF)"),
            url("incoming_slip_pdf"),
            "slip-pdf",
            "outline-secondary",
            dialog=False,
        )
    )
    return actions


@login_required
def incoming_detail(request, pk):
    """The item: its record, routing slip, handling and timeline (oldest first: it reads as the
    paper 处理笺 does, from 登记 to 归档), with a button for each action the user may take now."""
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
    proposals = list(document.proposals.select_related("leader", "created_by"))
    archive = getattr(document, "archive", None) if document.status == Status.ARCHIVED else None
    context = {
        "document": document,
        "slips": slips,
        "tasks": tasks,
        "proposals": proposals,
        "events": document.events.select_related("actor"),
        "archive": archive,
        "manage": manage,
        "actions": incoming_actions(
            user,
            document,
            manage=manage,
            my_slip=my_slip,
            my_task=my_task,
            in_handling=bool(slips or proposals),
        ),
        "scope": document.scope.select_related("user").order_by("added_at") if manage else None,
    }
    return render(request, record_template(request, "documents/incoming_detail.html"), context)


def _managed(request, pk) -> IncomingDocument:
    """The item for a registry action: 404 out of sight, 403 for anyone but registry staff."""
    document = visible_document(request.user, pk)
    ensure(request.user, "documents.manage_document", document)
    return document


@login_required
def incoming_return(request, pk):
    document = _managed(request, pk)
    return dialog(
        request,
        ReturnForm(posted(request)),
        Dialog(
            _("Return at first review"),
            _("Return the item"),
            subject=_subject(document),
            style="danger",
            notice=_("The item leaves the register's flow; the reason is kept and shown on it."),
            testid="return-form",
        ),
        run=lambda data: services.document_return(
            document=document, reason=data["reason"], by=request.user
        ),
        success=_("Returned: %(number)s") % {"number": document.reg_number},
        done=_detail_url(document),
    )


def _names(items) -> str:
    return "、".join(str(item) for item in items)


@login_required
def incoming_propose(request, pk):
    document = _managed(request, pk)

    def run(data):
        return services.document_propose(
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

    def success(proposal: Proposal) -> str:
        number = document.reg_number
        if proposal.action == Proposal.Action.INSTRUCT:
            return _("Sent to %(leader)s for instruction: %(number)s") % {
                "leader": proposal.leader.display_name,
                "number": number,
            }
        if proposal.action == Proposal.Action.DEPARTMENTS:
            departments = _names(task.department.name for task in document.tasks.all())
            return _("Sent to %(departments)s for handling: %(number)s") % {
                "departments": departments,
                "number": number,
            }
        return _("Done, for information: %(number)s") % {"number": number}

    return dialog(
        request,
        ProposeForm(posted(request)),
        Dialog(
            _("Propose handling"),
            _("Save the proposal"),
            subject=_subject(document),
            testid="propose-form",
        ),
        run=run,
        success=success,
        done=_detail_url(document),
    )


@login_required
def incoming_instruct(request, pk):
    """批示: the form starts from the clerk's 拟办 (its opinion and due date), shown above it."""
    document = visible_document(request.user, pk)
    ensure(request.user, "documents.instruct", document)
    proposal = (
        document.proposals.filter(leader=request.user, instructed_at__isnull=True)
        .select_related("created_by")
        .order_by("-id")
        .first()
    )
    initial = {}
    if proposal is not None:
        initial["text"] = proposal.opinion
        if proposal.due_date and proposal.due_date >= timezone.localdate():
            initial["due_date"] = proposal.due_date

    def run(data):
        services.document_instruct(
            document=document,
            text=data["text"],
            lead=data["lead"],
            assisting=list(data["assisting"]),
            due_date=data["due_date"],
            by=request.user,
        )
        return data

    def success(data) -> str:
        if data["lead"] is None:
            return _("Instruction saved: %(number)s is done.") % {"number": document.reg_number}
        departments = [data["lead"], *(d for d in data["assisting"] if d != data["lead"])]
        return _("Instruction saved: %(departments)s will handle %(number)s.") % {
            "departments": _names(d.name for d in departments),
            "number": document.reg_number,
        }

    return dialog(
        request,
        InstructForm(posted(request), initial=initial),
        Dialog(
            _("Instruction"),
            _("Save the instruction"),
            subject=_subject(document),
            intro="documents/_proposal.html",
            testid="instruct-form",
            extra={"proposal": proposal},
        ),
        run=run,
        success=success,
        done=_detail_url(document),
    )


@login_required
def incoming_circulate(request, pk):
    document = _managed(request, pk)

    def run(data):
        return services.circulation_start(
            document=document,
            readers=[u.pk for u in data["readers"]],
            mode=data["mode"],
            due_at=data["due_at"],
            by=request.user,
        )

    def success(circulation) -> str:
        count = circulation.slips.count()
        return ngettext(
            "Circulation started: %(count)d reader to read %(number)s.",
            "Circulation started: %(count)d readers to read %(number)s.",
            count,
        ) % {"count": count, "number": document.reg_number}

    return dialog(
        request,
        CirculateForm(posted(request), document=document),
        Dialog(
            _("Circulate"),
            _("Start the circulation"),
            subject=_subject(document),
            testid="circulate-form",
        ),
        run=run,
        success=success,
        done=_detail_url(document),
    )


@login_required
def incoming_scope(request, pk):
    document = _managed(request, pk)

    def run(data):
        services.scope_extend(document=document, users=data["users"], by=request.user)
        return data["users"]

    return dialog(
        request,
        ScopeForm(posted(request), document=document),
        Dialog(
            _("Knowledge scope"),
            _("Add"),
            subject=_subject(document),
            testid="scope-form",
            intro="documents/_scope.html",
            extra={"scope": document.scope.select_related("user").order_by("added_at")},
        ),
        run=run,
        success=lambda users: (
            _("Added to the knowledge scope: %(names)s")
            % {"names": _names(u.display_name for u in users)}
        ),
        done=_detail_url(document),
    )


@login_required
def incoming_archive(request, pk):
    document = _managed(request, pk)
    return dialog(
        request,
        ArchiveForm(posted(request), initial={"year": document.received_at.year}),
        Dialog(
            _("Archive"),
            _("Archive the item"),
            subject=_subject(document),
            notice=_("An archived item cannot be changed afterwards."),
            testid="archive-form",
        ),
        run=lambda data: services.document_archive(document=document, by=request.user, **data),
        success=lambda record: _("Archived: %(number)s") % {"number": record.archive_number},
        done=_detail_url(document),
    )


@login_required
def incoming_declassify(request, pk):
    document = _managed(request, pk)

    def run(data):
        return services.declassify_review(
            document=document,
            decision=data["decision"],
            extend_years=data["extend_years"],
            by=request.user,
        )

    def success(reviewed: IncomingDocument) -> str:
        if reviewed.secrecy_until:
            return _("Secrecy term of %(number)s extended to %(date)s.") % {
                "number": reviewed.reg_number,
                "date": reviewed.secrecy_until.isoformat(),
            }
        return _("Declassified: %(number)s") % {"number": reviewed.reg_number}

    return dialog(
        request,
        DeclassifyForm(posted(request)),
        Dialog(
            _("Declassification review"),
            _("Save the review"),
            subject=_subject(document),
            style="danger",
            testid="declassify-form",
        ),
        run=run,
        success=success,
        done=_detail_url(document),
    )


@login_required
def task_report(request, pk):
    visible = IncomingDocument.objects.visible_to(request.user)
    task = get_object_or_404(
        HandlingTask.objects.filter(document__in=visible).select_related("document", "department"),
        pk=pk,
    )
    ensure(request.user, "documents.report_task", task)
    document = task.document

    def success(_task) -> str:
        document.refresh_from_db(fields=["status"])
        if document.status == Status.DONE:
            return _("Result reported: %(number)s is done.") % {"number": document.reg_number}
        return _("Result reported: %(number)s") % {"number": document.reg_number}

    return dialog(
        request,
        ReportForm(posted(request)),
        Dialog(
            _("Report the handling result"),
            _("Report"),
            subject=f"{_subject(document)} · {task.department.name} ({task.get_role_display()})",
            testid="report-form",
        ),
        run=lambda data: services.task_report(task=task, result=data["result"], by=request.user),
        success=success,
        done=_detail_url(document),
    )


@login_required
def slip_sign(request, pk):
    visible = IncomingDocument.objects.visible_to(request.user)
    slip = get_object_or_404(
        RoutingSlip.objects.filter(document__in=visible).select_related("document"), pk=pk
    )
    ensure(request.user, "documents.sign_slip", slip)
    document = slip.document
    # The 待阅 list's own sign buttons come back to it.
    done = (
        reverse("documents:slip_list")
        if request.POST.get("next") == "slips"
        else _detail_url(document)
    )
    subject = _subject(document)
    if slip.due_at:
        due = timezone.localtime(slip.due_at).strftime("%Y-%m-%d %H:%M")
        subject = f"{subject} · {_('due')} {due}"
    return dialog(
        request,
        SignForm(posted(request)),
        Dialog(
            _("Read and sign"),
            _("Sign as read"),
            subject=subject,
            style="success",
            testid="sign-form",
        ),
        run=lambda data: services.slip_sign(
            slip=slip, comment=data.get("comment", ""), by=request.user
        ),
        success=_("Signed as read: %(number)s") % {"number": document.reg_number},
        done=done,
    )


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
