from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "zhongshu.assets"
    label = "assets"
