from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Domain apps import the shared person shape from here; it belongs to org (org.api.serializers).
from zhongshu.org.api.serializers import PersonSerializer

__all__ = ["PersonSerializer", "TokenRequestSerializer", "TokenSerializer"]


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(label=_("username"))
    password = serializers.CharField(label=_("password"), trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()
