from django.urls import path

from . import api

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
