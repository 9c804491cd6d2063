"""factory_boy builders for the assets app's records, written directly (no events, no audit).

For tests whose subject is not how a record came to be: access rules, lists, reconciliation.
Numbers use the year 1999, so they never collide with numbers the services hand out.
"""

import datetime
from decimal import Decimal

import factory

from zhongshu.assets.models import (
    Asset,
    AssetStatus,
    Category,
    InspectionPlan,
    IntervalUnit,
    Location,
    Stocktake,
    StocktakeLine,
    StocktakeScan,
    StocktakeTask,
)
from zhongshu.core.roles import Role
from zhongshu.org.tests.factories import UserFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    name = factory.Sequence(lambda n: f"类别{n}")
    code = factory.Sequence(lambda n: f"CAT{n}")
    useful_life_months = 60


class LocationFactory(factory.django.DjangoModelFactory):
    """A room (or, with `kind`, a building or floor), inside `parent` when given; its `path` and
    `full_name` are filled in as `location_create` does."""

    class Meta:
        model = Location
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"{n}室")
    kind = Location.Kind.ROOM
    parent = None

    @factory.post_generation
    def tree(self, create: bool, extracted: object, **kwargs) -> None:
        self.path = f"{self.parent.path if self.parent else '/'}{self.pk}/"
        self.full_name = f"{self.parent.full_name} / {self.name}" if self.parent else self.name
        if create:
            self.save(update_fields=["path", "full_name"])


class AssetFactory(factory.django.DjangoModelFactory):
    """A card; held (in use, in the holder's department) when given a `custodian`, else idle."""

    class Meta:
        model = Asset

    number = factory.Sequence(lambda n: f"ZC-1999-{n:06d}")
    name = factory.Sequence(lambda n: f"资产{n}")
    category = factory.SubFactory(CategoryFactory)
    location = factory.SubFactory(LocationFactory)
    price = Decimal("5000.00")
    purchase_date = datetime.date(2025, 1, 15)
    custodian = None
    department = factory.LazyAttribute(lambda asset: asset.custodian and asset.custodian.department)
    status = factory.LazyAttribute(
        lambda asset: AssetStatus.IN_USE if asset.custodian else AssetStatus.IDLE
    )


class StocktakeFactory(factory.django.DjangoModelFactory):
    """A counting stocktake without lines; see `StocktakeLineFactory` for its scope."""

    class Meta:
        model = Stocktake

    number = factory.Sequence(lambda n: f"PD-1999-{n:04d}")
    title = "盘点"
    created_by = factory.SubFactory(UserFactory, roles=[Role.LOGISTICS])


class StocktakeLineFactory(factory.django.DjangoModelFactory):
    """One asset in a stocktake's scope, expected where and with whom the ledger has it."""

    class Meta:
        model = StocktakeLine

    stocktake = factory.SubFactory(StocktakeFactory)
    asset = factory.SubFactory(AssetFactory)
    expected_location = factory.SelfAttribute("asset.location")
    expected_custodian = factory.SelfAttribute("asset.custodian")


class StocktakeTaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StocktakeTask

    stocktake = factory.SubFactory(StocktakeFactory)
    location = factory.SubFactory(LocationFactory)
    counter = None
    expected = 0


class StocktakeScanFactory(factory.django.DjangoModelFactory):
    """An asset counted in a stocktake (by whoever opened it, unless `counted_by` is given)."""

    class Meta:
        model = StocktakeScan

    stocktake = factory.SubFactory(StocktakeFactory)
    asset = factory.SubFactory(AssetFactory)
    code = factory.SelfAttribute("asset.number")
    location = None
    custodian = None
    counted_by = factory.SelfAttribute("stocktake.created_by")


class InspectionPlanFactory(factory.django.DjangoModelFactory):
    """A monthly inspection of a category's assets, due today, by a logistics officer."""

    class Meta:
        model = InspectionPlan

    name = factory.Sequence(lambda n: f"巡检{n}")
    category = factory.SubFactory(CategoryFactory)
    every = 1
    unit = IntervalUnit.MONTHS
    checklist = factory.LazyFunction(lambda: ["外观完好"])
    assignee = factory.SubFactory(UserFactory, roles=[Role.LOGISTICS])
    next_due = factory.LazyFunction(datetime.date.today)
    created_by = factory.SelfAttribute("assignee")
