from django.apps import AppConfig


class FilesConfig(AppConfig):
    name = "zhongshu.files"
    label = "files"
