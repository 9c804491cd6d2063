from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "zhongshu.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from django.urls import reverse

        from zhongshu.files.registry import register_attachment_owner
        from zhongshu.org.demo import register_demo_loader
        from zhongshu.search.services import register_searchable
        from zhongshu.workflow.registry import register_request_type

        from . import demo, indexing, providers, services
        from .models import IncomingDocument, OutgoingDocument

        providers.register()
        register_request_type(
            services.borrowing.REQUEST_TYPE,
            _("Borrowing an archived item"),
            on_approved=services.borrowing_approved,
            on_rejected=services.borrowing_rejected,
            on_returned=services.borrowing_rejected,
            can_view=lambda user: True if user.has_role("clerk", "supervisor", "auditor") else None,
        )
        register_demo_loader(demo.load)
        register_attachment_owner(
            IncomingDocument,
            can_view=lambda user, obj: user.has_perm("documents.view_document", obj),
            can_attach=lambda user, obj: (
                obj.status not in ("archived", "returned")
                and user.has_perm("documents.attach_document", obj)
            ),
        )
        register_attachment_owner(
            OutgoingDocument,
            can_view=lambda user, obj: user.has_perm("documents.view_outgoing", obj),
            can_attach=lambda user, obj: (
                obj.status in ("draft", "reviewing") and obj.drafted_by_id == user.pk
            ),
        )
        register_searchable(
            IncomingDocument,
            visible_to=lambda user: IncomingDocument.objects.visible_to(user),
            url=lambda doc: reverse("documents:incoming_detail", args=[doc.pk]),
            label=_("Incoming documents"),
            title=lambda doc: f"{doc.reg_number} {doc.subject}",
            document=indexing.search_document,
            queryset=indexing.search_queryset,
        )
        register_searchable(
            OutgoingDocument,
            visible_to=lambda user: OutgoingDocument.objects.visible_to(user),
            url=lambda outgoing: reverse("documents:outgoing_detail", args=[outgoing.pk]),
            label=_("Outgoing documents"),
            title=lambda outgoing: f"{outgoing.number} {outgoing.title}".strip(),
            document=indexing.search_outgoing,
        )
