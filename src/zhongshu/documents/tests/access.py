"""Access rules of every documents route for the project's access-control matrix.

The world: an internal item registered by the clerk and circulated to the employee (so the
register readers — supervisor, clerk, leader, auditor — and the employee see it), an item
awaiting the leader's instruction, one handled by the sales department (dept_head), and
outgoing documents at each step.
"""

from datetime import timedelta

from django.utils import timezone

from tests.access import Route, only

SEES_ITEM = only("supervisor", "clerk", "leader", "auditor", "employee")
REGISTRY = only("clerk", "supervisor")
ARCHIVE_READERS = only("clerk", "supervisor", "auditor")
SEES_OUTGOING = only("supervisor", "clerk", "leader", "auditor")
STATEFUL = (200, 201, 302, 400, 409)


def _doc(w, subject):
    from zhongshu.documents.services import document_register

    return document_register(
        by=w["clerk"], subject=subject, issuer="市应急管理局", kind="notice", level="internal"
    )


def world_factories():
    from zhongshu.documents import services
    from zhongshu.documents.models import OutgoingStatus, RoutingSlip

    def item(w):
        document = _doc(w, "关于开展消防安全检查的通知")
        services.circulation_start(
            document=document, readers=[w["employee"].pk], mode="parallel", by=w["clerk"]
        )
        return document

    def awaiting(w):
        document = _doc(w, "关于年度预算的请示")
        services.document_propose(
            document=document, action="instruct", leader=w["leader"], by=w["clerk"]
        )
        return document

    def task(w):
        document = _doc(w, "关于客户投诉的函")
        w["dept_head"]  # makes the sales head exist
        services.document_propose(
            document=document,
            action="departments",
            lead=w["company"]["sales"],
            due_date=timezone.localdate() + timedelta(days=3),
            by=w["clerk"],
        )
        return document.tasks.get()

    def archived(w):
        """An archived item the employee may see (on its knowledge scope), built directly."""
        from .factories import ArchiveRecordFactory

        return ArchiveRecordFactory(
            document__subject="关于档案借阅制度的通知",
            document__registered_by=w["clerk"],
            document__scope=[w["employee"]],
        ).document

    def borrowing(w):
        from zhongshu.workflow.services import approval_decide

        borrowed = services.borrowing_request(
            document=w["documents_archived"],
            purpose="编写年度总结",
            return_by=timezone.localdate() + timedelta(days=7),
            by=w["employee"],
        )
        task = borrowed.approval.tasks.get(assignee=w["clerk"])
        approval_decide(task=task, decision="approve", by=w["clerk"])
        return borrowed

    def outgoing(w, step, **values):
        """An outgoing document at `step` of its flow: how it got there is not what these
        routes test, so it is built directly."""
        from .factories import OutgoingDocumentFactory

        return OutgoingDocumentFactory(status=step, drafted_by=w["clerk"], **values)

    return {
        "documents_item": item,
        "documents_awaiting": awaiting,
        "documents_task": task,
        "documents_slip": lambda w: RoutingSlip.objects.get(document=w["documents_item"]),
        "documents_archived": archived,
        "documents_borrowing": borrowing,
        "documents_outgoing": lambda w: outgoing(w, OutgoingStatus.REVIEWING),
        "documents_outgoing_draft": lambda w: outgoing(w, OutgoingStatus.DRAFT),
        "documents_outgoing_signing": lambda w: outgoing(
            w, OutgoingStatus.SIGNING, signer=w["leader"]
        ),
        "documents_outgoing_signed": lambda w: outgoing(
            w, OutgoingStatus.SIGNED, signer=w["leader"]
        ),
        "documents_outgoing_issued": lambda w: outgoing(
            w, OutgoingStatus.ISSUED, issued=True, signer=w["leader"], recipients=[w["employee"]]
        ),
        # 普通商密, its secrecy term ended: the registry staff (cleared) review it.
        "documents_outgoing_secret": lambda w: outgoing(
            w,
            OutgoingStatus.ISSUED,
            issued=True,
            signer=w["leader"],
            level_code="secret",
            secrecy_years=10,
            secrecy_until=timezone.localdate(),
        ),
    }


def _item(w):
    return {"pk": w["documents_item"].pk}


ARCHIVE_DATA = {"retention": "D30", "category": "WS", "year": timezone.localdate().year}


EDIT_FORM = {
    "subject": "关于开展消防安全检查的通知",
    "issuer": "市应急管理局",
    "kind": "notice",
    "urgency": "urgent",
    "pages": 2,
    "copies": 1,
}


def _borrow(w):
    return {"purpose": "编写年度总结", "return_by": timezone.localdate() + timedelta(days=7)}


ROUTES = [
    # --- web ----------------------------------------------------------------------------------
    Route("documents:overview"),
    Route("documents:incoming_list"),
    Route("documents:incoming_create", allowed=REGISTRY),
    Route("documents:incoming_detail", allowed=SEES_ITEM, kwargs=_item),
    Route("documents:incoming_edit", allowed=REGISTRY, kwargs=_item),
    Route(
        "documents:incoming_edit",
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: EDIT_FORM,
        ok=(302,),  # saved (or nothing to change) and back to the detail page
    ),
    Route("documents:incoming_slip_pdf", allowed=SEES_ITEM, kwargs=_item),
    Route(
        "documents:incoming_return",
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: {"reason": "非本单位来文"},
    ),
    Route(
        "documents:incoming_propose",
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: {"action": "inform", "priority": "normal"},
    ),
    Route(
        "documents:incoming_instruct",
        allowed=only("leader"),
        method="post",
        kwargs=lambda w: {"pk": w["documents_awaiting"].pk},
        data=lambda w: {"text": "同意"},
    ),
    Route(
        "documents:incoming_circulate",
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: {"readers": [w["employee"].pk], "mode": "parallel"},
    ),
    Route(
        "documents:incoming_scope",
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: {"users": [w["employee"].pk]},
    ),
    Route(
        "documents:incoming_archive",
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: ARCHIVE_DATA,
    ),
    Route(
        "documents:incoming_declassify",
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: {"decision": "declassify"},
    ),
    Route(
        "documents:task_report",
        allowed=only("dept_head"),
        method="post",
        kwargs=lambda w: {"pk": w["documents_task"].pk},
        data=lambda w: {"result": "已办结"},
    ),
    Route("documents:slip_list"),
    Route(
        "documents:slip_sign",
        allowed=only("employee"),
        method="post",
        kwargs=lambda w: {"pk": w["documents_slip"].pk},
        data=lambda w: {"comment": "已阅"},
    ),
    Route(
        "documents:incoming_borrow",
        allowed=SEES_ITEM,
        method="post",
        kwargs=lambda w: {"pk": w["documents_archived"].pk},
        data=_borrow,
    ),
    Route("documents:borrowing_list"),
    Route(
        "documents:borrowing_return",
        allowed=REGISTRY,
        method="post",
        kwargs=lambda w: {"pk": w["documents_borrowing"].pk},
    ),
    Route("documents:search", query="?q=消防"),
    Route("documents:archive_list", allowed=ARCHIVE_READERS),
    Route("documents:archive_export", allowed=ARCHIVE_READERS),
    Route("documents:outgoing_list"),
    Route("documents:outgoing_create", allowed=REGISTRY),
    Route(
        "documents:outgoing_detail",
        allowed=SEES_OUTGOING,
        kwargs=lambda w: {"pk": w["documents_outgoing"].pk},
    ),
    Route(
        "documents:outgoing_edit",
        allowed=only("clerk"),
        kwargs=lambda w: {"pk": w["documents_outgoing_draft"].pk},
    ),
    Route(
        "documents:outgoing_review",
        allowed=REGISTRY,
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing"].pk},
        data=lambda w: {"decision": "approve", "signer": w["leader"].pk},
    ),
    Route(
        "documents:outgoing_sign_off",
        allowed=only("leader"),
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing_signing"].pk},
        data=lambda w: {"decision": "approve"},
    ),
    Route(
        "documents:outgoing_issue",
        allowed=REGISTRY,
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing_signed"].pk},
    ),
    # Only the internal recipient (the employee) has a copy to mark as read.
    Route(
        "documents:outgoing_acknowledge",
        allowed=only("employee"),
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing_issued"].pk},
    ),
    Route(
        "documents:outgoing_archive",
        allowed=REGISTRY,
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing_issued"].pk},
        data=lambda w: {"retention": "D10", "category": "WS", "year": 2026},
    ),
    # A classified document: only the registry staff cleared for it see it, let alone review it.
    Route(
        "documents:outgoing_declassify",
        allowed=REGISTRY,
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing_secret"].pk},
        data=lambda w: {"decision": "extend", "extend_years": 5},
    ),
    # The action forms (dialogs on the item's page, full pages without JavaScript).
    *[
        Route(f"documents:{name}", allowed=REGISTRY, kwargs=_item)
        for name in (
            "incoming_return",
            "incoming_propose",
            "incoming_circulate",
            "incoming_scope",
            "incoming_archive",
            "incoming_declassify",
        )
    ],
    Route(
        "documents:incoming_instruct",
        allowed=only("leader"),
        kwargs=lambda w: {"pk": w["documents_awaiting"].pk},
    ),
    Route(
        "documents:task_report",
        allowed=only("dept_head"),
        kwargs=lambda w: {"pk": w["documents_task"].pk},
    ),
    Route(
        "documents:slip_sign",
        allowed=only("employee"),
        kwargs=lambda w: {"pk": w["documents_slip"].pk},
    ),
    Route(
        "documents:incoming_borrow",
        allowed=SEES_ITEM,
        kwargs=lambda w: {"pk": w["documents_archived"].pk},
    ),
    # --- API ----------------------------------------------------------------------------------
    Route("documents-incoming-list", api=True),
    Route("documents-incoming-detail", api=True, allowed=SEES_ITEM, kwargs=_item),
    Route(
        "documents-incoming-detail",
        api=True,
        allowed=REGISTRY,
        method="patch",
        kwargs=_item,
        data=lambda w: {"pages": 2, "keywords": "消防 检查"},
    ),
    Route("documents-incoming-slip-pdf", api=True, allowed=SEES_ITEM, kwargs=_item),
    Route(
        "documents-incoming-attachments",
        api=True,
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        ok=(400,),  # no file in a JSON body: refused as input, after the permission check
    ),
    Route(
        "documents-incoming-return",
        api=True,
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: {"reason": "非本单位来文"},
        ok=STATEFUL,
    ),
    Route(
        "documents-incoming-propose",
        api=True,
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: {"action": "inform"},
        ok=STATEFUL,
    ),
    Route(
        "documents-incoming-instruct",
        api=True,
        allowed=only("leader"),
        method="post",
        kwargs=lambda w: {"pk": w["documents_awaiting"].pk},
        data=lambda w: {"text": "同意"},
    ),
    Route(
        "documents-incoming-circulate",
        api=True,
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: {"readers": [w["employee"].pk], "mode": "parallel"},
    ),
    Route(
        "documents-incoming-scope",
        api=True,
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: {"users": [w["employee"].pk]},
    ),
    Route(
        "documents-incoming-archive",
        api=True,
        allowed=REGISTRY,
        method="post",
        kwargs=_item,
        data=lambda w: ARCHIVE_DATA,
        ok=(409,),  # the employee has not signed: not finished
    ),
    Route(
        "documents-task-report",
        api=True,
        allowed=only("dept_head"),
        method="post",
        kwargs=lambda w: {"pk": w["documents_task"].pk},
        data=lambda w: {"result": "已办结"},
    ),
    Route("documents-slip-list", api=True, query="?state=pending"),
    Route(
        "documents-slip-sign",
        api=True,
        allowed=only("employee"),
        method="post",
        kwargs=lambda w: {"pk": w["documents_slip"].pk},
        data=lambda w: {"comment": "已阅"},
    ),
    Route("documents-borrowing-list", api=True),
    Route(
        "documents-borrowing-list",
        api=True,
        allowed=SEES_ITEM,
        method="post",
        data=lambda w: {"document": w["documents_archived"].pk, **_borrow(w)},
        ok=STATEFUL,  # the clerk cannot approve their own request: no approver (400)
    ),
    Route(
        "documents-borrowing-return",
        api=True,
        allowed=REGISTRY,
        method="post",
        kwargs=lambda w: {"pk": w["documents_borrowing"].pk},
        ok=(200, 409),  # returned by the first allowed persona, then already returned
    ),
    Route("documents-search", api=True, query="?q=消防"),
    Route("documents-outgoing-list", api=True),
    Route(
        "documents-outgoing-detail",
        api=True,
        allowed=SEES_OUTGOING,
        kwargs=lambda w: {"pk": w["documents_outgoing"].pk},
    ),
    Route(
        "documents-outgoing-review",
        api=True,
        allowed=REGISTRY,
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing"].pk},
        data=lambda w: {"decision": "approve", "signer": w["leader"].pk},
        ok=STATEFUL,
    ),
    Route(
        "documents-outgoing-sign-off",
        api=True,
        allowed=only("leader"),
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing_signing"].pk},
        data=lambda w: {"decision": "approve"},
    ),
    Route(
        "documents-outgoing-issue",
        api=True,
        allowed=REGISTRY,
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing_signed"].pk},
        ok=STATEFUL,
    ),
    Route(
        "documents-outgoing-read",
        api=True,
        allowed=only("employee"),
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing_issued"].pk},
    ),
    Route(
        "documents-outgoing-archive",
        api=True,
        allowed=REGISTRY,
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing_issued"].pk},
        data=lambda w: {"retention": "D10", "category": "WS", "year": 2026},
        ok=STATEFUL,
    ),
    Route(
        "documents-outgoing-submit",
        api=True,
        allowed=only("clerk"),
        method="post",
        kwargs=lambda w: {"pk": w["documents_outgoing_draft"].pk},
        data=lambda w: {"title": "关于作息时间的通知（修改）"},
    ),
]
