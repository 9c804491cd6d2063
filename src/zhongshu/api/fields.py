"""Input fields that every domain API shares, so that one kind of input has one rule.

Ids: a record's id is a BIGINT. A larger number can name no record, and the database drivers
do not say "no such row" for it: SQLite's raises OverflowError inside `IN (...)` and foreign-key
filters, a server error. Every id the API reads is therefore a whole number from 1 to the
largest BIGINT, refused as bad input (400) otherwise, before any query runs.

Times and dates: a well-formed but impossible value (`2027-02-30`) or one at the edge of the
calendar (year 9999 with an offset, which overflows when converted to UTC or moved by a day) is
refused as bad input rather than reaching the services.

Text needs no field of its own: the API's parsers (`api.parsers`) strip control characters
from every string of every request body, whatever field reads it.
"""

import datetime

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhongshu.core.web import MAX_ID

# The span of dates and times the API accepts: wide enough for any office record, narrow
# enough that moving a value by a day, a year or a time zone never leaves Python's calendar.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2999, 12, 31)
# The most ids one request may list; a longer list is refused rather than sent as one query.
MAX_IDS = 1000
# The largest value of an INTEGER column (counts such as pages, copies, capacity): PostgreSQL
# refuses a larger one with an error, where the API should answer 400.
MAX_INT = 2**31 - 1


class IdField(serializers.IntegerField):
    """The id of a record: 1 to the largest BIGINT."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IdListField(serializers.ListField):
    """Ids of records, each an `IdField`; at most `MAX_IDS` of them."""

    def __init__(self, **kwargs):
        kwargs.setdefault("child", IdField())
        kwargs.setdefault("max_length", MAX_IDS)
        super().__init__(**kwargs)


@extend_schema_field({"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID})
class RecordField(serializers.PrimaryKeyRelatedField):
    """A record chosen by id from `queryset`; the id is checked as an `IdField` first."""

    def to_internal_value(self, data):
        IdField().run_validation(data)
        return super().to_internal_value(data)


def _check_span(value: datetime.date) -> None:
    if not EARLIEST <= value <= LATEST:
        raise serializers.ValidationError(
            _("Give a date between %(earliest)s and %(latest)s.")
            % {"earliest": EARLIEST.isoformat(), "latest": LATEST.isoformat()},
            code="out_of_range",
        )


class DateField(serializers.DateField):
    """An ISO date (YYYY-MM-DD) between `EARLIEST` and `LATEST`."""

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        _check_span(parsed)
        return parsed


class DateTimeField(serializers.DateTimeField):
    """An ISO 8601 time between `EARLIEST` and `LATEST`."""

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        _check_span(parsed.date())
        return parsed


class OffsetDateTimeField(DateTimeField):
    """An ISO 8601 time with a UTC offset; a naive time is refused rather than guessed."""

    def to_internal_value(self, value):
        try:
            parsed = parse_datetime(value) if isinstance(value, str) else None
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is None:
            raise serializers.ValidationError(
                _("Times need a UTC offset, e.g. 2026-05-06T09:00:00+08:00.")
            )
        return super().to_internal_value(value)
