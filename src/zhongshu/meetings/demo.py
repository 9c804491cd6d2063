"""Demo data of the meetings app: a few rooms and meetings, or 500 rooms and 50,000 meetings."""

import random
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from zhongshu.core.natural import natural_key
from zhongshu.org.models import User

from .models import Attendee, Meeting, MeetingStatus, Response, Room
from .services import (
    action_create,
    action_progress,
    meeting_book,
    minutes_publish,
    minutes_review,
    minutes_save,
    minutes_submit,
)
from .services.common import open_minutes_deadline

SMALL_ROOMS = [
    # name, building, location, capacity, projector, video, microphone, whiteboard
    ("第一会议室", "总部大楼", "3楼 301", 12, True, False, False, True),
    ("第二会议室", "总部大楼", "3楼 305", 8, False, False, False, True),
    ("视频会议室", "总部大楼", "5楼 502", 20, True, True, True, False),
    ("大礼堂", "总部大楼", "1楼", 200, True, True, True, False),
    ("洽谈室2", "总部大楼", "2楼 203", 6, False, False, False, True),
    ("洽谈室10", "总部大楼", "2楼 210", 6, True, False, False, False),
    ("洽谈室1", "总部大楼", "2楼 201", 4, False, False, False, True),
]
# A week of meetings: days from today, hour, minutes long, room, topic, host, attendees; and
# for the past ones the minutes' decisions and action items (title, owner, due in days).
STORY = [
    (
        -7,
        9,
        60,
        "第一会议室",
        "周一行政例会",
        "leader",
        ["supervisor", "clerk", "logistics", "dept_head"],
        [("更新公司通讯录并发布", "clerk", -2), ("落实第二会议室投影仪维修", "logistics", 3)],
    ),
    (
        -6,
        14,
        90,
        "视频会议室",
        "华东市场季度复盘会",
        "dept_head",
        ["wei.dong", "jiang.ning", "employee"],
        [("整理华东重点客户回访清单", "wei.dong", -1), ("提交第四季度销售预测", "dept_head", 5)],
    ),
    (
        -5,
        10,
        60,
        "第二会议室",
        "信息安全培训",
        "yang.fan",
        ["zhu.lin", "lu.bin", "employee", "he.xin"],
        None,
    ),
    (
        -4,
        15,
        60,
        "第一会议室",
        "年度预算编制启动会",
        "leader",
        ["qian.li", "zheng.kai", "supervisor"],
        [("各部门报送2027年度预算草案", "qian.li", 7)],
    ),
    (
        -3,
        9,
        120,
        "大礼堂",
        "消防安全演练部署会",
        "supervisor",
        ["logistics", "wu.hao", "feng.xue"],
        [("检查各楼层灭火器有效期", "logistics", -1), ("组织全员疏散演练", "supervisor", 4)],
    ),
    (
        0,
        9,
        60,
        "第一会议室",
        "部门负责人周例会",
        "leader",
        ["dept_head", "qian.li", "feng.xue", "yang.fan", "xu.hua"],
        None,
    ),
    (
        0,
        10,
        90,
        "视频会议室",
        "深圳分公司视频会议",
        "leader",
        ["xu.hua", "shi.yan", "supervisor"],
        None,
    ),
    (0, 14, 60, "第二会议室", "招聘面试安排沟通会", "feng.xue", ["chu.yang", "dept_head"], None),
    (0, 16, 60, "洽谈室1", "客户来访接待", "dept_head", ["employee", "he.xin"], None),
    (1, 14, 60, "第二会议室", "办公用品采购评审", "supervisor", ["logistics", "clerk"], None),
    (2, 10, 60, "视频会议室", "技术方案评审会", "yang.fan", ["zhu.lin", "lu.bin", "leader"], None),
    (
        3,
        15,
        60,
        "第一会议室",
        "绩效考核制度讨论会",
        "feng.xue",
        ["leader", "dept_head", "qian.li"],
        None,
    ),
    (
        4,
        9,
        120,
        "大礼堂",
        "年终总结大会筹备会",
        "supervisor",
        ["clerk", "logistics", "wu.hao"],
        None,
    ),
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
        _load_story(clerk, leader)
    if scale == "large":
        _load_large(stdout)


def _load_story(clerk: User, leader: User) -> None:
    """The weekly admin meeting from tomorrow on, and a week of meetings around today: the
    past ones signed into, with published minutes and action items (some overdue).

    Bookings cannot start in the past, so each meeting is booked through the service on a
    free day ahead and then moved to its day, as if the demo had been running for a week; its
    minutes deadline moves with it."""
    users = {u.username: u for u in User.objects.filter(is_active=True)}
    rooms = {room.name: room for room in Room.objects.filter(building="总部大楼")}
    today = timezone.localdate()
    tomorrow = today + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time(9, 30)))
    meeting_book(
        title="每周行政例会",
        room=rooms["第一会议室"],
        start=start,
        end=start + timedelta(hours=1),
        host=leader,
        attendees=[users[name].pk for name in ("employee", "dept_head", "logistics")],
        agenda=["上周工作回顾", "本周重点安排"],
        rrule="FREQ=WEEKLY;COUNT=8",
        by=clerk,
    )
    for index, (days, hour, minutes, room, title, host, people, actions) in enumerate(STORY):
        ahead = timezone.make_aware(datetime.combine(today + timedelta(days=90 + index), time(8)))
        meeting = meeting_book(
            title=title,
            room=rooms[room],
            start=ahead,
            end=ahead + timedelta(minutes=minutes),
            host=users[host],
            attendees=[users[name].pk for name in people if name in users],
            agenda=["情况通报", "讨论", "工作安排"],
            by=clerk,
        ).meeting
        begin = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour)))
        Meeting.objects.filter(pk=meeting.pk).update(
            start=begin, end=begin + timedelta(minutes=minutes)
        )
        meeting.refresh_from_db()
        open_minutes_deadline(meeting)
        if begin < timezone.now():
            Attendee.objects.filter(meeting=meeting).update(
                response=Response.ATTEND, checked_in_at=begin + timedelta(minutes=3)
            )
        if actions:
            _minutes(meeting, clerk, users, actions)


def _minutes(meeting: Meeting, clerk: User, users: dict, actions: list) -> None:
    today = timezone.localdate()
    minutes_save(
        meeting=meeting,
        body=f"{meeting.title}由{meeting.host.display_name}主持，与会人员通报了近期工作进展。",
        decisions="\n".join(title for title, _owner, _due in actions),
        by=clerk,
    )
    minutes_submit(meeting=meeting, by=clerk)
    minutes_review(meeting=meeting, decision="approve", by=meeting.host)
    minutes_publish(meeting=meeting, by=clerk)
    for title, owner, due in actions:
        action = action_create(
            meeting=meeting,
            title=title,
            owner=users[owner],
            due_date=today + timedelta(days=due),
            by=clerk,
        )
        if due > 0 and owner in ("supervisor", "qian.li"):
            action_progress(action=action, note="已启动，按计划推进。", percent=40, by=users[owner])


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
                sort_key=natural_key(f"园区{index % 10 + 1}号楼\t会议室{index:03d}"),
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
