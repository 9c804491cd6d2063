"""Permission predicates of the assets app.

Logistics and supervisors manage the ledger and stocktakes; department heads acknowledge
transfers into their departments; counters scan in the stocktakes they are given; status checks
(disposed, closed) live in the services and answer 409.
"""

import rules

from zhongshu.core.roles import Role
from zhongshu.core.rules import has_role, is_active_user, is_supervisor

is_asset_manager = has_role(Role.SUPERVISOR, Role.LOGISTICS)
is_ledger_reader = has_role(Role.SUPERVISOR, Role.LOGISTICS, Role.AUDITOR)


@rules.predicate
def can_see_asset(user, asset):
    from .models import Asset

    return asset is not None and Asset.objects.visible_to(user).filter(pk=asset.pk).exists()


@rules.predicate
def heads_receiving_department(user, transfer):
    return (
        transfer is not None
        and user.has_role(Role.DEPT_HEAD)
        and user.scope_departments().filter(pk=transfer.to_department_id).exists()
    )


@rules.predicate
def counts_in_stocktake(user, stocktake):
    return stocktake is not None and stocktake.tasks.filter(counter=user).exists()


rules.add_perm("assets.manage", is_asset_manager)
rules.add_perm("assets.view_ledger", is_ledger_reader)
rules.add_perm("assets.view_asset", is_active_user & can_see_asset)
rules.add_perm(
    "assets.acknowledge_transfer",
    is_active_user & (heads_receiving_department | is_supervisor),
)
rules.add_perm("assets.count", is_asset_manager | (is_active_user & counts_in_stocktake))
rules.add_perm("assets.view_stocktake", is_ledger_reader | (is_active_user & counts_in_stocktake))
