"""The access-control matrix: every route, who may use it, and how others are refused.

`ROUTES` must name every URL pattern of the project; `test_access_matrix.py` fails when a route
is added without an entry here, and checks each entry for anonymous users and every persona.
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

PERSONAS = (
    "supervisor",
    "clerk",
    "logistics",
    "leader",
    "dept_head",
    "employee",
    "driver",
    "auditor",
    "outsider",
)
EVERYONE = frozenset(PERSONAS)
# Namespaces with their own, separately tested access rules.
OWN_RULES_NAMESPACES = {"admin"}


@dataclass(frozen=True)
class Route:
    """One route's rule. `allowed` get 2xx (or 3xx after a POST); everyone else gets `denied`."""

    name: str
    allowed: frozenset = EVERYONE
    kwargs: Callable[[dict], dict] | None = None
    method: str = "get"
    data: Callable[[dict], dict] | None = None
    denied: tuple = (403, 404)
    public: bool = False
    api: bool = False
    query: str = ""
    ok: tuple = (200, 201, 204, 302)
    extra: dict = field(default_factory=dict)


def only(*roles):
    return frozenset(roles)


def all_route_names() -> list[tuple[str, str]]:
    """(namespaced name, route pattern) of every URL pattern, admin excluded."""
    found = []

    def walk(patterns, namespace, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace in OWN_RULES_NAMESPACES:
                    continue
                inner = ":".join(p for p in (namespace, pattern.namespace) if p)
                walk(pattern.url_patterns, inner, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                name = pattern.name or ""
                full = f"{namespace}:{name}" if namespace and name else name
                found.append((full, prefix + str(pattern.pattern)))

    walk(get_resolver().url_patterns, "", "/")
    return found


# Each domain app describes its own routes in `zhongshu/<app>/tests/access.py`: a `ROUTES` list
# and `world_factories()` returning {name: factory(world)} for the objects those routes act on.
DOMAIN_APPS = ("documents", "meetings", "assets")


def domain_access_modules():
    modules = []
    for app in DOMAIN_APPS:
        try:
            modules.append(importlib.import_module(f"zhongshu.{app}.tests.access"))
        except ModuleNotFoundError as error:
            if error.name != f"zhongshu.{app}.tests.access":
                raise
    return modules


APPROVAL_READERS = only("employee", "dept_head", "supervisor", "auditor")

ROUTES = [
    # --- public ---------------------------------------------------------------------------
    Route("login", public=True),
    Route("logout", public=True, method="post"),
    Route("healthz", public=True),
    Route("password_reset", public=True),
    Route("password_reset_done", public=True),
    Route(
        "password_reset_confirm",
        public=True,
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
    ),
    Route("password_reset_complete", public=True),
    Route("set_language", public=True, method="post", data=lambda w: {"language": "en"}),
    Route("api-schema", public=True),
    Route("api-docs", public=True),
    Route("api-redoc", public=True),
    Route(
        "api-token",
        public=True,
        api=True,
        method="post",
        data=lambda w: {"username": "employee", "password": "pw-12345678"},
    ),
    # --- every signed-in user -------------------------------------------------------------
    Route("dashboard"),
    Route("password_change"),
    Route("password_change_done"),
    Route("org:profile"),
    Route("org:profile_edit"),
    Route("org:directory"),
    # The picker's search: every signed-in user, answering only what they may see.
    Route("org:pick_people", query="?q=li&level=internal"),
    Route("org:pick_departments", query="?q=xs"),
    Route("workflow:inbox"),
    Route("workflow:inbox_count"),
    Route("workflow:request_list"),
    Route("workflow:request_create"),
    Route("workflow:delegation_list"),
    Route("notices:list"),
    Route("notices:read_all", method="post"),
    Route("notices:preferences", method="post", data=lambda w: {"email_enabled": "on"}),
    Route("search:results", query="?q=显示器"),
    # --- supervisors: organisation and approval chains --------------------------------------
    Route("org:department_list", allowed=only("supervisor")),
    Route("org:department_create", allowed=only("supervisor")),
    Route(
        "org:department_edit",
        allowed=only("supervisor"),
        kwargs=lambda w: {"pk": w["company"]["sales"].pk},
    ),
    Route(
        "org:department_deactivate",
        allowed=only("supervisor"),
        method="post",
        kwargs=lambda w: {"pk": w["empty_department"].pk},
    ),
    Route(
        "org:department_activate",
        allowed=only("supervisor"),
        method="post",
        kwargs=lambda w: {"pk": w["closed_department"].pk},
    ),
    Route("org:user_list", allowed=only("supervisor")),
    Route("org:user_create", allowed=only("supervisor")),
    Route("org:user_edit", allowed=only("supervisor"), kwargs=lambda w: {"pk": w["target"].pk}),
    Route(
        "org:user_disable",
        allowed=only("supervisor"),
        method="post",
        kwargs=lambda w: {"pk": w["target"].pk},
    ),
    Route(
        "org:user_enable",
        allowed=only("supervisor"),
        method="post",
        kwargs=lambda w: {"pk": w["target"].pk},
    ),
    Route(
        "org:user_reset_password",
        allowed=only("supervisor"),
        method="post",
        kwargs=lambda w: {"pk": w["target"].pk},
    ),
    Route(
        "org:user_end_sessions",
        allowed=only("supervisor"),
        method="post",
        kwargs=lambda w: {"pk": w["target"].pk},
    ),
    Route("workflow:chain_list", allowed=only("supervisor")),
    Route("workflow:chain_create", allowed=only("supervisor")),
    Route(
        "workflow:chain_edit",
        allowed=only("supervisor"),
        kwargs=lambda w: {"pk": w["request"].chain_id},
    ),
    # --- one approval request: requester, approver, supervisor, auditor ------------------------
    Route(
        "workflow:request_detail",
        allowed=APPROVAL_READERS,
        kwargs=lambda w: {"pk": w["request"].pk},
    ),
    Route(
        "workflow:request_resubmit",
        allowed=only("employee"),
        kwargs=lambda w: {"pk": w["request"].pk},
    ),
    Route(
        "workflow:request_withdraw",
        allowed=only("employee"),
        method="post",
        kwargs=lambda w: {"pk": w["request"].pk},
    ),
    Route(
        "workflow:task_decide",
        allowed=only("dept_head"),
        method="post",
        kwargs=lambda w: {"pk": w["task"].pk},
        data=lambda w: {"decision": "approve", "comment": "同意"},
    ),
    Route(
        "workflow:delegation_cancel",
        allowed=only("employee"),
        method="post",
        kwargs=lambda w: {"pk": w["delegation"].pk},
    ),
    Route("files:download", allowed=APPROVAL_READERS, kwargs=lambda w: {"pk": w["attachment"].pk}),
    Route(
        "files:upload", allowed=only("employee"), method="post", data=lambda w: w["upload_form"]()
    ),
    Route(
        "notices:read",
        allowed=only("employee"),
        method="post",
        kwargs=lambda w: {"pk": w["notification"].pk},
    ),
    # --- audit: supervisor and auditor ------------------------------------------------------
    Route("audit:list", allowed=only("supervisor", "auditor")),
    Route("audit:verify", allowed=only("supervisor", "auditor")),
    # --- API ---------------------------------------------------------------------------------
    Route("api-me", api=True),
    Route("api-inbox", api=True),
    Route("api-clearance-levels", api=True),
    Route("api-departments", api=True),
    Route("api-users", api=True),
    Route("api-user-detail", api=True, kwargs=lambda w: {"pk": w["target"].pk}),
    Route(
        "api-user-end-sessions",
        api=True,
        allowed=only("supervisor"),
        method="post",
        kwargs=lambda w: {"pk": w["target"].pk},
    ),
    Route("notification-list", api=True),
    Route(
        "notification-read",
        api=True,
        allowed=only("employee"),
        method="post",
        kwargs=lambda w: {"pk": w["notification"].pk},
    ),
    Route("notification-read-all", api=True, method="post"),
    Route("workflow-request-list", api=True),
    Route(
        "workflow-request-detail",
        api=True,
        allowed=APPROVAL_READERS,
        kwargs=lambda w: {"pk": w["request"].pk},
    ),
    # The requester may resubmit; a request still pending is a conflict, not a refusal.
    Route(
        "workflow-request-resubmit",
        api=True,
        allowed=only("employee"),
        method="post",
        kwargs=lambda w: {"pk": w["request"].pk},
        data=lambda w: {"title": "申请购买显示器"},
        ok=(200, 409),
    ),
    Route(
        "workflow-request-withdraw",
        api=True,
        allowed=only("employee"),
        method="post",
        kwargs=lambda w: {"pk": w["request"].pk},
    ),
    Route(
        "workflow-task-decide",
        api=True,
        allowed=only("dept_head"),
        method="post",
        kwargs=lambda w: {"pk": w["task"].pk},
        data=lambda w: {"decision": "approve", "comment": "同意"},
    ),
    Route("workflow-delegation-list", api=True),
    Route(
        "workflow-delegation-detail",
        api=True,
        allowed=only("employee"),
        method="delete",
        kwargs=lambda w: {"pk": w["delegation"].pk},
    ),
    Route("audit-event-list", api=True, allowed=only("supervisor", "auditor")),
    Route("audit-verify", api=True, allowed=only("supervisor", "auditor")),
    Route("search", api=True, query="?q=显示器"),
]

for _module in domain_access_modules():
    ROUTES.extend(_module.ROUTES)
