from django.utils import translation

from zhongshu.meetings.templatetags.meetings_tags import rrule_text


def test_recurrence_rules_read_as_words():
    with translation.override("en"):
        assert rrule_text("FREQ=WEEKLY;INTERVAL=1;COUNT=3") == "every week, 3 times in all"
        assert rrule_text("FREQ=WEEKLY;INTERVAL=2;UNTIL=20270301T000000Z") == (
            "every 2 weeks, until 2027-03-01"
        )
        assert rrule_text("FREQ=YEARLY;COUNT=2") == "FREQ=YEARLY;COUNT=2"


def test_recurrence_rules_read_in_chinese():
    with translation.override("zh-hans"):
        assert rrule_text("FREQ=WEEKLY;INTERVAL=1;COUNT=3") == "每周，共 3 次"
        assert rrule_text("FREQ=DAILY;INTERVAL=2;COUNT=5") == "每 2 天，共 5 次"
