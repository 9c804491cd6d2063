"""Demo data of the meetings app: a few rooms and meetings, or 500 rooms and 50,000 meetings."""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from zhongshu.org.models import User

from .models import Attendee, Meeting, MeetingStatus, Room
from .services import meeting_book

SMALL_ROOMS = [
    # name, building, location, capacity, projector, video, microphone, whiteboard
    ("第一会议室", "总部大楼", "3楼 301", 12, True, False, False, True),
    ("第二会议室", "总部大楼", "3楼 305", 8, False, False, False, True),
    ("视频会议室", "总部大楼", "5楼 502", 20, True, True, True, False),
    ("大礼堂", "总部大楼", "1楼", 200, True, True, True, False),
]
CHECKLIST = "投影仪开机\n麦克风电量\n视频终端连线\n白板笔"
LARGE_ROOMS = 500
LARGE_MEETINGS = 50_000
BATCH_SIZE = 5000


def load(scale: str, stdout) -> None:
    for name, building, location, capacity, projector, video, mic, board in SMALL_ROOMS:
        Room.objects.get_or_create(
            name=name,
            building=building,
            defaults={
                "location": location,
                "capacity": capacity,
                "has_projector": projector,
                "has_video": video,
                "has_microphone": mic,
                "has_whiteboard": board,
                "checklist": CHECKLIST,
            },
        )
    clerk = User.objects.filter(username="clerk").first()
    leader = User.objects.filter(username="leader").first()
    if clerk and leader and not Meeting.objects.filter(organiser=clerk).exists():
        room = Room.objects.get(name="第一会议室", building="总部大楼")
        tomorrow = timezone.localdate() + timedelta(days=1)
        start = timezone.make_aware(datetime.combine(tomorrow, time(9, 30)))
        others = User.objects.filter(username__in=["employee", "dept_head", "logistics"])
        meeting_book(
            title="每周行政例会",
            room=room,
            start=start,
            end=start + timedelta(hours=1),
            host=leader,
            attendees=[user.pk for user in others],
            agenda=["上周工作回顾", "本周重点安排"],
            rrule="FREQ=WEEKLY;COUNT=8",
            by=clerk,
        )
    if scale == "large":
        _load_large(stdout)


@transaction.atomic
def _load_large(stdout) -> None:
    """500 rooms in 10 buildings; 100 one-hour meetings per room, no two overlapping."""
    if Meeting.objects.count() >= LARGE_MEETINGS:
        return
    rng = random.Random(2026)
    existing = Room.objects.filter(building__startswith="园区").count()
    Room.objects.bulk_create(
        [
            Room(
                name=f"会议室{index:03d}",
                building=f"园区{index % 10 + 1}号楼",
                location=f"{index % 20 + 1}楼",
                capacity=rng.choice([6, 8, 10, 12, 20, 30, 50]),
                has_projector=rng.random() < 0.7,
                has_video=rng.random() < 0.3,
                has_microphone=rng.random() < 0.4,
                has_whiteboard=rng.random() < 0.6,
                checklist=CHECKLIST,
            )
            for index in range(existing, LARGE_ROOMS)
        ],
        batch_size=BATCH_SIZE,
    )
    rooms = list(Room.objects.filter(building__startswith="园区").values_list("pk", flat=True))
    users = list(User.objects.filter(is_active=True).values_list("pk", "department_id")[:2000])
    per_room = LARGE_MEETINGS // len(rooms)
    today = timezone.localdate()
    slots = [(day, hour) for day in range(-50, 51) for hour in range(8, 18)]
    batch = []
    created = 0
    for room in rooms:
        for day, hour in rng.sample(slots, per_room):
            start = timezone.make_aware(
                datetime.combine(today + timedelta(days=day), time(hour, 0))
            )
            host, department = users[rng.randrange(len(users))]
            past = day < 0
            batch.append(
                Meeting(
                    title=rng.choice(["部门例会", "项目评审会", "客户沟通会", "培训会", "周例会"]),
                    room_id=room,
                    start=start,
                    end=start + timedelta(minutes=rng.choice([30, 60])),
                    host_id=host,
                    organiser_id=host,
                    department_id=department,
                    status=MeetingStatus.RELEASED
                    if past and rng.random() < 0.05
                    else (MeetingStatus.SCHEDULED),
                )
            )
            if len(batch) >= BATCH_SIZE:
                created += _flush(batch, users, rng)
                batch = []
    created += _flush(batch, users, rng)
    stdout.write(f"meetings: {len(rooms)} rooms, {created} meetings")


def _flush(batch, users, rng) -> int:
    if not batch:
        return 0
    Meeting.objects.bulk_create(batch)
    ids = list(Meeting.objects.filter(uid__in=[m.uid for m in batch]).values_list("pk", "host_id"))
    Attendee.objects.bulk_create(
        [
            Attendee(meeting_id=pk, user_id=users[rng.randrange(len(users))][0])
            for pk, host in ids
            for _ in range(2)
        ],
        ignore_conflicts=True,
    )
    return len(batch)
