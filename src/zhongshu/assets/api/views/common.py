"""What the assets API views share: reading ids and dates from a request, file answers."""

import datetime

from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from zhongshu.core.errors import ServiceError

from ...models import Asset
from ...services.excel_io import BadRows
from ..serializers import AssetDetailSerializer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
LIST_LIMIT = 200


def ref(model: type[models.Model], value, field: str, queryset: QuerySet | None = None):
    """The record whose id is `value` (None when empty); an unknown id names `field`."""
    if value in (None, ""):
        return None
    try:
        return (queryset if queryset is not None else model._default_manager).get(pk=int(value))
    except (model.DoesNotExist, TypeError, ValueError):
        raise ServiceError(
            _("%(field)s: no such record.") % {"field": field}, field=field
        ) from None


def flag(value, field: str) -> bool:
    """A yes/no input: JSON true/false or a form's "true"/"1"/"on"; absent means no."""
    if value in (None, ""):
        return False
    try:
        return serializers.BooleanField().to_internal_value(value)
    except serializers.ValidationError:
        raise ServiceError(
            _("%(field)s must be true or false.") % {"field": field}, field=field
        ) from None


def ids_param(text: str | None) -> list[int]:
    """Ids given as comma-separated text."""
    try:
        return [int(part) for part in (text or "").split(",") if part.strip()]
    except ValueError:
        raise ServiceError(_("Give ids as numbers."), field="ids") from None


def date_param(value, field: str, default: datetime.date | None = None) -> datetime.date | None:
    if value in (None, ""):
        return default
    parsed = parse_date(str(value))
    if parsed is None:
        raise ServiceError(_("Give the date as YYYY-MM-DD."), field=field)
    return parsed


def xlsx_response(handle, filename: str) -> FileResponse:
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


def bad_rows_response(error: BadRows) -> Response:
    """400 naming each wrong row of an uploaded file (nothing was changed)."""
    return Response(
        {"code": error.code, "detail": str(error.detail), "errors": error.rows},
        status=status.HTTP_400_BAD_REQUEST,
    )


class AssetAction(APIView):
    """An action on one card the user can see; answers with the card as it is afterwards."""

    def asset(self, pk: int) -> Asset:
        return get_object_or_404(Asset.objects.visible_to(self.request.user), pk=pk)

    def done(self, asset: Asset) -> Response:
        asset.refresh_from_db()
        return Response(AssetDetailSerializer(asset).data)
