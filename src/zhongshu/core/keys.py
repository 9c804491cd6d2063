"""Secret keys from the environment: "id:base64(32 bytes),id2:...", the first one active.

Used for the files' master keys (FILES_MASTER_KEYS) and the audit chain's keys (AUDIT_KEYS).
Older keys stay listed after the active one until nothing needs them any more (rotation).
"""

import base64
import binascii
import re
from functools import lru_cache

from django.core.exceptions import ImproperlyConfigured

KEY_ID = re.compile(r"^[A-Za-z0-9_.-]{1,50}$")
KEY_BYTES = 32


@lru_cache(maxsize=16)
def parse_keys(raw: str, setting: str) -> tuple[tuple[str, bytes], ...]:
    """The (id, key) pairs of `raw`, active first; ImproperlyConfigured names `setting`."""
    keys: list[tuple[str, bytes]] = []
    for entry in (part.strip() for part in raw.split(",")):
        if not entry:
            continue
        key_id, sep, encoded = entry.partition(":")
        key_id = key_id.strip()
        if not sep or not KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                f"{setting} entries are 'id:base64key' with an id of letters, digits, "
                f"'_', '-' or '.'; got an entry starting {entry[:8]!r}."
            )
        try:
            key = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(
                f"{setting}: the key {key_id!r} is not valid base64."
            ) from None
        if len(key) != KEY_BYTES:
            raise ImproperlyConfigured(
                f"{setting}: the key {key_id!r} is {len(key)} bytes; it must be {KEY_BYTES} "
                '(generate one with: python -c "import base64,os;'
                'print(base64.b64encode(os.urandom(32)).decode())")'
            )
        if key_id in dict(keys):
            raise ImproperlyConfigured(f"{setting}: the key id {key_id!r} is repeated.")
        keys.append((key_id, key))
    if not keys:
        raise ImproperlyConfigured(f"{setting} is empty: at least one key is required.")
    return tuple(keys)
