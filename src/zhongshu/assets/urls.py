from django.urls import path

from .views import ledger, stocktake

app_name = "assets"

urlpatterns = [
    path("", ledger.asset_list, name="list"),
    path("new/", ledger.asset_create, name="create"),
    path("n/<str:number>/", ledger.asset_by_number, name="by_number"),
    path("<int:pk>/", ledger.asset_detail, name="detail"),
    path("<int:pk>/edit/", ledger.asset_edit, name="edit"),
    path("<int:pk>/assign/", ledger.asset_assign, name="assign"),
    path("<int:pk>/return/", ledger.asset_return, name="return"),
    path("<int:pk>/transfer/", ledger.asset_transfer, name="transfer"),
    path("<int:pk>/dispose/", ledger.asset_dispose, name="dispose"),
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
