"""Permission predicates of the org app."""

import rules

from zhongshu.core.rules import is_active_user, is_auditor, is_supervisor

rules.add_perm("org.manage_users", is_supervisor)
rules.add_perm("org.view_directory", is_active_user)
rules.add_perm("org.view_admin_console", is_supervisor | is_auditor)
