"""The monthly ledger snapshot (月度台账) and its difference from the previous month."""

import datetime
import tempfile
from collections.abc import Iterator
from decimal import Decimal
from typing import IO, Any

from django.db import connection, models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from zhongshu.audit.services import record
from zhongshu.core.errors import ensure
from zhongshu.core.excel import Column
from zhongshu.core.xlsx import write_table
from zhongshu.org.models import Department, User

from ..models import Asset, AssetStatus, LedgerSnapshot, Location, SnapshotRow

# Compared between two months; each is (key, label, compared column, shown text column).
COMPARED = (
    ("name", gettext_lazy("Name"), "name", "name"),
    ("price", gettext_lazy("Price"), "price", "price"),
    ("custodian", gettext_lazy("Custodian"), "custodian_id", "custodian"),
    ("department", gettext_lazy("Department"), "department_id", "department"),
    ("location", pgettext_lazy("asset location", "Location"), "location_id", "location"),
    ("status", gettext_lazy("Status"), "status", "status"),
)
CHANGE_LABELS = {
    "added": gettext_lazy("Added"),
    "removed": gettext_lazy("Removed"),
    "changed": gettext_lazy("Changed"),
}


def _table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


@transaction.atomic
def ledger_snapshot_take(
    *, month: datetime.date | None = None, by: User | None = None
) -> LedgerSnapshot:
    """Store every active asset's key fields for `month` (default: this month), replacing
    the month's earlier snapshot. Runs as one INSERT … SELECT, so 100,000 assets take a
    moment. `by` is None when the monthly job takes it."""
    if by is not None:
        ensure(by, "assets.manage")
    month = (month or timezone.localdate()).replace(day=1)
    snapshot, _created = LedgerSnapshot.objects.select_for_update().get_or_create(month=month)
    snapshot.rows.all().delete()
    # Table and column names are the models' own constants; values are bound parameters.
    sql = (
        f"INSERT INTO {_table(SnapshotRow)} (snapshot_id, asset_id, number, name, "  # noqa: S608
        "custodian_id, custodian, department_id, department, location_id, location, status, "
        "price) SELECT %s, a.id, a.number, a.name, a.custodian_id, "
        "COALESCE(NULLIF(u.name, ''), u.username, ''), a.department_id, COALESCE(d.name, ''), "
        "a.location_id, COALESCE(l.full_name, ''), a.status, a.price "
        f"FROM {_table(Asset)} a LEFT JOIN {_table(User)} u ON u.id = a.custodian_id "
        f"LEFT JOIN {_table(Department)} d ON d.id = a.department_id "
        f"LEFT JOIN {_table(Location)} l ON l.id = a.location_id "
        "WHERE a.status <> %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [snapshot.pk, AssetStatus.DISPOSED])
    snapshot.assets = snapshot.rows.count()
    snapshot.taken_by = by
    snapshot.save()
    record(
        actor=by,
        action="assets.ledger_snapshot_taken",
        obj=snapshot,
        after={"month": f"{month:%Y-%m}", "assets": snapshot.assets},
    )
    return snapshot


def previous_of(snapshot: LedgerSnapshot) -> LedgerSnapshot | None:
    return LedgerSnapshot.objects.filter(month__lt=snapshot.month).order_by("-month").first()


def _only_in(snapshot: LedgerSnapshot, other: LedgerSnapshot | None) -> QuerySet[SnapshotRow]:
    rows = SnapshotRow.objects.filter(snapshot=snapshot)
    if other is not None:
        rows = rows.exclude(
            asset_id__in=SnapshotRow.objects.filter(snapshot=other).values("asset_id")
        )
    return rows.order_by("asset_id")


def added(snapshot: LedgerSnapshot, previous: LedgerSnapshot | None) -> QuerySet[SnapshotRow]:
    return _only_in(snapshot, previous)


def removed(snapshot: LedgerSnapshot, previous: LedgerSnapshot | None) -> QuerySet[SnapshotRow]:
    return _only_in(previous, snapshot) if previous else SnapshotRow.objects.none()


def _changed_sql(select: str) -> str:
    differs = " OR ".join(
        f"COALESCE(p.{column}, 0) <> COALESCE(c.{column}, 0)"
        if column.endswith("_id")
        else f"p.{column} <> c.{column}"  # a price missing in an older snapshot never differs
        for _key, _label, column, _shown in COMPARED
    )
    return (
        f"SELECT {select} FROM {_table(SnapshotRow)} c "  # noqa: S608
        f"JOIN {_table(SnapshotRow)} p "
        "ON p.asset_id = c.asset_id AND p.snapshot_id = %s "
        f"WHERE c.snapshot_id = %s AND ({differs})"
    )


def changed_count(snapshot: LedgerSnapshot, previous: LedgerSnapshot | None) -> int:
    if previous is None:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_changed_sql("COUNT(*)"), [previous.pk, snapshot.pk])
        return cursor.fetchone()[0]


def _differs(key: str, before: Any, after: Any) -> bool:
    """The Python twin of the SQL test in `_changed_sql`."""
    if key == "price":
        return before is not None and Decimal(str(before)) != Decimal(str(after))
    return (before or 0) != (after or 0)


def _money(value: Any) -> str:
    """A price read back by the raw cursor (Decimal, float or text by database) as 0.00."""
    return "" if value is None else f"{Decimal(str(value)):.2f}"


def changed(
    snapshot: LedgerSnapshot, previous: LedgerSnapshot | None, *, limit: int | None = None
) -> Iterator[tuple[str, str, list[tuple[str, str, str]]]]:
    """(number, name, [(field label, before, after), …]) of assets whose key fields moved."""
    if previous is None:
        return
    columns = ", ".join(
        f"p.{column}, c.{column}, p.{shown}, c.{shown}" for _k, _l, column, shown in COMPARED
    )
    sql = _changed_sql(f"c.number, c.name, {columns}") + " ORDER BY c.asset_id"
    params: list[Any] = [previous.pk, snapshot.pk]
    if limit is not None:
        sql += " LIMIT %s"
        params.append(limit)
    statuses = dict(AssetStatus.choices)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while batch := cursor.fetchmany(2000):
            for row in batch:
                fields = []
                for index, (key, label, _column, _shown) in enumerate(COMPARED):
                    old_id, new_id, old, new = row[2 + index * 4 : 6 + index * 4]
                    if _differs(key, old_id, new_id):
                        if key == "status":
                            old, new = statuses.get(old, old), statuses.get(new, new)
                        elif key == "price":
                            old, new = _money(old), _money(new)
                        fields.append((str(label), str(old or "—"), str(new or "—")))
                yield row[0], row[1], fields


def diff_summary(snapshot: LedgerSnapshot) -> dict[str, Any]:
    previous = previous_of(snapshot)
    return {
        "previous": previous,
        "added": added(snapshot, previous).count() if previous else 0,
        "removed": removed(snapshot, previous).count(),
        "changed": changed_count(snapshot, previous),
    }


def diff_rows(snapshot: LedgerSnapshot) -> Iterator[list[str]]:
    """Every difference as an Excel row: change, number, name, field, before, after."""
    previous = previous_of(snapshot)
    if previous is None:
        return
    for change, rows in (
        ("added", added(snapshot, previous)),
        ("removed", removed(snapshot, previous)),
    ):
        for number, name in rows.values_list("number", "name").iterator(chunk_size=2000):
            yield [str(CHANGE_LABELS[change]), number, name, "", "", ""]
    for number, name, fields in changed(snapshot, previous):
        for label, before, after in fields:
            yield [str(CHANGE_LABELS["changed"]), number, name, label, before, after]


def diff_columns() -> list[Column]:
    return [
        Column(_("Change"), 10),
        Column(_("Asset number"), 17),
        Column(_("Name"), 24),
        Column(_("Field"), 14),
        Column(_("Before"), 28),
        Column(_("After"), 28),
    ]


def diff_export(*, snapshot: LedgerSnapshot, by: User) -> IO[bytes]:
    ensure(by, "assets.view_ledger")
    record(actor=by, action="assets.ledger_diff_exported", obj=snapshot)
    target = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the streaming response
    write_table(
        target, title=f"{snapshot.month:%Y-%m}", columns=diff_columns(), rows=diff_rows(snapshot)
    )
    target.seek(0)
    return target
