from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "zhongshu.home"
    label = "home"

    def ready(self):
        from . import panels

        panels.register()
