from django.urls import path

from . import api, api_maintenance

urlpatterns = [
    path("", api.AssetList.as_view(), name="asset-list"),
    path("<int:pk>/", api.AssetDetail.as_view(), name="asset-detail"),
    path("<int:pk>/assign/", api.AssignView.as_view(), name="asset-assign"),
    path("<int:pk>/return/", api.ReturnView.as_view(), name="asset-return"),
    path("<int:pk>/transfer/", api.TransferView.as_view(), name="asset-transfer"),
    path("<int:pk>/dispose/", api.DisposeView.as_view(), name="asset-dispose"),
    path(
        "transfers/<int:pk>/acknowledge/",
        api.TransferDecision.as_view(accept=True),
        name="asset-transfer-acknowledge",
    ),
    path(
        "transfers/<int:pk>/refuse/",
        api.TransferDecision.as_view(accept=False),
        name="asset-transfer-refuse",
    ),
    path("<int:pk>/repairs/", api_maintenance.RepairOpenView.as_view(), name="asset-repairs"),
    path(
        "repairs/<int:pk>/close/",
        api_maintenance.RepairCloseView.as_view(),
        name="asset-repair-close",
    ),
    path("idle/", api_maintenance.IdleView.as_view(), name="asset-idle"),
    path(
        "inspection-plans/",
        api_maintenance.InspectionPlanList.as_view(),
        name="asset-inspection-plan-list",
    ),
    path(
        "inspection-plans/<int:pk>/stop/",
        api_maintenance.InspectionPlanStopView.as_view(),
        name="asset-inspection-plan-stop",
    ),
    path("inspections/", api_maintenance.InspectionList.as_view(), name="asset-inspection-list"),
    path(
        "inspections/<int:pk>/record/",
        api_maintenance.InspectionRecordView.as_view(),
        name="asset-inspection-record",
    ),
    path("snapshots/", api_maintenance.SnapshotList.as_view(), name="asset-snapshot-list"),
    path(
        "snapshots/<int:pk>/",
        api_maintenance.SnapshotDetail.as_view(),
        name="asset-snapshot-detail",
    ),
    path(
        "stocktake-plans/",
        api_maintenance.StocktakePlanList.as_view(),
        name="asset-stocktake-plan-list",
    ),
    path(
        "stocktake-plans/<int:pk>/stop/",
        api_maintenance.StocktakePlanStopView.as_view(),
        name="asset-stocktake-plan-stop",
    ),
    path("categories/", api.CategoryList.as_view(), name="asset-category-list"),
    path("locations/", api.LocationList.as_view(), name="asset-location-list"),
    path("import/", api.ImportView.as_view(), name="asset-import"),
    path("import/template.xlsx", api.TemplateView.as_view(), name="asset-import-template"),
    path("export.xlsx", api.ExportView.as_view(), name="asset-export"),
    path("labels.pdf", api.LabelsView.as_view(), name="asset-labels"),
    path("stocktakes/", api.StocktakeList.as_view(), name="asset-stocktake-list"),
    path("stocktakes/<int:pk>/", api.StocktakeDetail.as_view(), name="asset-stocktake-detail"),
    path("stocktakes/<int:pk>/scans/", api.ScanView.as_view(), name="asset-stocktake-scans"),
    path(
        "stocktakes/<int:pk>/reconcile/",
        api.ReconcileView.as_view(),
        name="asset-stocktake-reconcile",
    ),
    path("stocktakes/<int:pk>/reasons/", api.ReasonView.as_view(), name="asset-stocktake-reasons"),
    path("stocktakes/<int:pk>/adjust/", api.AdjustView.as_view(), name="asset-stocktake-adjust"),
    path(
        "stocktakes/<int:pk>/report.xlsx", api.ReportView.as_view(), name="asset-stocktake-report"
    ),
]
