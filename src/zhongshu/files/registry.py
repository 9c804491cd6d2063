"""Which models may own attachments, and who may see or add them.

Domain apps register their models in `AppConfig.ready()`:

    register_attachment_owner(
        Document,
        can_view=lambda user, doc: Document.objects.visible_to(user).filter(pk=doc.pk).exists(),
        can_attach=lambda user, doc: user.has_perm("documents.change_document", doc),
    )

The files app never imports a domain app; downloads and uploads ask the owner's policy.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class OwnerPolicy:
    model: type[models.Model]
    can_view: Callable[[object, models.Model], bool]
    can_attach: Callable[[object, models.Model], bool]
    sensitive: Callable[[models.Model], bool] | None = None
    safe_label: Callable[[models.Model], str] | None = None


_registry: dict[str, OwnerPolicy] = {}


def register_attachment_owner(
    model, *, can_view, can_attach, sensitive=None, safe_label=None
) -> None:
    """Allow `model` instances to own attachments under the two predicates (user, obj) -> bool.

    `sensitive(obj) -> bool` marks owners (classified items) whose files' text is never
    extracted into the database or the search index, and whose files' names never reach the
    audit log: events about such a file name it by `safe_label(obj) -> str` (e.g. the item's
    registration number) instead.
    """
    _registry[model._meta.label_lower] = OwnerPolicy(
        model, can_view, can_attach, sensitive, safe_label
    )


def unregister_attachment_owner(model) -> None:
    _registry.pop(model._meta.label_lower, None)


def policy_for(model_or_obj) -> OwnerPolicy | None:
    """The registered policy of a model (or of an instance's model), or None."""
    return _registry.get(model_or_obj._meta.label_lower)


def policy_for_label(label: str) -> OwnerPolicy | None:
    """The policy for "app_label.model", or None when no such owner is registered."""
    return _registry.get(label.lower())


def can_view(user, owner) -> bool:
    policy = policy_for(owner)
    return bool(
        policy and user.is_authenticated and user.is_active and policy.can_view(user, owner)
    )


def can_attach(user, owner) -> bool:
    policy = policy_for(owner)
    return bool(
        policy and user.is_authenticated and user.is_active and policy.can_attach(user, owner)
    )


def is_sensitive(owner) -> bool:
    policy = policy_for(owner)
    return bool(policy and policy.sensitive and policy.sensitive(owner))


def audit_label(owner) -> str | None:
    """What the audit log calls a file of `owner`: None (its own name) unless the owner is
    sensitive, then the owner's safe label, or its type and id when it registered none."""
    if not is_sensitive(owner):
        return None
    policy = policy_for(owner)
    if policy is not None and policy.safe_label is not None:
        return policy.safe_label(owner)
    return f"{owner._meta.label_lower}#{owner.pk}"
