"""Permission predicates of the meetings app.

These say *who* may act; status checks (cancelled meeting, minutes not reviewed yet) live in
the services and answer 409.
"""

import rules

from zhongshu.core.roles import Role
from zhongshu.core.rules import has_role, is_active_user

is_office = has_role(Role.SUPERVISOR, Role.CLERK)
is_room_manager = has_role(Role.SUPERVISOR, Role.LOGISTICS)
is_report_reader = has_role(Role.SUPERVISOR, Role.CLERK, Role.LEADER)
is_stats_reader = has_role(Role.SUPERVISOR, Role.CLERK, Role.LEADER, Role.AUDITOR)


@rules.predicate
def is_organiser(user, meeting):
    return meeting is not None and meeting.organiser_id == user.pk


@rules.predicate
def is_host(user, meeting):
    return meeting is not None and meeting.host_id == user.pk


@rules.predicate
def can_see_meeting(user, meeting):
    from .models import Meeting

    return meeting is not None and Meeting.objects.visible_to(user).filter(pk=meeting.pk).exists()


@rules.predicate
def is_action_owner(user, action):
    return action is not None and action.owner_id == user.pk


@rules.predicate
def organises_action_meeting(user, action):
    return action is not None and action.meeting.organiser_id == user.pk


rules.add_perm("meetings.book", is_active_user)
rules.add_perm("meetings.manage_rooms", is_active_user & is_room_manager)
rules.add_perm("meetings.view_meeting", is_active_user & can_see_meeting)
rules.add_perm("meetings.manage_meeting", is_active_user & (is_organiser | is_host | is_office))
rules.add_perm("meetings.sign_in_others", is_active_user & (is_organiser | is_office))
rules.add_perm("meetings.write_minutes", is_active_user & (is_organiser | is_office))
rules.add_perm("meetings.review_minutes", is_active_user & is_host)
rules.add_perm("meetings.check_equipment", is_active_user & is_room_manager)
rules.add_perm(
    "meetings.update_action",
    is_active_user & (is_action_owner | organises_action_meeting | is_office),
)
rules.add_perm("meetings.view_report", is_active_user & is_report_reader)
rules.add_perm("meetings.view_stats", is_active_user & is_stats_reader)
