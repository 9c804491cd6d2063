from django.urls import path

from .views import ledger, maintenance

urlpatterns = [
    path("", ledger.AssetList.as_view(), name="asset-list"),
    path("<int:pk>/", ledger.AssetDetail.as_view(), name="asset-detail"),
    path("<int:pk>/assign/", ledger.AssignView.as_view(), name="asset-assign"),
    path("<int:pk>/return/", ledger.ReturnView.as_view(), name="asset-return"),
    path("<int:pk>/transfer/", ledger.TransferView.as_view(), name="asset-transfer"),
    path("<int:pk>/dispose/", ledger.DisposeView.as_view(), name="asset-dispose"),
    path(
        "transfers/<int:pk>/acknowledge/",
        ledger.TransferDecision.as_view(accept=True),
        name="asset-transfer-acknowledge",
    ),
    path(
        "transfers/<int:pk>/refuse/",
        ledger.TransferDecision.as_view(accept=False),
        name="asset-transfer-refuse",
    ),
    path("<int:pk>/repairs/", maintenance.RepairOpenView.as_view(), name="asset-repairs"),
    path(
        "repairs/<int:pk>/close/",
        maintenance.RepairCloseView.as_view(),
        name="asset-repair-close",
    ),
    path("idle/", maintenance.IdleView.as_view(), name="asset-idle"),
    path(
        "inspection-plans/",
        maintenance.InspectionPlanList.as_view(),
        name="asset-inspection-plan-list",
    ),
    path(
        "inspection-plans/<int:pk>/stop/",
        maintenance.InspectionPlanStopView.as_view(),
        name="asset-inspection-plan-stop",
    ),
    path("inspections/", maintenance.InspectionList.as_view(), name="asset-inspection-list"),
    path(
        "inspections/<int:pk>/record/",
        maintenance.InspectionRecordView.as_view(),
        name="asset-inspection-record",
    ),
    path("snapshots/", maintenance.SnapshotList.as_view(), name="asset-snapshot-list"),
    path(
        "snapshots/<int:pk>/",
        maintenance.SnapshotDetail.as_view(),
        name="asset-snapshot-detail",
    ),
    path(
        "stocktake-plans/",
        maintenance.StocktakePlanList.as_view(),
        name="asset-stocktake-plan-list",
    ),
    path(
        "stocktake-plans/<int:pk>/stop/",
        maintenance.StocktakePlanStopView.as_view(),
        name="asset-stocktake-plan-stop",
    ),
    path("categories/", ledger.CategoryList.as_view(), name="asset-category-list"),
    path("locations/", ledger.LocationList.as_view(), name="asset-location-list"),
    path("import/", ledger.ImportView.as_view(), name="asset-import"),
    path("import/template.xlsx", ledger.TemplateView.as_view(), name="asset-import-template"),
    path("export.xlsx", ledger.ExportView.as_view(), name="asset-export"),
    path("labels.pdf", ledger.LabelsView.as_view(), name="asset-labels"),
    path("stocktakes/", ledger.StocktakeList.as_view(), name="asset-stocktake-list"),
    path("stocktakes/<int:pk>/", ledger.StocktakeDetail.as_view(), name="asset-stocktake-detail"),
    path("stocktakes/<int:pk>/scans/", ledger.ScanView.as_view(), name="asset-stocktake-scans"),
    path(
        "stocktakes/<int:pk>/reconcile/",
        ledger.ReconcileView.as_view(),
        name="asset-stocktake-reconcile",
    ),
    path(
        "stocktakes/<int:pk>/reasons/", ledger.ReasonView.as_view(), name="asset-stocktake-reasons"
    ),
    path("stocktakes/<int:pk>/adjust/", ledger.AdjustView.as_view(), name="asset-stocktake-adjust"),
    path(
        "stocktakes/<int:pk>/report.xlsx",
        ledger.ReportView.as_view(),
        name="asset-stocktake-report",
    ),
]
