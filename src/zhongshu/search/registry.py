"""Which models are searchable, and how: visibility, link, label and the text to index.

Apps register in their AppConfig.ready():

    register_searchable(
        Document,
        visible_to=lambda user: Document.objects.visible_to(user),
        url=lambda doc: reverse("documents:detail", args=[doc.pk]),
        label=_("Documents"),
        document=lambda doc: (doc.title, doc.text, doc.number),
    )
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Searchable:
    model: type[models.Model]
    visible_to: Callable  # (user) -> QuerySet of the model: the one rule of who sees what
    url: Callable  # (obj) -> str
    label: str
    title: Callable | None = None  # (obj) -> str shown instead of the indexed title
    document: Callable | None = None  # (obj) -> (title, body, keywords) or None (not indexed)
    queryset: Callable | None = None  # () -> QuerySet that `search reindex` walks

    @property
    def key(self) -> str:
        """The type's key, "app_label.model_name": the value of the `type` filter."""
        return self.model._meta.label_lower


_registry: dict[str, Searchable] = {}


def register_searchable(
    model,
    *,
    visible_to,
    url,
    label,
    title=None,
    document=None,
    queryset=None,
) -> Searchable:
    """Make `model` searchable; registering a model again replaces its entry."""
    model = model._meta.concrete_model
    spec = Searchable(
        model=model,
        visible_to=visible_to,
        url=url,
        label=label,
        title=title,
        document=document,
        queryset=queryset,
    )
    _registry[spec.key] = spec
    return spec


def unregister_searchable(model) -> None:
    _registry.pop(model._meta.concrete_model._meta.label_lower, None)


def searchable_types() -> list[Searchable]:
    """Every registered type, in registration order."""
    return list(_registry.values())


def get_searchable(key: str) -> Searchable:
    """The registered type "app_label.model_name"; LookupError when there is none."""
    try:
        return _registry[key]
    except KeyError:
        raise LookupError(f"{key!r} is not a searchable type") from None


def for_model(model) -> Searchable:
    return get_searchable(model._meta.concrete_model._meta.label_lower)
