"""The access-control matrix: every route, who may use it, and how others are refused.

`ROUTES` must name every URL pattern of the project; `test_access_matrix.py` fails when a route
is added without an entry here, and checks each entry for anonymous users and every persona.
"""

from dataclasses import dataclass, field
from typing import Callable

from django.urls import URLPattern, URLResolver, get_resolver

PERSONAS = (
    "supervisor", "clerk", "logistics", "leader", "dept_head", "employee", "driver", "auditor",
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
