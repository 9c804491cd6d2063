"""The ledger in Excel: export (streamed to a temp file), template and import.

The export's columns are the import's columns, so a ledger can be exported, edited in Excel and
imported back: rows with an asset number update that card, rows without one register new
assets. Status is shown for reading; it changes only through custody, disposal and stocktakes.
"""

import datetime
import tempfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from zhongshu.audit.services import record
from zhongshu.core.errors import ensure
from zhongshu.core.excel import DATE, MONEY, Column
from zhongshu.core.numbering import next_values
from zhongshu.core.xlsx import write_table
from zhongshu.org.models import Department, User

from ..models import Asset, AssetEvent, AssetStatus, Category, Location
from .common import change_status, clean_price, search_index_later
from .excel_io import BadRows, read_xlsx
from .ledger import ASSET_FIELDS, NUMBER_SERIES, NUMBER_TEMPLATE

# (key, header, width in characters, number format) of every column, export and import alike.
COLUMNS = (
    ("number", gettext_lazy("Asset number"), 17, None),
    ("name", gettext_lazy("Name"), 24, None),
    ("category", gettext_lazy("Category"), 12, None),
    ("model", gettext_lazy("Model"), 18, None),
    ("serial_number", gettext_lazy("Serial number"), 18, None),
    ("purchase_date", gettext_lazy("Purchase date"), 12, DATE),
    ("price", gettext_lazy("Price (CNY)"), 14, MONEY),
    ("supplier", gettext_lazy("Supplier"), 20, None),
    ("warranty_until", gettext_lazy("Warranty until"), 12, DATE),
    ("department", gettext_lazy("Department"), 16, None),
    ("location", pgettext_lazy("asset location", "Location"), 24, None),
    ("custodian", gettext_lazy("Custodian (username)"), 16, None),
    ("status", gettext_lazy("Status"), 10, None),
    ("note", gettext_lazy("Note"), 30, None),
)
KEYS = [key for key, *_layout in COLUMNS]
MAX_IMPORT_ROWS = 20_000
BATCH = 1000
TEXT_LIMITS = {"name": 200, "model": 100, "serial_number": 100, "supplier": 200}


def columns() -> list[Column]:
    return [Column(str(label), width, fmt) for _key, label, width, fmt in COLUMNS]


def headers() -> list[str]:
    return [column.header for column in columns()]


def export_values(assets: QuerySet[Asset]) -> Iterator[list[Any]]:
    """Value rows of the export, one query streamed in chunks."""
    statuses = dict(AssetStatus.choices)
    rows = assets.order_by("id").values_list(
        "number",
        "name",
        "category__name",
        "model",
        "serial_number",
        "purchase_date",
        "price",
        "supplier",
        "warranty_until",
        "department__name",
        "location__full_name",
        "custodian__username",
        "status",
        "note",
    )
    for row in rows.iterator(chunk_size=2000):
        values: list[Any] = list(row)
        values[12] = str(statuses.get(values[12], values[12]))
        yield [value if value is not None else "" for value in values]


def write_workbook(rows: Iterable[Iterable[Any]], title: str) -> IO[bytes]:
    """An .xlsx of `rows` streamed to a temporary file (memory stays flat for any size), laid
    out for print by `core.xlsx`."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the streaming response
    write_table(target, title=title, columns=columns(), rows=rows)
    target.seek(0)
    return target


def ledger_export(*, assets: QuerySet[Asset], by: User) -> IO[bytes]:
    ensure(by, "assets.view_ledger")
    record(actor=by, action="assets.ledger_exported")
    return write_workbook(export_values(assets), _("Asset ledger"))


def template_file() -> IO[bytes]:
    example = [
        "",
        "笔记本电脑",
        "IT",
        "ThinkPad X1",
        "SN0001",
        datetime.date(2026, 1, 15),
        Decimal("8999.00"),
        "联想",
        datetime.date(2029, 1, 14),
        "",
        "",
        "",
        "",
        "",
    ]
    return write_workbook([example], _("Asset ledger"))


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _date(value: Any, errors: list[str], label: object) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(_text(value).replace("/", "-"))
    except ValueError:
        errors.append(_("%(column)s is not a date (YYYY-MM-DD).") % {"column": label})
        return None


class _Lookups:
    """Every reference of the file resolved in a few queries."""

    def __init__(self, rows: list[tuple[int, dict[str, Any]]]) -> None:
        names: dict[str, set[str]] = {key: set() for key in ("number", "custodian")}
        for _n, values in rows:
            names["number"].add(_text(values.get("number")).upper())
            names["custodian"].add(_text(values.get("custodian")))
        self.categories: dict[str, Category] = {}
        for category in Category.objects.filter(is_active=True):
            self.categories[category.code] = category
            self.categories[category.name] = category
        self.departments: dict[str, Department] = {}
        for department in Department.objects.filter(is_active=True):
            self.departments[department.code] = department
            self.departments[department.name] = department
        self.locations = {loc.full_name: loc for loc in Location.objects.filter(is_active=True)}
        self.users = {
            user.username: user
            for user in User.objects.filter(username__in=names["custodian"] - {""}, is_active=True)
        }
        self.assets = {
            asset.number: asset
            for asset in Asset.objects.select_for_update().filter(number__in=names["number"] - {""})
        }


def _validate(
    values: dict[str, Any], lookups: _Lookups, seen: set[str]
) -> tuple[dict[str, Any], list[str]]:
    errors: list[str] = []
    cleaned: dict[str, Any] = {}
    labels = {key: label for key, label, *_layout in COLUMNS}
    code = _text(values.get("number")).upper()
    if code:
        if code in seen:
            errors.append(_("The asset number appears twice in the file."))
        seen.add(code)
        asset = lookups.assets.get(code)
        if asset is None:
            errors.append(_("Unknown asset number %(number)s.") % {"number": code})
        elif asset.is_disposed:
            errors.append(_("Asset %(number)s has been disposed of.") % {"number": code})
        cleaned["asset"] = asset
    for key in ("name", "model", "serial_number", "supplier", "note"):
        cleaned[key] = _text(values.get(key))
        if key in TEXT_LIMITS and len(cleaned[key]) > TEXT_LIMITS[key]:
            errors.append(_("%(column)s is too long.") % {"column": labels[key]})
    if not cleaned["name"]:
        errors.append(_("The name is required."))
    category = _text(values.get("category"))
    cleaned["category"] = lookups.categories.get(category)
    if cleaned["category"] is None:
        errors.append(_("Unknown category %(value)s.") % {"value": category or "—"})
    for key in ("purchase_date", "warranty_until"):
        cleaned[key] = _date(values.get(key), errors, labels[key])
    try:
        cleaned["price"] = clean_price(values.get("price"))
    except Exception as error:  # ServiceError with a translated message
        errors.append(str(getattr(error, "detail", error)))
    for key, table in (("department", lookups.departments), ("location", lookups.locations)):
        text = _text(values.get(key))
        cleaned[key] = table.get(text) if text else None
        if text and cleaned[key] is None:
            errors.append(
                _("Unknown %(column)s: %(value)s.") % {"column": labels[key], "value": text}
            )
    username = _text(values.get("custodian"))
    cleaned["custodian"] = lookups.users.get(username) if username else None
    if username and cleaned["custodian"] is None:
        errors.append(_("Unknown or disabled user %(value)s.") % {"value": username})
    return cleaned, errors


def _event(asset: Asset, kind: str, by: User, note: str, **data: Any) -> AssetEvent:
    return AssetEvent(asset=asset, kind=kind, actor=by, note=note, data=data)


def _update_row(
    asset: Asset,
    cleaned: dict[str, Any],
    by: User,
    events: list[AssetEvent],
    now: datetime.datetime,
) -> bool:
    """Apply one row to a locked card in memory; queue its events. True when it changed."""
    custodian = cleaned.pop("custodian")
    changed = [key for key, value in cleaned.items() if getattr(asset, key) != value]
    for key in changed:
        setattr(asset, key, cleaned[key])
    note = _("Imported")
    if custodian is not None and custodian.pk != asset.custodian_id:
        change_status(asset, AssetStatus.IN_USE)
        asset.custodian = custodian
        events.append(
            _event(asset, AssetEvent.Kind.ASSIGNED, by, note, custodian=custodian.display_name)
        )
        changed.append("custodian")
    elif custodian is None and asset.custodian_id:
        change_status(asset, AssetStatus.IDLE)
        asset.custodian = None
        events.append(_event(asset, AssetEvent.Kind.RETURNED, by, note))
        changed.append("custodian")
    if not changed:
        return False
    asset.updated_at = now
    events.append(_event(asset, AssetEvent.Kind.UPDATED, by, note, fields=sorted(changed)))
    return True


def _create_rows(rows: list[dict[str, Any]], by: User, events: list[AssetEvent]) -> list[int]:
    """Insert new cards in bulk with one block of numbers reserved in a single query."""
    if not rows:
        return []
    year = timezone.localdate().year
    numbers = next_values(f"{NUMBER_SERIES}:{year}", len(rows))
    note = _("Imported")
    assets = []
    for seq, cleaned in zip(numbers, rows, strict=True):
        custodian = cleaned.pop("custodian")
        asset = Asset(
            number=NUMBER_TEMPLATE.format(year=year, seq=seq),
            custodian=custodian,
            status=AssetStatus.IN_USE if custodian else AssetStatus.IDLE,
            **cleaned,
        )
        if custodian and not asset.department_id:
            asset.department_id = custodian.department_id
        assets.append(asset)
    Asset.objects.bulk_create(assets, batch_size=BATCH)
    for asset in assets:
        events.append(_event(asset, AssetEvent.Kind.REGISTERED, by, note))
        if asset.custodian is not None:
            events.append(
                _event(
                    asset,
                    AssetEvent.Kind.ASSIGNED,
                    by,
                    "",
                    custodian=asset.custodian.display_name,
                )
            )
    return [asset.pk for asset in assets]


def _apply(checked: list[dict[str, Any]], by: User) -> dict[str, int]:
    events: list[AssetEvent] = []
    now = timezone.now()
    new_rows, updated = [], []
    for cleaned in checked:
        asset = cleaned.pop("asset", None)
        if asset is None:
            new_rows.append(cleaned)
        elif _update_row(asset, cleaned, by, events, now):
            updated.append(asset)
    created_ids = _create_rows(new_rows, by, events)
    created = len(created_ids)
    if updated:
        fields = [*ASSET_FIELDS, "custodian", "status", "status_changed_at", "updated_at"]
        Asset.objects.bulk_update(updated, fields, batch_size=BATCH)
    AssetEvent.objects.bulk_create(events, batch_size=BATCH)
    search_index_later([asset.pk for asset in updated] + created_ids)
    return {
        "created": created,
        "updated": len(updated),
        "unchanged": len(checked) - created - len(updated),
    }


@transaction.atomic
def ledger_import(
    *, upload: UploadedFile | None, dry_run: bool = False, by: User
) -> dict[str, Any]:
    """Check every row, then (not a dry run) apply all of them, or none when any is bad."""
    ensure(by, "assets.manage")
    raw = read_xlsx(upload, max_rows=MAX_IMPORT_ROWS)
    rows = [
        (number, dict(zip(KEYS, values, strict=False)))
        for number, values in raw[1:]
        if any(value not in (None, "") for value in values)
    ]
    if not rows:
        raise BadRows(_("The file holds no rows."), [])
    lookups = _Lookups(rows)
    seen: set[str] = set()
    checked: list[dict[str, Any]] = []
    report: list[dict[str, Any]] = []
    for number, values in rows:
        cleaned, errors = _validate(values, lookups, seen)
        checked.append(cleaned)
        if errors:
            report.append({"row": number, "errors": errors})
    summary: dict[str, Any] = {
        "rows": len(rows),
        "create": sum(1 for row in checked if not row.get("asset")),
        "update": sum(1 for row in checked if row.get("asset")),
        "errors": report,
        "dry_run": bool(dry_run),
    }
    if report:
        raise BadRows(
            _("%(n)d row(s) are wrong; nothing was imported.") % {"n": len(report)}, report
        )
    if dry_run:
        return summary
    outcome = _apply(checked, by)
    summary.update(outcome)
    record(actor=by, action="assets.ledger_imported", after=outcome)
    return summary
