"""Permission predicates of the audit app: the log is read by supervisors and auditors."""

import rules

from zhongshu.core.rules import is_auditor, is_supervisor

rules.add_perm("audit.view_audit", is_supervisor | is_auditor)
