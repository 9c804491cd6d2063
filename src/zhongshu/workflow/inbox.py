"""The to-do inbox (待办): everything waiting on a user, gathered from registered providers.

A module registers a provider once (in AppConfig.ready):

    register_inbox_provider("approval", _("Approval"), items=my_items, count=my_count)

`items(user, limit)` returns at most `limit` InboxItems (all when limit is None), already in inbox
order (earliest due first, undated last); `count(user)` returns how many there are. Both must
cost a fixed number of queries, whatever the number of rows.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from django.utils import timezone

_FAR = datetime.max.replace(tzinfo=UTC)


@dataclass
class InboxItem:
    kind: str
    kind_label: str
    title: str
    url: str
    api_url: str = ""
    due_at: datetime | None = None
    created_at: datetime | None = None

    @property
    def overdue(self) -> bool:
        return self.due_at is not None and self.due_at <= timezone.now()

    def sort_key(self):
        return (not self.overdue, self.due_at is None, self.due_at or _FAR, self.created_at or _FAR)


@dataclass(frozen=True)
class InboxProvider:
    kind: str
    label: str
    items: Callable
    count: Callable


_PROVIDERS: dict[str, InboxProvider] = {}


def register_inbox_provider(kind, label, *, items, count) -> InboxProvider:
    provider = InboxProvider(kind, label, items, count)
    _PROVIDERS[kind] = provider
    return provider


def inbox_kinds() -> list[tuple[str, str]]:
    return [(p.kind, p.label) for p in _PROVIDERS.values()]


def inbox_for(user, limit=None, *, kind=None) -> list[InboxItem]:
    """The user's to-dos: overdue first, then by due time (undated last), then oldest first."""
    if not user or not user.is_authenticated or not user.is_active:
        return []
    items = []
    for provider in _PROVIDERS.values():
        if kind and provider.kind != kind:
            continue
        items.extend(provider.items(user, limit))
    items.sort(key=InboxItem.sort_key)
    return items[:limit] if limit is not None else items


def inbox_page(user, limit: int, *, kind=None) -> tuple[list[InboxItem], int]:
    """The first `limit` to-dos (as `inbox_for`) and how many there are in all.

    A provider that returns fewer than `limit` items has no more, so its count is that number
    and its count query is skipped: most people have a few to-dos of a few kinds.
    """
    if not user or not user.is_authenticated or not user.is_active:
        return [], 0
    items, total = [], 0
    for provider in _PROVIDERS.values():
        if kind and provider.kind != kind:
            continue
        found = provider.items(user, limit)
        items.extend(found)
        total += len(found) if len(found) < limit else provider.count(user)
    items.sort(key=InboxItem.sort_key)
    return items[:limit], total


def inbox_count(user, *, kind=None) -> int:
    if not user or not user.is_authenticated or not user.is_active:
        return 0
    return sum(
        provider.count(user)
        for provider in _PROVIDERS.values()
        if not kind or provider.kind == kind
    )


def inbox_items_as_dicts(user, request=None, limit=None) -> list[dict]:
    """Inbox items as JSON-ready dicts; with `request`, URLs are absolute."""
    from .api.serializers import InboxItemSerializer

    items = inbox_for(user, limit)
    return InboxItemSerializer(items, many=True, context={"request": request}).data
