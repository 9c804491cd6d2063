"""Periodic jobs of the assets app."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .models import Asset
from .services.inspections import inspections_generate
from .services.maintenance import warranty_remind
from .services.snapshots import ledger_snapshot_take
from .services.stocktake_plans import stocktake_plans_run


@db_periodic_task(crontab(hour="8", minute="0"))
def remind_warranty_expiry():
    """Daily: tell logistics once about warranties ending within the notice period."""
    return warranty_remind()


@db_periodic_task(crontab(hour="6", minute="30"))
def open_inspections():
    """Daily: open the inspection tasks of plans due within the lead days (idempotent)."""
    return inspections_generate()


@db_periodic_task(crontab(hour="6", minute="45"))
def open_scheduled_stocktakes():
    """Daily: open the stocktakes of quarterly / half-yearly plans whose date has come."""
    return stocktake_plans_run()


@db_periodic_task(crontab(day="1", hour="1", minute="0"))
def take_monthly_snapshot():
    """On the 1st: store the month's ledger (月度台账) for the month-to-month difference."""
    return ledger_snapshot_take().pk


@db_task()
def index_assets(ids):
    """Index imported cards in the background, so a 10,000-row import stays quick."""
    from zhongshu.search.services import update_object

    for start in range(0, len(ids), 500):
        for asset in Asset.objects.filter(pk__in=ids[start : start + 500]):
            update_object(asset)
