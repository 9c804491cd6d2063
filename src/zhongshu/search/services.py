"""The search index: write entries, and query them through each type's visibility rule.

    index_object(obj, title=..., body=..., keywords=...)   # after the object changed
    remove_object(obj)                                      # when it is deleted or withdrawn
    search(user, "年度 会议", types=["org.user"])          # -> [SearchHit, ...]

Nothing about an object the user may not see (hit, count, title or snippet) ever leaves
search(): candidates are intersected with the type's `visible_to(user)` queryset inside the
one SQL query that ranks them, and titles/links come from objects re-read through it.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection, models, transaction
from django.db.models import CharField, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.safestring import SafeString

from zhongshu.org.models import User

from . import backends, text
from .models import SearchEntry
from .registry import (
    Searchable,
    for_model,
    get_searchable,
    register_searchable,
    searchable_types,
    unregister_searchable,
)

MAX_LIMIT = 100
MAX_OFFSET = 1000
TITLE_MAX = SearchEntry._meta.get_field("title").max_length
REINDEX_BATCH = 500

# Index keywords: one string, or several values (numbers, tags, names) joined by spaces.
Keywords: TypeAlias = str | Iterable[object] | None

__all__ = [
    "SearchHit",
    "index_object",
    "register_searchable",
    "reindex",
    "remove_object",
    "search",
    "searchable_types",
    "unregister_searchable",
    "update_object",
]


@dataclass(frozen=True)
class SearchHit:
    type: str  # "app_label.model_name"
    type_label: str
    title: str
    url: str
    snippet: str  # plain text; use snippet_html to show it with the terms marked
    score: float
    terms: tuple[str, ...] = ()

    @property
    def snippet_html(self) -> SafeString:
        return text.highlight(self.snippet, self.terms)


def _keywords_text(keywords: Keywords) -> str:
    if isinstance(keywords, str):
        return keywords
    return " ".join(str(k) for k in keywords or ())


def _entry_fields(title: object, body: object, keywords: Keywords) -> dict[str, str]:
    title = " ".join(str(title or "").split())[:TITLE_MAX]
    body = str(body or "")[: text.MAX_INDEXED_CHARS]
    return {
        "title": title,
        "body": body,
        "title_terms": text.segment(title),
        "body_terms": text.segment(body),
        "keyword_terms": text.segment(_keywords_text(keywords)),
    }


def index_object(
    obj: models.Model, *, title: str, body: str = "", keywords: Keywords = ""
) -> SearchEntry:
    """Write (or rewrite) the index entry of `obj`, whose model must be registered.

    Call it inside the transaction that changed the object, so a rollback undoes both.
    `keywords` (a string or a list of strings: numbers, tags, names) weigh more than the body.
    """
    for_model(type(obj))
    entry, _created = SearchEntry.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        defaults=_entry_fields(title, body, keywords),
    )
    return entry


def remove_object(obj: models.Model) -> None:
    """Drop `obj` from the index (no error when it was not indexed)."""
    SearchEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).delete()


def update_object(obj: models.Model) -> None:
    """(Re)index `obj` from its registered `document` callable; a None document removes it."""
    spec = for_model(type(obj))
    if spec.document is None:
        raise LookupError(f"{spec.key} has no document callable")
    document = spec.document(obj)
    if document is None:
        remove_object(obj)
    else:
        title, body, keywords = document
        index_object(obj, title=title, body=body, keywords=keywords)


def _reindex_batch(
    document_of: Callable[[models.Model], tuple[object, object, Keywords] | None],
    ct: ContentType,
    objects: list[models.Model],
) -> int:
    entries = [
        SearchEntry(content_type=ct, object_id=str(obj.pk), **_entry_fields(*document))
        for obj in objects
        if (document := document_of(obj)) is not None
    ]
    with transaction.atomic():
        SearchEntry.objects.filter(
            content_type=ct, object_id__in=[str(obj.pk) for obj in objects]
        ).delete()
        SearchEntry.objects.bulk_create(entries)
    return len(entries)


def reindex(keys: Sequence[str] | None = None) -> dict[str, int]:
    """Rebuild the entries of the given types ("app.model"; default: every registered type
    with a `document` callable) in batches, drop entries of objects that are gone (or outside
    the type's `queryset`), and return how many entries each type now has."""
    specs = [get_searchable(key) for key in keys] if keys else searchable_types()
    counts: dict[str, int] = {}
    for spec in specs:
        if spec.document is None:
            continue
        ct = ContentType.objects.get_for_model(spec.model)
        rows = spec.queryset() if spec.queryset else spec.model._default_manager.all()
        count = 0
        batch: list[models.Model] = []
        for obj in rows.order_by("pk").iterator(chunk_size=REINDEX_BATCH):
            batch.append(obj)
            if len(batch) == REINDEX_BATCH:
                count += _reindex_batch(spec.document, ct, batch)
                batch = []
        if batch:
            count += _reindex_batch(spec.document, ct, batch)
        existing = (
            rows.order_by()
            .annotate(_search_id=Cast("pk", output_field=CharField()))
            .values("_search_id")
        )
        SearchEntry.objects.filter(content_type=ct).exclude(object_id__in=existing).delete()
        counts[spec.key] = count
    if not keys:
        backends.current().rebuild()
    return counts


# --- query ------------------------------------------------------------------------------


def _cast_target(model: type[models.Model]) -> models.Field | None:
    """The field to CAST the text `object_id` to, so the visibility check hits the pk index."""
    pk = model._meta.pk
    while isinstance(pk, models.ForeignKey):  # a OneToOneField pk (multi-table inheritance)
        pk = pk.target_field
    if isinstance(pk, models.UUIDField):
        return models.UUIDField()
    if isinstance(pk, models.IntegerField):  # AutoField and BigAutoField included
        return models.BigIntegerField()
    return None


def _visibility(
    spec: Searchable, user: User, ct_id: int, narrow: Q | None = None
) -> tuple[str, list[Any]] | None:
    """SQL `(entry is of this type AND EXISTS(visible_to(user) row with that pk))`, or None
    when the user sees nothing of this type. `narrow` (a Q) further filters the visible rows."""
    # A constant column reference to the outer query's entry row; no user input.
    object_id = RawSQL(f"{backends.ENTRY_ALIAS}.object_id", (), output_field=CharField())  # noqa: S611
    target = _cast_target(spec.model)
    ref = Cast(object_id, output_field=target) if target is not None else object_id
    visible = spec.visible_to(user)
    if narrow is not None:
        visible = visible.filter(narrow)
    visible = visible.filter(pk=ref).order_by().values("pk")
    try:
        sql, params = visible.query.sql_with_params()
    except EmptyResultSet:
        return None
    return (
        f"({backends.ENTRY_ALIAS}.content_type_id = %s AND EXISTS ({sql}))",
        [ct_id, *params],
    )


def search(
    user: User | AnonymousUser | None,
    q: str,
    *,
    types: Sequence[str] | None = None,
    limit: int = 20,
    offset: int = 0,
    narrow: Mapping[str, Q] | None = None,
) -> list[SearchHit]:
    """The best `limit` hits for `q` among objects `user` may see, best first.

    `narrow` ({type key: Q}) filters a type's visible rows further (a module's own filters:
    year, status...); it can only take hits away, never add any.
    `types` limits the search to some registered types ("app_label.model_name"; unknown ones
    raise LookupError). No total is computed: ask for limit + 1 to know if there is more.
    """
    specs = [get_searchable(key) for key in types] if types else searchable_types()
    terms = text.query_terms(q)
    limit = max(0, min(int(limit), MAX_LIMIT))
    offset = max(0, int(offset))
    if not (user and user.is_authenticated and user.is_active):
        return []
    if not terms or not specs or limit == 0 or offset > MAX_OFFSET:
        return []

    content_types = ContentType.objects.get_for_models(*(spec.model for spec in specs))
    by_ct = {content_types[spec.model].pk: spec for spec in specs}
    clauses: list[str] = []
    clause_params: list[Any] = []
    for ct_id, spec in by_ct.items():
        clause = _visibility(spec, user, ct_id, (narrow or {}).get(spec.key))
        if clause is not None:
            clauses.append(clause[0])
            clause_params.extend(clause[1])
    if not clauses:
        return []

    match = backends.current().match(SearchEntry._meta.db_table, terms)
    alias = backends.ENTRY_ALIAS
    # Only constant identifiers and ORM-compiled SQL are formatted in; every value is a parameter.
    sql = (
        f"SELECT {alias}.id, {alias}.content_type_id, {alias}.object_id, {alias}.title, "  # noqa: S608
        f"{alias}.body, {match.score_sql} AS score "
        f"FROM {match.from_sql} "
        f"WHERE {match.where_sql} AND ({' OR '.join(clauses)}) "
        f"ORDER BY score DESC, {alias}.id DESC LIMIT %s OFFSET %s"
    )
    params = [*match.from_params, *match.where_params, *clause_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return _hits(user, rows, by_ct, tuple(terms))


def _hits(
    user: User,
    rows: Sequence[tuple[Any, ...]],
    by_ct: Mapping[int, Searchable],
    terms: tuple[str, ...],
) -> list[SearchHit]:
    """Turn index rows into hits; objects are re-read through visible_to (one query a type)."""
    wanted: defaultdict[int, list[str]] = defaultdict(list)
    for _id, ct_id, object_id, *_rest in rows:
        wanted[ct_id].append(object_id)
    objects: dict[tuple[int, str], models.Model] = {}
    for ct_id, object_ids in wanted.items():
        for obj in by_ct[ct_id].visible_to(user).filter(pk__in=object_ids):
            objects[ct_id, str(obj.pk)] = obj
    hits: list[SearchHit] = []
    for _id, ct_id, object_id, title, body, score in rows:
        obj = objects.get((ct_id, object_id))
        if obj is None:
            continue
        spec = by_ct[ct_id]
        hits.append(
            SearchHit(
                type=spec.key,
                type_label=str(spec.label),
                title=str(spec.title(obj)) if spec.title else title,
                url=spec.url(obj),
                snippet=text.snippet(body, terms),
                score=round(float(score), 6),
                terms=terms,
            )
        )
    return hits
