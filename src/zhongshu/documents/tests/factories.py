"""factory_boy builders for the documents app's main models.

They write rows directly, without the services' checks, audit events, deadlines or search
index: for tests that need an item in some state, not the path that led there. Whatever a test
asserts about a flow goes through the services instead.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from zhongshu.core.roles import Role
from zhongshu.documents.models import (
    CLASSIFIED_RANK,
    ArchiveRecord,
    Borrowing,
    Circulation,
    CopyRole,
    DocKind,
    IncomingDocument,
    KnowledgeScope,
    Ledger,
    OutgoingCopy,
    OutgoingDocument,
    OutgoingStatus,
    Retention,
    RoutingSlip,
    Status,
)
from zhongshu.org.models import ClearanceLevel
from zhongshu.org.tests.factories import UserFactory


class IncomingDocumentFactory(factory.django.DjangoModelFactory):
    """An item in the general register (`level="secret"` puts it in the classified one); its
    registrar is on its knowledge scope, as registration does."""

    class Meta:
        model = IncomingDocument
        skip_postgeneration_save = True

    class Params:
        level_code = "internal"

    reg_number = factory.Sequence(lambda n: f"收〔{timezone.localdate().year}〕{n + 1:04d}号")
    subject = factory.Sequence(lambda n: f"关于第{n + 1}次安全检查的通知")
    issuer = "市应急管理局"
    kind = DocKind.NOTICE
    received_at = factory.LazyFunction(timezone.now)
    level = factory.LazyAttribute(lambda o: ClearanceLevel.objects.get(code=o.level_code))
    level_rank = factory.LazyAttribute(lambda o: o.level.rank)
    ledger = factory.LazyAttribute(
        lambda o: Ledger.CLASSIFIED if o.level.rank >= CLASSIFIED_RANK else Ledger.GENERAL
    )
    registered_by = factory.SubFactory(UserFactory, roles=[Role.CLERK], level="secret")

    @factory.post_generation
    def scope(self, create: bool, extracted: list | None, **kwargs) -> None:
        """`scope=[users]`: more people on the knowledge scope, besides the registrar."""
        if not create:
            return
        KnowledgeScope.objects.create(
            document=self, user=self.registered_by, reason=KnowledgeScope.Reason.REGISTRAR
        )
        for user in extracted or ():
            KnowledgeScope.objects.create(
                document=self, user=user, reason=KnowledgeScope.Reason.ADDED
            )


class CirculationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Circulation

    document = factory.SubFactory(IncomingDocumentFactory)
    mode = Circulation.Mode.PARALLEL
    started_by = factory.LazyAttribute(lambda o: o.document.registered_by)


class RoutingSlipFactory(factory.django.DjangoModelFactory):
    """A pending line for `reader`, who is put on the item's knowledge scope."""

    class Meta:
        model = RoutingSlip
        skip_postgeneration_save = True

    circulation = factory.SubFactory(CirculationFactory)
    document = factory.LazyAttribute(lambda o: o.circulation.document)
    reader = factory.SubFactory(UserFactory)
    position = 1
    state = RoutingSlip.State.PENDING
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))

    @factory.post_generation
    def on_scope(self, create: bool, extracted: object, **kwargs) -> None:
        if create:
            KnowledgeScope.objects.get_or_create(
                document=self.document,
                user=self.reader,
                defaults={"reason": KnowledgeScope.Reason.READER},
            )


class OutgoingDocumentFactory(factory.django.DjangoModelFactory):
    """An outgoing document in `status` (内部 unless `level_code` says otherwise); issued ones get
    a 发文字号 and a numbered copy for each of `recipients`."""

    class Meta:
        model = OutgoingDocument
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"关于作息时间调整的通知（{n + 1}）")
    kind = DocKind.NOTICE
    body = "各部门：……"
    status = OutgoingStatus.REVIEWING
    drafted_by = factory.SubFactory(UserFactory, roles=[Role.CLERK], level="secret")
    level = factory.LazyAttribute(lambda o: ClearanceLevel.objects.get(code=o.level_code))
    level_rank = factory.LazyAttribute(lambda o: o.level.rank)

    class Params:
        level_code = "internal"
        issued = factory.Trait(
            status=OutgoingStatus.ISSUED,
            number_code="中枢发",
            number_year=factory.LazyFunction(lambda: timezone.localdate().year),
            number_seq=factory.Sequence(lambda n: n + 1),
            number=factory.LazyAttribute(
                lambda o: f"{o.number_code}〔{o.number_year}〕{o.number_seq}号"
            ),
            signed_at=factory.LazyFunction(timezone.now),
            issued_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def recipients(self, create: bool, extracted: list | None, **kwargs) -> None:
        if not create or not extracted:
            return
        self.recipients.set(extracted)
        if self.status in (OutgoingStatus.ISSUED, OutgoingStatus.ARCHIVED):
            OutgoingCopy.objects.bulk_create(
                OutgoingCopy(
                    outgoing=self,
                    copy_no=number,
                    role=CopyRole.INTERNAL,
                    recipient=user.display_name,
                    user=user,
                )
                for number, user in enumerate(extracted, start=1)
            )


class ArchiveRecordFactory(factory.django.DjangoModelFactory):
    """An archived incoming item with its 档号 (pass `outgoing=` and `document=None` for an
    archived outgoing document)."""

    class Meta:
        model = ArchiveRecord

    document = factory.SubFactory(IncomingDocumentFactory, status=Status.ARCHIVED)
    category = "WS"
    year = factory.LazyFunction(lambda: timezone.localdate().year)
    retention = Retention.THIRTY_YEARS
    org_code = "BGS"
    item_no = factory.Sequence(lambda n: n + 1)
    archive_number = factory.LazyAttribute(
        lambda o: f"Z001-{o.category}·{o.year}-{o.retention}-{o.org_code}-{o.item_no:04d}"
    )
    outgoing = None
    archived_by = factory.LazyAttribute(
        lambda o: o.document.registered_by if o.document else o.outgoing.drafted_by
    )


class BorrowingFactory(factory.django.DjangoModelFactory):
    """A borrowing request of an archived item, waiting for approval (no approval request: set
    `status` for other states)."""

    class Meta:
        model = Borrowing

    document = factory.LazyFunction(lambda: ArchiveRecordFactory().document)
    borrower = factory.SubFactory(UserFactory)
    purpose = "编写年度总结"
    return_by = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
