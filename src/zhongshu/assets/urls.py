from django.urls import path

from .views import inspections, ledger, maintenance, snapshots, stocktake, stocktake_plans
from .views.landing import overview

app_name = "assets"

urlpatterns = [
    path("overview/", overview, name="overview"),
    path("", ledger.asset_list, name="list"),
    path("new/", ledger.asset_create, name="create"),
    path("n/<str:number>/", ledger.asset_by_number, name="by_number"),
    path("<int:pk>/", ledger.asset_detail, name="detail"),
    path("<int:pk>/edit/", ledger.asset_edit, name="edit"),
    path("<int:pk>/assign/", ledger.asset_assign, name="assign"),
    path("<int:pk>/return/", ledger.asset_return, name="return"),
    path("<int:pk>/transfer/", ledger.asset_transfer, name="transfer"),
    path("<int:pk>/dispose/", ledger.asset_dispose, name="dispose"),
    path("<int:pk>/repair/", maintenance.repair_open, name="repair_open"),
    path("repairs/<int:pk>/close/", maintenance.repair_close, name="repair_close"),
    path("idle/", maintenance.idle_list, name="idle_list"),
    path("inspections/", inspections.task_list, name="inspection_list"),
    path("inspections/<int:pk>/", inspections.task_record, name="inspection_record"),
    path("inspections/plans/", inspections.plan_list, name="inspection_plans"),
    path("inspections/plans/<int:pk>/stop/", inspections.plan_stop, name="inspection_plan_stop"),
    path("snapshots/", snapshots.snapshot_list, name="snapshot_list"),
    path("snapshots/take/", snapshots.snapshot_take, name="snapshot_take"),
    path("snapshots/<int:pk>/", snapshots.snapshot_detail, name="snapshot_detail"),
    path("snapshots/<int:pk>/changes.xlsx", snapshots.snapshot_diff_excel, name="snapshot_excel"),
    path("stocktake-plans/", stocktake_plans.plan_list, name="stocktake_plans"),
    path("stocktake-plans/<int:pk>/stop/", stocktake_plans.plan_stop, name="stocktake_plan_stop"),
    path("transfers/", ledger.transfer_list, name="transfer_list"),
    path(
        "transfers/<int:pk>/acknowledge/",
        ledger.transfer_decide,
        {"decision": "acknowledge"},
        name="transfer_acknowledge",
    ),
    path(
        "transfers/<int:pk>/refuse/",
        ledger.transfer_decide,
        {"decision": "refuse"},
        name="transfer_refuse",
    ),
    path("categories/", ledger.category_list, name="categories"),
    path("locations/", ledger.location_list, name="locations"),
    path("import/", ledger.asset_import, name="import"),
    path("stocktakes/", stocktake.stocktake_list, name="stocktake_list"),
    path("stocktakes/new/", stocktake.stocktake_create, name="stocktake_create"),
    path("stocktakes/<int:pk>/", stocktake.stocktake_detail, name="stocktake_detail"),
    path("stocktakes/<int:pk>/scan/", stocktake.stocktake_scan, name="stocktake_scan"),
    path("stocktakes/<int:pk>/upload/", stocktake.stocktake_upload, name="stocktake_upload"),
    path(
        "stocktakes/<int:pk>/reconcile/", stocktake.stocktake_reconcile, name="stocktake_reconcile"
    ),
    path("stocktakes/<int:pk>/adjust/", stocktake.stocktake_adjust, name="stocktake_adjust"),
    path(
        "stocktakes/<int:pk>/lines/<int:line>/reason/",
        stocktake.stocktake_reason,
        name="stocktake_reason",
    ),
]
