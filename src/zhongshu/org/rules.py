"""Permission predicates of the org app."""

import rules


@rules.predicate
def is_active_user(user):
    return bool(user and user.is_authenticated and user.is_active)


def has_role(*roles):
    @rules.predicate(name=f"has_role:{'|'.join(roles)}")
    def predicate(user):
        return is_active_user(user) and user.has_role(*roles)

    return predicate


is_supervisor = has_role("supervisor")
is_admin_staff = has_role("supervisor", "clerk", "logistics")
is_auditor = has_role("auditor")

rules.add_perm("org.manage_users", is_supervisor)
rules.add_perm("org.view_directory", is_active_user)
rules.add_perm("org.view_admin_console", is_supervisor | is_auditor)
