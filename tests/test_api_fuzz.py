"""Schemathesis against the API's own OpenAPI schema: every operation, a bounded number of
generated requests (valid and invalid), signed in with a real bearer token of a supervisor.

Each answer must not be a server error, must have a status code, content type and body that the
schema documents. Path ids are mostly replaced by the id of a real object of the right kind (a
small world built per operation), so that the requests reach the views' input handling and the
answers that a client sees, not only 404s.

Examples per operation: `ZHONGSHU_FUZZ_EXAMPLES` (default 6); the generation is derandomised so
that a run in CI is reproducible. Raise the number locally to search longer.
"""

import json
import os
import re
from datetime import timedelta

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.test_access_matrix import World, platform_factories

EXAMPLES = int(os.environ.get("ZHONGSHU_FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Operations that must not be fuzzed, with the reason.
NOT_FUZZED = {
    ("DELETE", "/api/v1/auth/token/"): "revokes the token the run signs in with",
}


def load_schema():
    """The schema as /api/schema/ serves it, generated from the app itself."""
    document = SchemaGenerator().get_schema(request=None, public=True)
    raw = json.loads(OpenApiJsonRenderer().render(document))
    config = SchemathesisConfig.from_dict({"generation": {"deterministic": True}})
    loaded = schemathesis.openapi.from_dict(raw, config=config)
    loaded.app = get_wsgi_application()
    for (method, path), _reason in NOT_FUZZED.items():
        loaded = loaded.exclude(method=method, path=path)
    return loaded


schema = load_schema()


def extra_factories():
    """Objects of the assets routes that the access matrix's world does not build."""
    from zhongshu.assets import services
    from zhongshu.assets.models import StocktakePlan
    from zhongshu.assets.services import maintenance, stocktake_plans

    def transfer(w):
        return services.asset_transfer(
            asset=w["assets_asset"], to_department=w["company"]["branch"], by=w["supervisor"]
        )

    return {
        "assets_transfer": transfer,
        "assets_repair": lambda w: maintenance.repair_open(
            asset=w["assets_asset"], fault="屏幕不亮", by=w["supervisor"]
        ),
        "assets_inspection_plan": lambda w: w["assets_inspection_task"].plan,
        "assets_stocktake_plan": lambda w: stocktake_plans.stocktake_plan_create(
            title="季度盘点",
            frequency=StocktakePlan.Frequency.QUARTERLY,
            next_run=timezone.localdate() + timedelta(days=7),
            departments=[w["company"]["admin"].pk],
            by=w["supervisor"],
        ),
        "own_notification": lambda w: _notification(w["supervisor"]),
        "own_delegation": lambda w: _delegation(w["supervisor"], w["clerk"]),
    }


def _notification(user):
    from zhongshu.notices.services import notify

    return notify(recipients=[user], title="测试通知", url="/")[0]


def _delegation(from_user, to_user):
    from zhongshu.workflow.services import delegation_set

    now = timezone.now()
    return delegation_set(
        from_user=from_user,
        to_user=to_user,
        start=now + timedelta(days=1),
        end=now + timedelta(days=3),
        by=from_user,
    )


# The object a path's {id} names, by the path's start (the longest match wins).
TARGETS = {
    "/api/v1/assets/{id}/": "assets_asset",
    "/api/v1/assets/inspection-plans/{id}/": "assets_inspection_plan",
    "/api/v1/assets/inspections/{id}/": "assets_inspection_task",
    "/api/v1/assets/repairs/{id}/": "assets_repair",
    "/api/v1/assets/snapshots/{id}/": "assets_snapshot",
    "/api/v1/assets/stocktake-plans/{id}/": "assets_stocktake_plan",
    "/api/v1/assets/stocktakes/{id}/": "assets_stocktake",
    "/api/v1/assets/transfers/{id}/": "assets_transfer",
    "/api/v1/documents/borrowings/{id}/": "documents_borrowing",
    "/api/v1/documents/incoming/{id}/": "documents_item",
    "/api/v1/documents/outgoing/{id}/": "documents_outgoing",
    "/api/v1/documents/slips/{id}/": "documents_slip",
    "/api/v1/documents/tasks/{id}/": "documents_task",
    "/api/v1/meetings/{id}/": "meetings_meeting",
    "/api/v1/meetings/actions/{id}/": "meetings_action",
    "/api/v1/meetings/rooms/{id}/": "meetings_room",
    "/api/v1/notifications/{id}/": "own_notification",
    "/api/v1/org/users/{id}/": "target",
    "/api/v1/workflow/delegations/{id}/": "own_delegation",
    "/api/v1/workflow/requests/{id}/": "request",
    "/api/v1/workflow/tasks/{id}/": "task",
}
ID_PATH = re.compile(r"^(.*?\{id\}/)")


def target_of(path: str) -> str | None:
    match = ID_PATH.match(path)
    return TARGETS.get(match.group(1)) if match else None


@pytest.fixture
def fuzz(personas, company, make_user):
    """A world to act on and the supervisor's bearer token.

    The app runs in this thread through its WSGI handler, which closes the database connection
    at the end of every request (the test's transaction with it); Django's test client avoids
    that the same way, by disconnecting the handler for the test.
    """
    from tests.access import domain_access_modules
    from zhongshu.api.models import ApiToken
    from zhongshu.assets.tests.factories import AssetFactory
    from zhongshu.documents.tests.factories import IncomingDocumentFactory

    factories = platform_factories()
    for module in domain_access_modules():
        factories.update(module.world_factories())
    factories.update(extra_factories())
    world = World({**personas, "company": company, "make_user": make_user}, factories)
    AssetFactory.create_batch(2)
    IncomingDocumentFactory()
    _token, raw = ApiToken.issue(personas["supervisor"], name="fuzz")
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield world, {"Authorization": f"Bearer {raw}"}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented(case, fuzz):
    world, headers = fuzz
    key = target_of(case.operation.path)
    generated = (case.path_parameters or {}).get("id")
    if key and isinstance(generated, int) and generated > 0:
        case.path_parameters["id"] = world[key].pk
    case.call_and_validate(headers=headers, checks=CHECKS)
