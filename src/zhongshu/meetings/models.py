"""Meeting rooms, meetings (each one is also the room booking), attendees, minutes, actions."""

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zhongshu.core.natural import natural_key
from zhongshu.core.roles import Role

# Who may see every meeting: the office staff who run them and prepare rooms, leaders, auditors.
ALL_MEETINGS_ROLES = (Role.SUPERVISOR, Role.CLERK, Role.LOGISTICS, Role.LEADER, Role.AUDITOR)


class Equipment(models.TextChoices):
    PROJECTOR = "projector", _("Projector")
    VIDEO = "video", _("Video conferencing")
    MICROPHONE = "microphone", _("Microphones")
    WHITEBOARD = "whiteboard", _("Whiteboard")


EQUIPMENT_FIELDS = {code: f"has_{code}" for code in Equipment.values}


class RoomStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    MAINTENANCE = "maintenance", _("Under maintenance")


class RoomQuerySet(models.QuerySet):
    def bookable(self):
        return self.filter(status=RoomStatus.AVAILABLE)

    def with_equipment(self, codes):
        return self.filter(**{EQUIPMENT_FIELDS[code]: True for code in codes})

    def available(self, start, end, *, capacity=None, equipment=()):
        """Bookable rooms no meeting holds in [start, end), smallest fitting capacity first.

        `equipment` are known codes (the services check them). One query: the busy rooms are a
        NOT EXISTS over the (room, start) index.
        """
        rooms = self.bookable().with_equipment(equipment)
        if capacity:
            rooms = rooms.filter(capacity__gte=capacity)
        busy = Meeting.objects.holding_room().overlapping(start, end).values("room_id")
        return rooms.exclude(pk__in=busy).order_by("capacity", "building", "name", "id")


class Room(models.Model):
    name = models.CharField(_("name"), max_length=100)
    building = models.CharField(_("building"), max_length=100, blank=True, db_index=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), db_index=True)
    has_projector = models.BooleanField(_("projector"), default=False)
    has_video = models.BooleanField(_("video conferencing"), default=False)
    has_microphone = models.BooleanField(_("microphones"), default=False)
    has_whiteboard = models.BooleanField(_("whiteboard"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RoomStatus.choices,
        default=RoomStatus.AVAILABLE,
        db_index=True,
    )
    requires_approval = models.BooleanField(
        _("booking needs approval"),
        default=False,
        help_text=_("Bookings are held until a supervisor approves them (e.g. the large hall)."),
    )
    checklist = models.TextField(
        _("equipment checklist"), blank=True, help_text=_("One item to check per line.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    # Building and name with their numbers padded (core.natural): 洽谈室2 before 洽谈室10.
    sort_key = models.CharField(
        _("sort key"), max_length=500, blank=True, db_index=True, editable=False
    )

    objects = RoomQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting room")
        verbose_name_plural = _("meeting rooms")
        ordering = ["sort_key", "id"]

    def __str__(self):
        return f"{self.building} {self.name}".strip()

    def save(self, *args, **kwargs):
        self.sort_key = natural_key(f"{self.building}\t{self.name}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "building"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)

    @property
    def equipment(self) -> list[str]:
        return [code for code, field in EQUIPMENT_FIELDS.items() if getattr(self, field)]

    @property
    def equipment_labels(self) -> list[str]:
        return [str(Equipment(code).label) for code in self.equipment]

    @property
    def checklist_items(self) -> list[str]:
        return [line.strip() for line in self.checklist.splitlines() if line.strip()]


class MeetingStatus(models.TextChoices):
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    RELEASED = "released", _("Released (no-show)")


# Statuses that hold the room: the PostgreSQL exclusion constraint and the SQLite check use it.
# A booking awaiting approval holds its slot so nobody else takes it meanwhile.
HOLDS_ROOM = (MeetingStatus.PENDING_APPROVAL, MeetingStatus.SCHEDULED)
MEETING_FLOW: dict[str, tuple[MeetingStatus, ...]] = {
    MeetingStatus.PENDING_APPROVAL: (MeetingStatus.SCHEDULED, MeetingStatus.CANCELLED),
    MeetingStatus.SCHEDULED: (MeetingStatus.CANCELLED, MeetingStatus.RELEASED),
    MeetingStatus.CANCELLED: (),
    MeetingStatus.RELEASED: (),
}


class MeetingSeries(models.Model):
    """A recurring booking: the RRULE its meetings were expanded from."""

    rrule = models.CharField(_("recurrence rule"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting series")
        verbose_name_plural = _("meeting series")

    def __str__(self):
        return self.rrule


# The booking service refuses longer meetings; overlap queries rely on it to bound the index
# range on `start` from below as well as above.
MAX_DURATION = timedelta(hours=24)


class MeetingQuerySet(models.QuerySet):
    def holding_room(self):
        return self.filter(status__in=HOLDS_ROOM)

    def overlapping(self, start, end):
        """Meetings sharing any time with [start, end) (a meeting never exceeds MAX_DURATION)."""
        return self.filter(start__lt=end, start__gt=start - MAX_DURATION, end__gt=start)

    def visible_to(self, user):
        """Office staff, leaders and auditors see all; others their own and invited meetings."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.has_role(*ALL_MEETINGS_ROLES):
            return self
        invited = Attendee.objects.filter(Q(user=user) | Q(delegate=user)).values("meeting_id")
        return self.filter(Q(organiser=user) | Q(host=user) | Q(pk__in=invited))


class Meeting(models.Model):
    """A meeting and its room booking: while `scheduled` it holds the room from start to end."""

    Status = MeetingStatus

    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("topic"), max_length=200)
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("room")
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="hosted_meetings",
        verbose_name=_("host"),
    )
    organiser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="organised_meetings",
        verbose_name=_("organiser"),
    )
    department = models.ForeignKey(
        "org.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    description = models.TextField(_("description"), blank=True)
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("series"),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MeetingStatus.choices,
        default=MeetingStatus.SCHEDULED,
    )
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    checkin_token = models.CharField(
        _("sign-in key"), max_length=43, default=secrets.token_urlsafe, editable=False
    )
    no_show = models.BooleanField(_("no-show"), default=False)
    equipment_checked_at = models.DateTimeField(_("equipment checked at"), null=True, blank=True)
    equipment_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("equipment checked by"),
    )
    equipment_notes = models.TextField(_("equipment check notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["start", "id"]
        indexes = [
            models.Index(fields=["room", "start"], name="meeting_room_start"),
            models.Index(fields=["status", "start"], name="meeting_status_start"),
            models.Index(fields=["start", "end"], name="meeting_start_end"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="meeting_end_after_start"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def holds_room(self) -> bool:
        return self.status in HOLDS_ROOM

    @property
    def duration_hours(self) -> float:
        return (self.end - self.start).total_seconds() / 3600

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()


class Response(models.TextChoices):
    PENDING = "pending", _("No answer yet")
    ATTEND = "attend", _("Attending")
    DECLINE = "decline", _("Declined")
    DELEGATE = "delegate", _("Delegated")


class Attendee(models.Model):
    """An invited colleague (`user`) or external guest (`guest_name`, `guest_email`)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("meeting")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_invitations",
        verbose_name=_("colleague"),
    )
    guest_name = models.CharField(_("guest name"), max_length=100, blank=True)
    guest_email = models.EmailField(_("guest e-mail"), blank=True)
    response = models.CharField(
        _("response"), max_length=20, choices=Response.choices, default=Response.PENDING
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_delegations",
        verbose_name=pgettext_lazy("meeting attendance", "delegate"),
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed in by"),
    )

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"], condition=Q(user__isnull=False), name="attendee_once"
            ),
        ]
        indexes = [
            models.Index(fields=["user", "meeting"], name="attendee_user_meeting"),
            models.Index(fields=["delegate"], name="attendee_delegate"),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.user_id:
            return self.user.display_name
        return self.guest_name

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def is_late(self) -> bool:
        return bool(self.checked_in_at and self.checked_in_at > self.meeting.start)

    @property
    def present_user_id(self):
        """Who is expected in the room: the delegate when the invitation was delegated."""
        return self.delegate_id if self.response == Response.DELEGATE else self.user_id


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("item"), max_length=200)
    presenter = models.CharField(_("presenter"), max_length=100, blank=True)
    minutes = models.PositiveIntegerField(_("duration (minutes)"), null=True, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "id"]

    def __str__(self):
        return self.title


class MinutesStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("minutes status", "Under review")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", pgettext_lazy("minutes status", "Approved")
    PUBLISHED = "published", _("Published")


MINUTES_FLOW: dict[str, tuple[MinutesStatus, ...]] = {
    MinutesStatus.DRAFT: (MinutesStatus.SUBMITTED,),
    MinutesStatus.RETURNED: (MinutesStatus.SUBMITTED,),
    MinutesStatus.SUBMITTED: (MinutesStatus.APPROVED, MinutesStatus.RETURNED),
    MinutesStatus.APPROVED: (MinutesStatus.PUBLISHED,),
    MinutesStatus.PUBLISHED: (),
}
EDITABLE_MINUTES = (MinutesStatus.DRAFT, MinutesStatus.RETURNED)


class Minutes(models.Model):
    """会议纪要: drafted by the organiser (clerk), reviewed by the host, published to attendees."""

    Status = MinutesStatus

    meeting = models.OneToOneField(
        Meeting, on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    body = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.DRAFT
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self):
        return str(self.meeting)


class MinutesEvent(models.Model):
    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="events", verbose_name=_("minutes")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("actor")
    )
    from_status = models.CharField(
        pgettext_lazy("status change", "from"),
        max_length=20,
        blank=True,
        choices=MinutesStatus.choices,
    )
    to_status = models.CharField(_("to"), max_length=20, choices=MinutesStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("minutes event")
        verbose_name_plural = _("minutes events")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_status} → {self.to_status}"


class ActionStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("action item status", "Open")
    DONE = "done", _("Done")


class ActionState(models.TextChoices):
    """Where an open or finished action item stands in the weekly report (每周进度表)."""

    DONE = "done", _("Done")
    ON_TRACK = "on_track", _("On track")
    OVERDUE = "overdue", _("Overdue")


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(
            Q(owner=user) | Q(meeting__in=Meeting.objects.visible_to(user).values("pk"))
        )

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(status=ActionStatus.OPEN, due_date__lt=today)


class ActionItem(models.Model):
    """决议事项: a decision to carry out, with an owner and a due date, tracked to completion."""

    Status = ActionStatus

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name=_("meeting")
    )
    title = models.CharField(pgettext_lazy("meeting decision", "action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="meeting_actions",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    percent = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_date", "id"]
        indexes = [models.Index(fields=["owner", "status"], name="action_owner_status")]

    def __str__(self):
        return self.title

    def progress_state(self, today=None) -> ActionState:
        """Done, on track or overdue, as the weekly report counts it."""
        today = today or timezone.localdate()
        if self.status == ActionStatus.DONE:
            return ActionState.DONE
        return ActionState.OVERDUE if self.due_date < today else ActionState.ON_TRACK


class ActionProgress(models.Model):
    action = models.ForeignKey(
        ActionItem,
        on_delete=models.CASCADE,
        related_name="progress",
        verbose_name=pgettext_lazy("meeting decision", "action"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("author")
    )
    note = models.TextField(_("progress note"))
    percent = models.PositiveSmallIntegerField(_("progress (%)"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.percent}%"


class CalendarFeedQuerySet(models.QuerySet):
    def usable(self):
        """Feeds whose owner can still sign in: a disabled person's links stop working."""
        return self.filter(user__is_active=True)


class CalendarFeed(models.Model):
    """A secret link to an iCalendar feed, subscribed to without a session: a person's own
    meetings (no room), or one room's bookings as that person may see them.

    Each link belongs to one person, who sees and revokes it on the feeds page; revoking deletes
    it, and the next link made has a new key.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_feeds",
        verbose_name=_("user"),
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="feeds",
        verbose_name=_("room"),
    )
    token = models.CharField(
        _("feed key"), max_length=43, unique=True, default=secrets.token_urlsafe
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["user", "room", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(room__isnull=True),
                name="meetings_one_personal_feed",
            ),
            models.UniqueConstraint(fields=["user", "room"], name="meetings_one_feed_per_room"),
        ]

    def __str__(self):
        return f"{self.user} · {self.room}" if self.room_id else str(self.user)
