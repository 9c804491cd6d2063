"""Serializers of the meetings API (input allow-lists and output shapes)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhongshu.api.fields import (
    MAX_INT,
    DateField,
    IdField,
    IdListField,
    OffsetDateTimeField,
    RecordField,
)
from zhongshu.org.api.serializers import PersonSerializer

from ..models import (
    ActionItem,
    ActionProgress,
    ActionState,
    AgendaItem,
    Attendee,
    Equipment,
    Meeting,
    Minutes,
    MinutesEvent,
    Response,
    Room,
    RoomStatus,
)


class RoomSerializer(serializers.ModelSerializer):
    equipment = serializers.ListField(
        child=serializers.ChoiceField(choices=Equipment.choices), required=False
    )
    status = serializers.ChoiceField(choices=RoomStatus.choices, required=False)
    capacity = serializers.IntegerField(min_value=0, max_value=MAX_INT)

    class Meta:
        model = Room
        fields = [
            "id",
            "name",
            "building",
            "location",
            "capacity",
            "equipment",
            "status",
            "requires_approval",
            "checklist",
        ]


class RoomBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Room
        fields = ["id", "name", "building", "location", "capacity"]


class AttendeeSerializer(serializers.ModelSerializer):
    user = PersonSerializer(read_only=True, allow_null=True, help_text="null for a guest")
    delegate = PersonSerializer(read_only=True, allow_null=True)
    late = serializers.BooleanField(source="is_late", read_only=True)

    class Meta:
        model = Attendee
        fields = [
            "id",
            "user",
            "guest_name",
            "guest_email",
            "response",
            "delegate",
            "responded_at",
            "checked_in_at",
            "late",
        ]


class AgendaSerializer(serializers.ModelSerializer):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "presenter", "minutes"]


class MeetingSerializer(serializers.ModelSerializer):
    room = RoomBriefSerializer(read_only=True)
    host = PersonSerializer(read_only=True)
    organiser = PersonSerializer(read_only=True)
    rrule = serializers.CharField(source="series.rrule", default="", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "room",
            "start",
            "end",
            "host",
            "organiser",
            "status",
            "series",
            "rrule",
            "sequence",
            "no_show",
        ]


class MeetingDetailSerializer(MeetingSerializer):
    attendees = AttendeeSerializer(many=True, read_only=True)
    agenda = AgendaSerializer(source="agenda_items", many=True, read_only=True)

    class Meta(MeetingSerializer.Meta):
        fields = [*MeetingSerializer.Meta.fields, "description", "attendees", "agenda"]


class GuestSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    email = serializers.EmailField(required=False, allow_blank=True, default="")


class AgendaInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    presenter = serializers.CharField(max_length=100, required=False, allow_blank=True)
    minutes = serializers.IntegerField(min_value=1, max_value=1440, required=False)


@extend_schema_field(OpenApiTypes.OBJECT)
class AgendaField(serializers.Field):
    """An agenda item: a plain title, or {title, presenter, minutes}."""

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = {"title": data}
        item = AgendaInputSerializer(data=data)
        item.is_valid(raise_exception=True)
        return dict(item.validated_data)

    def to_representation(self, value):
        return value


class BookSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    room = RecordField(queryset=Room.objects.all())
    start = OffsetDateTimeField()
    end = OffsetDateTimeField()
    host = IdField(required=False, help_text="user id; default: you")
    attendees = IdListField(required=False, help_text="user ids")
    guests = GuestSerializer(many=True, required=False)
    agenda = serializers.ListField(child=AgendaField(), required=False)
    description = serializers.CharField(required=False, allow_blank=True)
    rrule = serializers.CharField(required=False, allow_blank=True, max_length=300)


class MeetingUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    room = RecordField(queryset=Room.objects.all(), required=False)
    start = OffsetDateTimeField(required=False)
    end = OffsetDateTimeField(required=False)
    description = serializers.CharField(required=False, allow_blank=True)


class RespondSerializer(serializers.Serializer):
    response = serializers.ChoiceField(
        choices=[Response.ATTEND, Response.DECLINE, Response.DELEGATE]
    )
    delegate = IdField(required=False, help_text="user id; with response=delegate")


class CheckinSerializer(serializers.Serializer):
    token = serializers.RegexField(
        r"^[A-Za-z0-9_-]*$",
        max_length=43,
        required=False,
        allow_blank=True,
        default="",
        help_text="the key of the room's sign-in QR code (to sign yourself in)",
        error_messages={"invalid": _("Scan the QR code shown in the meeting room to sign in.")},
    )
    user = IdField(required=False, help_text="user id (clerks sign others in)")
    guest = IdField(required=False, help_text="attendee id of a guest (clerks)")


class MinutesEventSerializer(serializers.ModelSerializer):
    actor = PersonSerializer(read_only=True)

    class Meta:
        model = MinutesEvent
        fields = ["actor", "from_status", "to_status", "comment", "at"]


class MinutesSerializer(serializers.ModelSerializer):
    events = MinutesEventSerializer(many=True, read_only=True)

    class Meta:
        model = Minutes
        fields = ["body", "decisions", "status", "updated_at", "published_at", "events"]
        read_only_fields = ["status", "updated_at", "published_at"]


class CommentSerializer(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ActionSerializer(serializers.ModelSerializer):
    owner = PersonSerializer(read_only=True)
    meeting = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = ActionItem
        fields = ["id", "meeting", "title", "owner", "due_date", "status", "percent", "done_at"]


class ActionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    owner = IdField(help_text="user id")
    due_date = DateField()


class ProgressSerializer(serializers.ModelSerializer):
    author = PersonSerializer(read_only=True)
    done = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = ActionProgress
        fields = ["author", "note", "percent", "done", "at"]
        read_only_fields = ["at"]


# --- schema only: shapes the API builds by hand, described for /api/docs/ ---


class AvailableRoomSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    building = serializers.CharField()
    location = serializers.CharField()
    capacity = serializers.IntegerField()
    equipment = serializers.ListField(child=serializers.ChoiceField(choices=Equipment.choices))


class AvailableRoomListSerializer(serializers.Serializer):
    results = AvailableRoomSerializer(many=True)


class OccurrenceSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class MeetingUpdateResultSerializer(MeetingDetailSerializer):
    """The meeting after the change, with warnings (e.g. attendees busy at the new time)."""

    warnings = serializers.ListField(child=serializers.CharField())

    class Meta(MeetingDetailSerializer.Meta):
        fields = [*MeetingDetailSerializer.Meta.fields, "warnings"]


class BookingResultSerializer(MeetingUpdateResultSerializer):
    """The (first) meeting booked, every occurrence of a series, and warnings."""

    occurrences = OccurrenceSerializer(many=True)

    class Meta(MeetingUpdateResultSerializer.Meta):
        fields = [*MeetingUpdateResultSerializer.Meta.fields, "occurrences"]


class AttendeeListSerializer(serializers.Serializer):
    results = AttendeeSerializer(many=True)


class ActionListSerializer(serializers.Serializer):
    results = ActionSerializer(many=True)


class ActionProgressListSerializer(serializers.Serializer):
    action = ActionSerializer()
    results = ProgressSerializer(many=True)


class ReportItemSerializer(ActionSerializer):
    """An action item in the weekly report, with its state that week."""

    state = serializers.ChoiceField(choices=ActionState.choices)

    class Meta(ActionSerializer.Meta):
        fields = [*ActionSerializer.Meta.fields, "state"]


class ReportCountsSerializer(serializers.Serializer):
    done = serializers.IntegerField()
    on_track = serializers.IntegerField()
    overdue = serializers.IntegerField()


class ReportOwnerRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class ReportOwnerSerializer(ReportCountsSerializer):
    owner = ReportOwnerRefSerializer()
    items = ReportItemSerializer(many=True)


# 每周进度表; built with type() because `from` (the Monday; `to` is the Sunday) is a keyword.
WeeklyReportSerializer = type(
    "WeeklyReportSerializer",
    (serializers.Serializer,),
    {
        "week": serializers.CharField(help_text="YYYY-Www"),
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        "totals": ReportCountsSerializer(),
        "owners": ReportOwnerSerializer(many=True),
    },
)
