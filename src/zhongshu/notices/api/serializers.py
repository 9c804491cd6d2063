"""Serializers of the notifications API."""

from rest_framework import serializers

from ..models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    unread = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "kind", "created_at", "read_at", "unread"]
        read_only_fields = fields
