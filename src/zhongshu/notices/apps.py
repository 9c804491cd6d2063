from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "zhongshu.notices"
    label = "notices"
