"""Who may do what with documents (django-rules predicates and permissions)."""

import rules

from zhongshu.core.roles import Role
from zhongshu.core.rules import has_role, is_active_user

from .models import IncomingDocument, OutgoingDocument

is_registrar = has_role(Role.CLERK, Role.SUPERVISOR)


@rules.predicate
def can_see_document(user, document):
    if document is None:
        return False
    return IncomingDocument.objects.visible_to(user).filter(pk=document.pk).exists()


@rules.predicate
def can_see_borrowed(user, borrowing):
    return borrowing is not None and can_see_document(user, borrowing.document)


@rules.predicate
def is_proposed_leader(user, document):
    if document is None:
        return False
    return document.proposals.filter(leader=user, instructed_at__isnull=True).exists()


@rules.predicate
def is_task_assignee(user, task):
    return task is not None and task.assignee_id == user.pk


@rules.predicate
def is_slip_reader(user, slip):
    return slip is not None and slip.reader_id == user.pk


@rules.predicate
def can_see_outgoing(user, outgoing):
    if outgoing is None:
        return False
    return OutgoingDocument.objects.visible_to(user).filter(pk=outgoing.pk).exists()


@rules.predicate
def is_signer(user, outgoing):
    return outgoing is not None and outgoing.signer_id == user.pk


rules.add_perm("documents.register", is_active_user & is_registrar)
rules.add_perm("documents.view_document", is_active_user & can_see_document)
# Return, propose, circulate, add to scope, archive: the registry staff who can see the item.
# Readers and handlers can never pass an item on.
rules.add_perm("documents.manage_document", is_active_user & is_registrar & can_see_document)
rules.add_perm("documents.attach_document", is_active_user & is_registrar & can_see_document)
rules.add_perm(
    "documents.instruct",
    is_active_user & has_role(Role.LEADER) & can_see_document & is_proposed_leader,
)
rules.add_perm("documents.report_task", is_active_user & is_task_assignee)
rules.add_perm("documents.sign_slip", is_active_user & is_slip_reader)
rules.add_perm("documents.draft_outgoing", is_active_user & is_registrar)
rules.add_perm("documents.view_outgoing", is_active_user & can_see_outgoing)
rules.add_perm("documents.review_outgoing", is_active_user & is_registrar & can_see_outgoing)
rules.add_perm(
    "documents.sign_outgoing",
    is_active_user & has_role(Role.LEADER) & is_signer & can_see_outgoing,
)
rules.add_perm("documents.issue_outgoing", is_active_user & is_registrar & can_see_outgoing)
rules.add_perm("documents.archive_outgoing", is_active_user & is_registrar & can_see_outgoing)
# 解密 review of a classified outgoing document: the registry staff who can see it.
rules.add_perm("documents.declassify_outgoing", is_active_user & is_registrar & can_see_outgoing)
rules.add_perm(
    "documents.view_archive", is_active_user & has_role(Role.CLERK, Role.SUPERVISOR, Role.AUDITOR)
)
# 借阅: anyone who may see an item asks to borrow it; the registry confirms the return.
rules.add_perm("documents.borrow_document", is_active_user & can_see_document)
rules.add_perm("documents.return_borrowing", is_active_user & is_registrar & can_see_borrowed)
