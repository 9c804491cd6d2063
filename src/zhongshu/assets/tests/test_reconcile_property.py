"""Reconciliation sorts every asset of a stocktake exactly once, whatever was scanned."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhongshu.assets.models import Result, StocktakeLine
from zhongshu.assets.services import stocktake_create, stocktake_reconcile, stocktake_scan
from zhongshu.assets.services.stocktake import counts
from zhongshu.core.errors import ServiceError
from zhongshu.core.roles import Role
from zhongshu.org.tests.factories import UserFactory

from .factories import AssetFactory, LocationFactory

pytestmark = pytest.mark.django_db
ROOMS = 3
PEOPLE = 2

# An asset of the ledger: (room, holder or None, in the stocktake's scope).
asset_strategy = st.tuples(
    st.integers(0, ROOMS - 1), st.none() | st.integers(0, PEOPLE - 1), st.booleans()
)
# A scan: (which asset, where it was found, who holds it). "right" is what the ledger says,
# "other" another room or person, None not recorded; asset -1 is a number the ledger lacks.
place = st.sampled_from(["right", "other", None])
scan_strategy = st.tuples(st.integers(-1, 5), place, place)
UNKNOWN_NUMBER = "ZC-1998-999999"


def _expected_result(asset, last_scan) -> str:
    """What reconciliation must say of an asset in scope, from its latest scan (or none)."""
    if last_scan is None:
        return Result.DEFICIT
    _index, where, who = last_scan
    if where == "other":
        return Result.WRONG_LOCATION
    if who == "other" or (who == "right" and asset.custodian is None):
        return Result.WRONG_CUSTODIAN
    return Result.MATCHED


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    ledger=st.lists(asset_strategy, min_size=1, max_size=6),
    scans=st.lists(scan_strategy, max_size=12),
)
def test_reconcile_sorts_every_asset_once(db, ledger, scans):
    with transaction.atomic():
        logistics = UserFactory(roles=[Role.LOGISTICS])
        rooms = [LocationFactory() for _ in range(ROOMS)]
        people = [UserFactory() for _ in range(PEOPLE)]
        assets = [
            AssetFactory(location=rooms[room], custodian=None if who is None else people[who])
            for room, who, _in_scope in ledger
        ]
        in_scope = [asset for asset, (_r, _w, scoped) in zip(assets, ledger, strict=True) if scoped]
        if not in_scope:
            in_scope = assets[:1]
        stocktake = stocktake_create(
            title="盘点", asset_ids=[asset.pk for asset in in_scope], by=logistics
        )

        last_scan = {}
        for index, where, who in scans:
            if index < 0:
                with pytest.raises(ServiceError) as refused:
                    stocktake_scan(stocktake=stocktake, code=UNKNOWN_NUMBER, by=logistics)
                assert refused.value.code == "unknown_code"
                continue
            asset = assets[index % len(assets)]
            location = {
                "right": asset.location,
                "other": rooms[(rooms.index(asset.location) + 1) % ROOMS],
                None: None,
            }[where]
            holder = asset.custodian or people[0]
            custodian = {
                "right": asset.custodian,
                "other": people[(people.index(holder) + 1) % PEOPLE],
                None: None,
            }[who]
            if who == "right" and asset.custodian is None:
                custodian = people[0]  # held by someone though the ledger says nobody
            stocktake_scan(
                stocktake=stocktake,
                code=asset.number,
                location=location,
                custodian=custodian,
                by=logistics,
            )
            last_scan[asset.pk] = (index, where, who)

        summary = stocktake_reconcile(stocktake=stocktake, by=logistics)

        lines = StocktakeLine.objects.filter(stocktake=stocktake)
        results = dict(lines.filter(expected=True).values_list("asset_id", "result"))
        assert sorted(results) == sorted(asset.pk for asset in in_scope)
        for asset in in_scope:
            expected = _expected_result(asset, last_scan.get(asset.pk))
            assert results[asset.pk] == expected, (asset.pk, last_scan.get(asset.pk))
        scope_ids = {asset.pk for asset in in_scope}
        surplus = set(lines.filter(result=Result.SURPLUS).values_list("asset_id", flat=True))
        assert surplus == set(last_scan) - scope_ids
        assert not lines.filter(expected=False).exclude(result=Result.SURPLUS).exists()
        assert summary == counts(stocktake)
        assert summary[Result.MATCHED] + summary[Result.DEFICIT] + summary[
            Result.WRONG_LOCATION
        ] + summary[Result.WRONG_CUSTODIAN] == len(in_scope)
        assert summary[Result.SURPLUS] == len(surplus)
        assert summary[Result.DEFICIT] == len(scope_ids - set(last_scan))
        assert stocktake.scans.count() == sum(1 for index, _w, _h in scans if index >= 0)
        transaction.set_rollback(True)
