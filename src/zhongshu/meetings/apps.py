from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "zhongshu.meetings"
    label = "meetings"
