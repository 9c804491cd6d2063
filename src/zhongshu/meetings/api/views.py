"""REST API of the meetings app (mounted at /api/v1/meetings/): thin views over the services."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.api.renderers import CALENDAR, CALENDAR_RENDERERS
from zhongshu.core.errors import ensure
from zhongshu.org.models import User

from .. import services
from ..filters import MeetingFilter, RoomAvailabilityFilter
from ..ics import invitation
from ..models import EQUIPMENT_FIELDS, ActionItem, Meeting, Minutes, Room
from .serializers import (
    ActionInputSerializer,
    ActionListSerializer,
    ActionProgressListSerializer,
    ActionSerializer,
    AttendeeListSerializer,
    AttendeeSerializer,
    AvailableRoomListSerializer,
    BookingResultSerializer,
    BookSerializer,
    CheckinSerializer,
    CommentSerializer,
    MeetingDetailSerializer,
    MeetingSerializer,
    MeetingUpdateResultSerializer,
    MeetingUpdateSerializer,
    MinutesSerializer,
    ProgressSerializer,
    RespondSerializer,
    RoomSerializer,
    WeeklyReportSerializer,
)

ROOM_COLUMNS = ("id", "name", "building", "location", "capacity")
# Free rooms come smallest fitting capacity first; the first 50 are plenty to choose from.
AVAILABLE_LIMIT = 50
AVAILABILITY_PARAMETERS = [
    OpenApiParameter(
        "start", OpenApiTypes.DATETIME, required=True, description="ISO 8601 with a UTC offset"
    ),
    OpenApiParameter(
        "end", OpenApiTypes.DATETIME, required=True, description="ISO 8601 with a UTC offset"
    ),
    OpenApiParameter("capacity", int, description="at least this many seats"),
    OpenApiParameter("equipment", str, description="equipment codes, comma-separated"),
]


def clash_response(error: services.RoomClash) -> Response:
    """409 naming the booking that holds the room."""
    return Response(
        {
            "code": error.code,
            "detail": str(error.detail),
            "clash": MeetingSerializer(error.clash).data,
        },
        status=status.HTTP_409_CONFLICT,
    )


def visible_meetings(user):
    return Meeting.objects.visible_to(user).select_related("room", "host", "organiser", "series")


def meeting_for(user, pk) -> Meeting:
    return get_object_or_404(visible_meetings(user), pk=pk)


def detail_of(meeting: Meeting) -> dict:
    meeting = (
        Meeting.objects.select_related("room", "host", "organiser", "series")
        .prefetch_related("attendees__user", "attendees__delegate", "agenda_items")
        .get(pk=meeting.pk)
    )
    return MeetingDetailSerializer(meeting).data


def _active_user(pk, field):
    user = User.objects.active().filter(pk=pk).first()
    if user is None:
        raise serializers.ValidationError({field: ["Unknown or inactive user."]})
    return user


class RoomListView(generics.ListAPIView):
    """Rooms (any signed-in user); POST creates one (supervisor, logistics)."""

    serializer_class = RoomSerializer
    queryset = Room.objects.all()

    @extend_schema(request=RoomSerializer, responses={201: RoomSerializer})
    def post(self, request):
        data = RoomSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        room = services.room_create(by=request.user, **data.validated_data)
        return Response(RoomSerializer(room).data, status=status.HTTP_201_CREATED)


class RoomDetailView(generics.RetrieveAPIView):
    serializer_class = RoomSerializer
    queryset = Room.objects.all()

    @extend_schema(request=RoomSerializer(partial=True), responses=RoomSerializer)
    def patch(self, request, pk):
        room = get_object_or_404(Room, pk=pk)
        data = RoomSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        room = services.room_update(room=room, by=request.user, **data.validated_data)
        return Response(RoomSerializer(room).data)


class RoomAvailableView(APIView):
    """Free rooms for `?start=&end=` (with offsets), `&capacity=`, `&equipment=a,b`: the 50
    smallest that fit, as {id, name, building, location, capacity, equipment}."""

    @extend_schema(parameters=AVAILABILITY_PARAMETERS, responses=AvailableRoomListSerializer)
    def get(self, request):
        search = RoomAvailabilityFilter(request.query_params, queryset=Room.objects.all())
        if not search.is_valid():
            raise translate_validation(search.errors)
        rows = search.qs.values_list(*ROOM_COLUMNS, *EQUIPMENT_FIELDS.values())[:AVAILABLE_LIMIT]
        # Plain tuples to dicts: this list is the hot path of booking, kept close to bare SQL.
        width = len(ROOM_COLUMNS)
        codes = list(EQUIPMENT_FIELDS)
        results = [
            {
                **dict(zip(ROOM_COLUMNS, row[:width], strict=True)),
                "equipment": [code for code, flag in zip(codes, row[width:], strict=True) if flag],
            }
            for row in rows
        ]
        return Response({"results": results})


class MeetingListView(generics.ListAPIView):
    """Meetings I can see (`?search=` in the topic, `?status=`); POST books a meeting."""

    serializer_class = MeetingSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = MeetingFilter

    def get_queryset(self):
        return visible_meetings(self.request.user)

    @extend_schema(request=BookSerializer, responses={201: BookingResultSerializer})
    def post(self, request):
        data = BookSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if "host" in values:
            values["host"] = _active_user(values["host"], "host")
        try:
            booking = services.meeting_book(by=request.user, **values)
        except services.RoomClash as error:
            return clash_response(error)
        body = detail_of(booking.meeting)
        body["occurrences"] = [
            {"id": m.pk, "start": m.start.isoformat(), "end": m.end.isoformat()}
            for m in booking.meetings
        ]
        body["warnings"] = booking.warnings
        return Response(body, status=status.HTTP_201_CREATED)


class MeetingDetailView(APIView):
    """GET the meeting; PATCH title/room/start/end; DELETE cancels it (the slot is released)."""

    @extend_schema(responses=MeetingDetailSerializer)
    def get(self, request, pk):
        return Response(detail_of(meeting_for(request.user, pk)))

    @extend_schema(request=MeetingUpdateSerializer, responses=MeetingUpdateResultSerializer)
    def patch(self, request, pk):
        meeting = meeting_for(request.user, pk)
        data = MeetingUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            booking = services.meeting_update(
                meeting=meeting, by=request.user, **data.validated_data
            )
        except services.RoomClash as error:
            return clash_response(error)
        body = detail_of(booking.meeting)
        body["warnings"] = booking.warnings
        return Response(body)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk):
        services.meeting_cancel(meeting=meeting_for(request.user, pk), by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeetingInviteView(APIView):
    """The invitation as text/calendar: METHOD:REQUEST, or CANCEL once cancelled."""

    renderer_classes = CALENDAR_RENDERERS

    @extend_schema(responses={(200, CALENDAR): bytes})
    def get(self, request, pk):
        meetings = visible_meetings(request.user).prefetch_related("attendees__user")
        meeting = get_object_or_404(meetings, pk=pk)
        body, method = invitation(meeting)
        response = HttpResponse(body, content_type=f"text/calendar; charset=utf-8; method={method}")
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
        return response


class MeetingRespondView(APIView):
    """The invitee answers: `{"response": "attend"|"decline"|"delegate", "delegate": id}`."""

    @extend_schema(request=RespondSerializer, responses=AttendeeSerializer)
    def post(self, request, pk):
        meeting = meeting_for(request.user, pk)
        data = RespondSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        delegate = None
        if data.validated_data.get("delegate"):
            delegate = _active_user(data.validated_data["delegate"], "delegate")
        attendee = services.attendee_respond(
            meeting=meeting,
            by=request.user,
            response=data.validated_data["response"],
            delegate=delegate,
        )
        return Response(AttendeeSerializer(attendee).data)


class MeetingCheckinView(APIView):
    """GET the attendance list; POST signs in (`token` for yourself, `user`/`guest` for clerks)."""

    @extend_schema(responses=AttendeeListSerializer)
    def get(self, request, pk):
        meeting = meeting_for(request.user, pk)
        attendees = meeting.attendees.select_related("user", "delegate", "meeting")
        return Response({"results": AttendeeSerializer(attendees, many=True).data})

    @extend_schema(request=CheckinSerializer, responses=AttendeeSerializer)
    def post(self, request, pk):
        meeting = meeting_for(request.user, pk)
        data = CheckinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        user = _active_user(values["user"], "user") if values.get("user") else None
        attendee = services.attendee_check_in(
            meeting=meeting,
            by=request.user,
            token=values["token"],
            user=user,
            guest=values.get("guest"),
        )
        return Response(AttendeeSerializer(attendee).data)


def _minutes_of(meeting) -> Minutes:
    return Minutes.objects.filter(meeting=meeting).prefetch_related("events__actor").first()


class MinutesView(APIView):
    """GET the minutes (attendees see them once published); PUT saves the draft."""

    @extend_schema(responses=MinutesSerializer)
    def get(self, request, pk):
        meeting = meeting_for(request.user, pk)
        minutes = _minutes_of(meeting)
        if minutes is None or (
            minutes.status != Minutes.Status.PUBLISHED
            and not request.user.has_perm("meetings.write_minutes", meeting)
            and not request.user.has_perm("meetings.review_minutes", meeting)
        ):
            return Response(
                {"code": "not_found", "detail": _("No minutes yet.")},
                status=status.HTTP_404_NOT_FOUND,
            )
        return Response(MinutesSerializer(minutes).data)

    @extend_schema(request=MinutesSerializer, responses=MinutesSerializer)
    def put(self, request, pk):
        meeting = meeting_for(request.user, pk)
        data = MinutesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.minutes_save(
            meeting=meeting,
            by=request.user,
            body=data.validated_data.get("body", ""),
            decisions=data.validated_data.get("decisions", ""),
        )
        return Response(MinutesSerializer(_minutes_of(meeting)).data)


class MinutesActionView(APIView):
    """POST submit / approve / return (`{"comment"}`) / publish."""

    step = ""

    @extend_schema(request=CommentSerializer, responses=MinutesSerializer)
    def post(self, request, pk):
        meeting = meeting_for(request.user, pk)
        data = CommentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = data.validated_data["comment"]
        if self.step == "submit":
            services.minutes_submit(meeting=meeting, by=request.user)
        elif self.step == "publish":
            services.minutes_publish(meeting=meeting, by=request.user)
        else:
            services.minutes_review(
                meeting=meeting, by=request.user, decision=self.step, comment=comment
            )
        return Response(MinutesSerializer(_minutes_of(meeting)).data)


class MeetingActionListView(APIView):
    """The meeting's action items; POST adds one `{"title", "owner", "due_date"}`."""

    @extend_schema(responses=ActionListSerializer)
    def get(self, request, pk):
        meeting = meeting_for(request.user, pk)
        actions = meeting.actions.select_related("owner")
        return Response({"results": ActionSerializer(actions, many=True).data})

    @extend_schema(request=ActionInputSerializer, responses={201: ActionSerializer})
    def post(self, request, pk):
        meeting = meeting_for(request.user, pk)
        data = ActionInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        action = services.action_create(
            meeting=meeting,
            by=request.user,
            title=values["title"],
            owner=_active_user(values["owner"], "owner"),
            due_date=values["due_date"],
        )
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionProgressView(APIView):
    """The progress updates of an action item; POST `{"note", "percent", "done"}` adds one."""

    def _action(self, request, pk) -> ActionItem:
        return get_object_or_404(
            ActionItem.objects.visible_to(request.user).select_related("owner", "meeting"), pk=pk
        )

    @extend_schema(responses=ActionProgressListSerializer)
    def get(self, request, pk):
        action = self._action(request, pk)
        rows = action.progress.select_related("author")
        return Response(
            {
                "action": ActionSerializer(action).data,
                "results": ProgressSerializer(rows, many=True).data,
            }
        )

    @extend_schema(request=ProgressSerializer, responses={201: ActionSerializer})
    def post(self, request, pk):
        action = self._action(request, pk)
        data = ProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        services.action_progress(
            action=action,
            by=request.user,
            note=values["note"],
            percent=values["percent"],
            done=values["done"],
        )
        action.refresh_from_db()
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionReportView(APIView):
    """每周进度表 `?week=YYYY-Www`: per owner done / on track / overdue (leaders, office)."""

    @extend_schema(
        parameters=[OpenApiParameter("week", str, description="YYYY-Www; default this week")],
        responses=WeeklyReportSerializer,
    )
    def get(self, request):
        ensure(request.user, "meetings.view_report")
        report = services.weekly_report(week=request.query_params.get("week"), by=request.user)
        return Response(
            {
                "week": report.week,
                "from": report.monday,
                "to": report.sunday,
                "totals": report.totals,
                "owners": [
                    {
                        "owner": {"id": row.owner.pk, "name": row.owner.display_name},
                        "done": row.done,
                        "on_track": row.on_track,
                        "overdue": row.overdue,
                        "items": [
                            {**ActionSerializer(action).data, "state": state}
                            for action, state in row.items
                        ],
                    }
                    for row in report.rows
                ],
            }
        )
