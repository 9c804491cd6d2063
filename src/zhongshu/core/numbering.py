"""Gap-free, race-free numbers: `收〔2026〕0015号`, `ZC-2026-000123`, 档号.

The counter row is locked in the caller's transaction, so the number is used or rolled back
together with the record that carries it: no gaps, no duplicates.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Sequence


def next_value(key: str) -> int:
    """Take the next value of the counter `key`; must run inside the caller's transaction."""
    return next_values(key, 1).start


def next_values(key: str, count: int) -> range:
    """Take `count` consecutive values of the counter `key` at once (bulk imports).

    Like `next_value`, the block is used or rolled back with the caller's transaction.
    """
    if count < 1:
        raise ValueError("count must be at least 1")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("numbers must be taken inside transaction.atomic()")
    updated = Sequence.objects.filter(key=key).select_for_update().first()
    if updated is None:
        try:
            with transaction.atomic():
                Sequence.objects.create(key=key, last_value=0)
        except IntegrityError:
            pass  # another transaction created it first; lock it below
        updated = Sequence.objects.select_for_update().get(key=key)
    first = updated.last_value + 1
    updated.last_value += count
    updated.save(update_fields=["last_value"])
    return range(first, updated.last_value + 1)


def next_number(series: str, template: str, *, year: int | None = None, **extra) -> str:
    """Format the next number of `series` for `year` with `template`.

    `template` uses ``{year}`` and ``{seq}`` (with any format spec), e.g.
    ``收〔{year}〕{seq:04d}号`` or ``中枢发〔{year}〕{seq}号``. The counter restarts every year.
    """
    year = year or timezone.localdate().year
    seq = next_value(f"{series}:{year}")
    return template.format(year=year, seq=seq, **extra)
