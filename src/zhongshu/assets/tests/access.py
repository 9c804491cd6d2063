"""Access rules of every assets route, for tests/test_access_matrix.py."""

import datetime
import itertools

from tests.access import Route, only

MANAGERS = only("supervisor", "logistics")
READERS = only("supervisor", "logistics", "auditor")
# Who sees the world's asset (held by the employee of 华东销售组, under the dept head's 销售部).
SEES_ASSET = only("supervisor", "logistics", "auditor", "dept_head", "employee")
RECEIVERS = only("supervisor", "dept_head")
_serial = itertools.count(1)


def _category(w):
    from .factories import CategoryFactory

    return CategoryFactory(code="IT", name="电子设备")


def _fresh_asset(w):
    """A new card held by the employee (in their department), for routes that change it."""
    from .factories import AssetFactory

    return AssetFactory(name="笔记本电脑", category=w["assets_category"], custodian=w["employee"])


def _fresh_transfer(w):
    from zhongshu.assets.services import asset_transfer

    return asset_transfer(
        asset=_fresh_asset(w), to_department=w["company"]["sales"], by=w["logistics"]
    )


def _fresh_person(w):
    return w["make_user"](f"holder{next(_serial)}", "employee")


def _stocktake(w, *, scanned=False, reconciled=False):
    """A counting stocktake of one fresh asset, opened by logistics."""
    from zhongshu.assets.services import stocktake_reconcile

    from .factories import StocktakeFactory, StocktakeLineFactory, StocktakeScanFactory

    line = StocktakeLineFactory(
        stocktake=StocktakeFactory(created_by=w["logistics"]), asset=_fresh_asset(w)
    )
    stocktake = line.stocktake
    if scanned:
        StocktakeScanFactory(stocktake=stocktake, asset=line.asset)
    if reconciled:
        stocktake_reconcile(stocktake=stocktake, by=w["logistics"])
    return stocktake


def _open_repair(w):
    from zhongshu.assets.services.maintenance import repair_open

    return repair_open(asset=_fresh_asset(w), fault="屏幕不亮", by=w["logistics"])


def _inspection_plan(w):
    from .factories import InspectionPlanFactory

    return InspectionPlanFactory(category=w["assets_category"], assignee=w["logistics"])


def _inspection_task(w):
    from zhongshu.assets.models import InspectionTask
    from zhongshu.assets.services.inspections import inspections_generate

    w["assets_asset"]
    plan = _inspection_plan(w)
    inspections_generate()
    return InspectionTask.objects.filter(plan=plan).first()


def _stocktake_plan(w):
    from zhongshu.assets.services.stocktake_plans import stocktake_plan_create

    return stocktake_plan_create(
        title="季度盘点",
        frequency="quarterly",
        next_run=datetime.date.today() + datetime.timedelta(days=30),
        departments=[w["company"]["sales"].pk],
        by=w["logistics"],
    )


def _snapshot(w):
    from zhongshu.assets.services.snapshots import ledger_snapshot_take

    w["assets_asset"]
    return ledger_snapshot_take()


def _reason_target(w):
    stocktake = _stocktake(w, reconciled=True)
    w["assets_reason_line"] = stocktake.lines.get()
    return {"pk": stocktake.pk}


def _two_supervisors(w):
    """A second supervisor, so a supervisor's own disposal still has an approver."""
    w["assets_second_supervisor"]
    return {"kind": "scrap", "reason": "损坏"}


def world_factories():
    return {
        "assets_category": _category,
        "assets_asset": _fresh_asset,
        "assets_stocktake": lambda w: _stocktake(w),
        "assets_inspection_task": _inspection_task,
        "assets_snapshot": _snapshot,
        "assets_second_supervisor": lambda w: w["make_user"]("supervisor2", "supervisor"),
    }


def _asset(w):
    return {"pk": w["assets_asset"].pk}


def _st(w):
    return {"pk": w["assets_stocktake"].pk}


ROUTES = [
    Route("assets:overview"),
    Route("assets:list"),
    Route("assets:create", allowed=MANAGERS),
    Route(
        "assets:by_number",
        allowed=SEES_ASSET,
        kwargs=lambda w: {"number": w["assets_asset"].number},
    ),
    Route("assets:detail", allowed=SEES_ASSET, kwargs=_asset),
    Route("assets:edit", allowed=MANAGERS, kwargs=_asset),
    Route(
        "assets:assign",
        allowed=MANAGERS,
        method="post",
        kwargs=_asset,
        data=lambda w: {"custodian": _fresh_person(w).pk},
    ),
    Route(
        "assets:return",
        allowed=MANAGERS,
        method="post",
        kwargs=lambda w: {"pk": _fresh_asset(w).pk},
    ),
    Route(
        "assets:transfer",
        allowed=MANAGERS,
        method="post",
        kwargs=lambda w: {"pk": _fresh_asset(w).pk},
        data=lambda w: {"to_department": w["company"]["branch"].pk},
    ),
    Route(
        "assets:dispose",
        allowed=MANAGERS,
        method="post",
        kwargs=lambda w: {"pk": _fresh_asset(w).pk},
        data=_two_supervisors,
    ),
    Route(
        "assets:repair_open",
        allowed=MANAGERS,
        method="post",
        kwargs=lambda w: {"pk": _fresh_asset(w).pk},
        data=lambda w: {"fault": "屏幕不亮"},
    ),
    Route(
        "assets:repair_close",
        allowed=MANAGERS,
        method="post",
        kwargs=lambda w: {"pk": _open_repair(w).pk},
        data=lambda w: {"cost": "120.00"},
    ),
    # The card's action forms (dialogs on the card, full pages without JavaScript).
    *[
        Route(f"assets:{name}", allowed=MANAGERS, kwargs=_asset)
        for name in ("assign", "return", "transfer", "dispose", "repair_open")
    ],
    Route("assets:repair_close", allowed=MANAGERS, kwargs=lambda w: {"pk": _open_repair(w).pk}),
    Route("assets:idle_list", allowed=MANAGERS),
    Route("assets:inspection_list", allowed=READERS),
    Route(
        "assets:inspection_record",
        allowed=READERS,
        kwargs=lambda w: {"pk": w["assets_inspection_task"].pk},
    ),
    Route("assets:inspection_plans", allowed=READERS),
    Route(
        "assets:inspection_plan_stop",
        allowed=MANAGERS,
        method="post",
        kwargs=lambda w: {"pk": _inspection_plan(w).pk},
    ),
    Route("assets:snapshot_list", allowed=READERS),
    Route("assets:snapshot_take", allowed=MANAGERS, method="post"),
    Route(
        "assets:snapshot_detail", allowed=READERS, kwargs=lambda w: {"pk": w["assets_snapshot"].pk}
    ),
    Route(
        "assets:snapshot_excel", allowed=READERS, kwargs=lambda w: {"pk": w["assets_snapshot"].pk}
    ),
    Route("assets:stocktake_plans", allowed=READERS),
    Route(
        "assets:stocktake_plan_stop",
        allowed=MANAGERS,
        method="post",
        kwargs=lambda w: {"pk": _stocktake_plan(w).pk},
    ),
    Route("assets:transfer_list", allowed=only("supervisor", "logistics", "auditor", "dept_head")),
    Route(
        "assets:transfer_acknowledge",
        allowed=RECEIVERS,
        method="post",
        kwargs=lambda w: {"pk": _fresh_transfer(w).pk},
    ),
    Route(
        "assets:transfer_refuse",
        allowed=RECEIVERS,
        method="post",
        kwargs=lambda w: {"pk": _fresh_transfer(w).pk},
    ),
    Route("assets:categories", allowed=READERS),
    Route("assets:locations", allowed=READERS),
    Route("assets:import", allowed=MANAGERS),
    Route("assets:stocktake_list", allowed=READERS),
    Route("assets:stocktake_create", allowed=MANAGERS),
    Route("assets:stocktake_detail", allowed=READERS, kwargs=_st),
    Route("assets:stocktake_scan", allowed=MANAGERS, kwargs=_st),
    Route("assets:stocktake_upload", allowed=MANAGERS, method="post", kwargs=_st),
    Route("assets:stocktake_reconcile", allowed=MANAGERS, method="post", kwargs=_st),
    Route("assets:stocktake_adjust", allowed=MANAGERS, method="post", kwargs=_st),
    Route(
        "assets:stocktake_reason",
        allowed=MANAGERS,
        method="post",
        kwargs=lambda w: {**_reason_target(w), "line": w["assets_reason_line"].pk},
        data=lambda w: {"reason": "待查"},
    ),
    # --- API ---------------------------------------------------------------------------
    Route("asset-list", api=True),
    Route("asset-detail", allowed=SEES_ASSET, api=True, kwargs=_asset),
    Route(
        "asset-assign",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=_asset,
        data=lambda w: {"custodian": _fresh_person(w).pk, "reassign": True},
    ),
    Route(
        "asset-return",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=lambda w: {"pk": _fresh_asset(w).pk},
    ),
    Route(
        "asset-transfer",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=lambda w: {"pk": _fresh_asset(w).pk},
        data=lambda w: {"to_department": w["company"]["branch"].pk},
    ),
    Route(
        "asset-dispose",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=lambda w: {"pk": _fresh_asset(w).pk},
        data=_two_supervisors,
    ),
    Route(
        "asset-transfer-acknowledge",
        allowed=RECEIVERS,
        api=True,
        method="post",
        kwargs=lambda w: {"pk": _fresh_transfer(w).pk},
    ),
    Route(
        "asset-transfer-refuse",
        allowed=RECEIVERS,
        api=True,
        method="post",
        kwargs=lambda w: {"pk": _fresh_transfer(w).pk},
    ),
    Route(
        "asset-repairs",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=lambda w: {"pk": _fresh_asset(w).pk},
        data=lambda w: {"fault": "屏幕不亮"},
    ),
    Route(
        "asset-repair-close",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=lambda w: {"pk": _open_repair(w).pk},
        data=lambda w: {"cost": "50"},
    ),
    Route("asset-idle", allowed=MANAGERS, api=True),
    Route("asset-inspection-plan-list", allowed=READERS, api=True),
    Route(
        "asset-inspection-plan-stop",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=lambda w: {"pk": _inspection_plan(w).pk},
    ),
    Route("asset-inspection-list", api=True),
    Route(
        "asset-inspection-record",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=lambda w: {"pk": _inspection_task(w).pk},
        data=lambda w: {"answers": {"外观完好": True}},
    ),
    Route("asset-snapshot-list", allowed=READERS, api=True),
    Route(
        "asset-snapshot-detail",
        allowed=READERS,
        api=True,
        kwargs=lambda w: {"pk": w["assets_snapshot"].pk},
    ),
    Route("asset-stocktake-plan-list", allowed=READERS, api=True),
    Route(
        "asset-stocktake-plan-stop",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=lambda w: {"pk": _stocktake_plan(w).pk},
    ),
    Route("asset-category-list", allowed=READERS, api=True),
    Route("asset-location-list", allowed=READERS, api=True),
    # Permission is checked before the file: the allowed get "choose a file" (400).
    Route("asset-import", allowed=MANAGERS, api=True, method="post", ok=(400,)),
    Route("asset-import-template", allowed=MANAGERS, api=True),
    Route("asset-export", allowed=READERS, api=True),
    Route("asset-labels", allowed=MANAGERS, api=True, query="?ids=0", ok=(400,)),
    Route("asset-stocktake-list", api=True),
    Route("asset-stocktake-detail", allowed=READERS, api=True, kwargs=_st),
    Route(
        "asset-stocktake-scans",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=_st,
        data=lambda w: {"code": w["assets_stocktake"].lines.get().asset.number},
    ),
    Route("asset-stocktake-reconcile", allowed=MANAGERS, api=True, method="post", kwargs=_st),
    Route(
        "asset-stocktake-reasons",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=_reason_target,
        data=lambda w: {"line": w["assets_reason_line"].pk, "reason": "待查"},
    ),
    Route(
        "asset-stocktake-adjust",
        allowed=MANAGERS,
        api=True,
        method="post",
        kwargs=lambda w: {"pk": _stocktake(w, scanned=True, reconciled=True).pk},
    ),
    Route("asset-stocktake-report", allowed=READERS, api=True, kwargs=_st),
]
