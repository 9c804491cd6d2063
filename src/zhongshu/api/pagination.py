"""Keyset (cursor) pagination: constant cost on any page, page size capped."""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from zhongshu.core.web import MAX_ID


class KeysetPagination(CursorPagination):
    """Pages ordered by an integer key (`-id`, `-seq`): a cursor's position must be such a key.

    DRF passes the position to the database as it comes; a crafted cursor ("p=abc", a number
    beyond BIGINT) would fail there as a server error. It is refused as bad input instead.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
    invalid_cursor_message = _("Invalid cursor.")

    def decode_cursor(self, request):
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            raise ValidationError({"cursor": self.invalid_cursor_message}) from None
        if cursor is None or cursor.position is None:
            return cursor
        position = cursor.position
        if not (position.isascii() and position.isdigit() and int(position) <= MAX_ID):
            raise ValidationError({"cursor": self.invalid_cursor_message})
        return cursor
