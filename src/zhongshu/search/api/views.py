"""Search API: full-text search over everything the caller may see."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.core.errors import ServiceError

from .. import services, text
from .serializers import SearchQuerySerializer, SearchResultSerializer


class SearchView(APIView):
    """Full-text search over everything the caller may see, best first (no total count)."""

    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True),
            OpenApiParameter("type", str, description='a searchable type, e.g. "org.user"'),
            OpenApiParameter("limit", int, description="1–50, default 20"),
            OpenApiParameter("offset", int, description="0–1000"),
        ],
        responses=SearchResultSerializer,
    )
    def get(self, request):
        query = SearchQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        if not text.query_terms(params["q"]):
            raise ServiceError(
                _("Please enter words or numbers to search for."), code="empty_query", field="q"
            )
        hits = services.search(
            request.user,
            params["q"],
            types=[params["type"]] if params.get("type") else None,
            limit=params["limit"] + 1,
            offset=params["offset"],
        )
        more = len(hits) > params["limit"]
        hits = hits[: params["limit"]]
        return Response(
            {
                "results": [
                    {
                        "type": hit.type,
                        "type_label": hit.type_label,
                        "title": hit.title,
                        "url": hit.url,
                        "snippet": hit.snippet,
                        "snippet_html": str(hit.snippet_html),
                        "score": hit.score,
                    }
                    for hit in hits
                ],
                "next_offset": params["offset"] + len(hits) if more else None,
            }
        )
