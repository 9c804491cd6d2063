"""Benchmarks of the assets app at 100,000 assets: ledger list, reconcile, export, import."""

import datetime
import io
import resource
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings
from openpyxl import Workbook

from zhongshu.assets.models import Asset, Category, StocktakeScan
from zhongshu.assets.services import ledger_excel, stocktake_create, stocktake_reconcile
from zhongshu.org.models import User

from .measure import query_count, timed


class _Rollback(Exception):
    pass


def _logistics() -> User:
    return User.objects.get(username="logistics")


def ledger_list() -> dict:
    user = _logistics()
    category = Category.objects.order_by("pk").first()
    client = Client()
    client.force_login(user)
    url = f"/assets/?status=in_use&category={category.pk}"

    def page():
        assert client.get(url).status_code == 200

    def bare_sql():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT a.number, a.name, c.name, u.name, d.name, l.full_name, a.status, a.price "
                "FROM assets_asset a JOIN assets_category c ON c.id = a.category_id "
                "LEFT JOIN org_user u ON u.id = a.custodian_id "
                "LEFT JOIN org_department d ON d.id = a.department_id "
                "LEFT JOIN assets_location l ON l.id = a.location_id "
                "WHERE a.status = %s AND a.category_id = %s ORDER BY a.id DESC LIMIT 51",
                ["in_use", category.pk],
            )
            cursor.fetchall()

    def minimal_view():
        response = client.get(f"/bench/minimal-assets/?status=in_use&category={category.pk}")
        assert response.status_code == 200

    def minimal_view_in_shell():
        response = client.get(f"/bench/minimal-assets-shell/?status=in_use&category={category.pk}")
        assert response.status_code == 200

    def last_page():
        assert client.get(f"{url}&before=200").status_code == 200

    with override_settings(ROOT_URLCONF="bench.views_assets"):
        return {
            "name": "asset ledger list with filters (/assets/?status=&category=)",
            "assets": Asset.objects.count(),
            "page": timed(page),
            "page_queries": query_count(page),
            "deep_page_queries": query_count(last_page),
            "baseline_bare_sql": timed(bare_sql),
            "baseline_minimal_view": timed(minimal_view),
            # Last, so the printed ratio is against it: the same rows in the same page shell
            # (base.html with the other apps' badges), which the ledger cannot make cheaper.
            "baseline_minimal_view_in_shell": timed(minimal_view_in_shell),
        }


def reconcile_100k() -> dict:
    """A stocktake of every active asset, each scanned once; reconciling is timed."""
    user = _logistics()
    figures = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            ids = list(Asset.objects.active().values_list("id", flat=True)[:100_000])
            stocktake = stocktake_create(title="bench", asset_ids=ids, by=user)
            rows = Asset.objects.filter(pk__in=ids).values_list("id", "number", "location_id")
            StocktakeScan.objects.bulk_create(
                (
                    StocktakeScan(
                        stocktake=stocktake,
                        asset_id=pk,
                        code=number,
                        location_id=location,
                        counted_by=user,
                    )
                    for pk, number, location in rows.iterator(chunk_size=5000)
                ),
                batch_size=5000,
            )
            figures["setup_s"] = round(time.perf_counter() - started, 2)
            figures["lines"] = stocktake.lines.count()
            figures["scans"] = StocktakeScan.objects.filter(stocktake=stocktake).count()
            figures["reconcile"] = timed(
                lambda: stocktake_reconcile(stocktake=stocktake, by=user), repeat=3, warmup=0
            )
            figures["result"] = stocktake_reconcile(stocktake=stocktake, by=user)
            raise _Rollback
    except _Rollback:
        pass
    return {"name": "stocktake reconcile (100,000 assets, 100,000 scans)", **figures}


def export_100k() -> dict:
    """Timed without tracemalloc (it slows Python several-fold); memory is the process peak RSS."""
    user = _logistics()
    assets = Asset.objects.visible_to(user)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    handle = ledger_excel.ledger_export(assets=assets, by=user)
    seconds = time.perf_counter() - started
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    size = handle.seek(0, io.SEEK_END)
    handle.close()
    return {
        "name": "ledger export to Excel (streamed xlsx, 100,000 rows)",
        "rows": assets.count(),
        "seconds": round(seconds, 2),
        "process_peak_rss_mb": round(rss_peak / 1024, 1),
        "peak_rss_growth_mb": round((rss_peak - rss_before) / 1024, 1),
        "file_mb": round(size / 2**20, 1),
    }


def import_10k() -> dict:
    user = _logistics()
    category = Category.objects.order_by("pk").first()
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(ledger_excel.headers())
    for index in range(10_000):
        sheet.append(
            [
                "",
                f"导入资产{index}",
                category.code,
                "M1",
                f"SN{index}",
                "2026-01-02",
                1234.5,
                "供应商",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    payload = buffer.getvalue()
    figures = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            upload = SimpleUploadedFile("bench.xlsx", payload)
            result = ledger_excel.ledger_import(upload=upload, by=user)
            figures["seconds"] = round(time.perf_counter() - started, 2)
            figures["created"] = result["created"]
            raise _Rollback
    except _Rollback:
        pass
    return {"name": "ledger import of 10,000 rows (validated, all-or-nothing)", **figures}


def snapshot_100k() -> dict:
    """The monthly snapshot of the whole ledger and its difference from the month before."""
    from zhongshu.assets.services import snapshots

    figures = {}
    try:
        with transaction.atomic():
            started = time.perf_counter()
            snapshots.ledger_snapshot_take(month=datetime.date(2000, 1, 1))
            figures["previous_s"] = round(time.perf_counter() - started, 2)
            Asset.objects.filter(pk__in=Asset.objects.order_by("id").values("id")[:1000]).update(
                location=None
            )
            started = time.perf_counter()
            current = snapshots.ledger_snapshot_take(month=datetime.date(2000, 2, 1))
            figures["snapshot_s"] = round(time.perf_counter() - started, 2)
            started = time.perf_counter()
            summary = snapshots.diff_summary(current)
            figures["diff_summary_s"] = round(time.perf_counter() - started, 2)
            figures["changed"] = summary["changed"]
            figures["rows"] = current.assets
            raise _Rollback
    except _Rollback:
        pass
    return {"name": "monthly ledger snapshot + diff (100,000 assets)", **figures}


CASES = [ledger_list, reconcile_100k, export_100k, import_10k, snapshot_100k]
