"""Serializers of the search API."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .. import services, text


class SearchHitSerializer(serializers.Serializer):
    type = serializers.CharField()
    type_label = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    snippet = serializers.CharField()
    snippet_html = serializers.CharField(help_text="snippet, HTML-escaped, terms in <mark>")
    score = serializers.FloatField()


class SearchResultSerializer(serializers.Serializer):
    results = SearchHitSerializer(many=True)
    next_offset = serializers.IntegerField(allow_null=True)


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(max_length=text.MAX_QUERY_CHARS, trim_whitespace=True)
    type = serializers.CharField(required=False, allow_blank=True)
    limit = serializers.IntegerField(required=False, min_value=1, max_value=50, default=20)
    offset = serializers.IntegerField(
        required=False, min_value=0, max_value=services.MAX_OFFSET, default=0
    )

    def validate_type(self, value):
        if value and value not in {spec.key for spec in services.searchable_types()}:
            raise serializers.ValidationError(_("Unknown search type."))
        return value
