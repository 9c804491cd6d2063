from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "zhongshu.documents"
    label = "documents"
