"""Base permission predicates every app builds on: an active user, holding a role."""

import rules

from .roles import Role


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def has_role(*roles: Role) -> rules.Predicate:
    """A predicate true for an active user holding any of `roles`."""

    @rules.predicate(name=f"has_role:{'|'.join(roles)}")
    def predicate(user) -> bool:
        return is_active_user(user) and user.has_role(*roles)

    return predicate


is_supervisor = has_role(Role.SUPERVISOR)
is_admin_staff = has_role(Role.SUPERVISOR, Role.CLERK, Role.LOGISTICS)
is_auditor = has_role(Role.AUDITOR)
