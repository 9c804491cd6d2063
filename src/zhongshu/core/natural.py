"""Natural sort keys: numbers inside names sort by value (3层 after 1层, 10层 after 3层, 203 after
201), in the database, by a stored key column any index can use on SQLite and PostgreSQL."""

import re

_DIGITS = re.compile(r"\d+")
WIDTH = 10


def natural_key(text: str, max_length: int = 500) -> str:
    """`text` with every run of digits left-padded with zeros to WIDTH digits (longer runs are
    kept whole), lower-cased, cut to `max_length`: comparing two keys as plain strings compares
    the texts naturally."""
    padded = _DIGITS.sub(lambda match: match.group().zfill(WIDTH), (text or "").strip().lower())
    return padded[:max_length]
