"""Envelope encryption of files at rest.

Each file has its own random 256-bit data key. The plaintext is cut into chunks; chunk i is
sealed with AES-256-GCM under nonce = 8-byte random prefix + 4-byte big-endian i, and the
associated data binds the attachment id, i and whether it is the final chunk, so chunks cannot be
reordered, dropped from the end or moved to another record. The data key is sealed by the active
master key (settings.FILES_MASTER_KEYS) with the attachment id as associated data; rotation
re-seals data keys only.
"""

import os
import uuid
from collections.abc import Iterable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from zhongshu.core.keys import parse_keys

CHUNK_SIZE = 64 * 1024
TAG_SIZE = 16
KEY_NONCE_SIZE = 12


class FileIntegrityError(Exception):
    """Stored ciphertext or its wrapped key does not authenticate (tampered, swapped, wrong key)."""


def _parse_master_keys(raw: str) -> tuple[tuple[str, bytes], ...]:
    return parse_keys(raw, "FILES_MASTER_KEYS")


def master_keys() -> dict[str, bytes]:
    """The configured master keys by id, the active one first."""
    raw = settings.FILES_MASTER_KEYS
    if not isinstance(raw, str):
        raw = ",".join(raw)
    return dict(_parse_master_keys(raw))


def active_key_id() -> str:
    return next(iter(master_keys()))


def _key_aad(attachment_id: uuid.UUID, key_id: str) -> bytes:
    return b"zhongshu-file-key\x00" + attachment_id.bytes + key_id.encode()


def wrap_key(data_key: bytes, attachment_id: uuid.UUID) -> tuple[str, bytes]:
    """Seal `data_key` with the active master key; returns (key id, nonce + ciphertext)."""
    key_id = active_key_id()
    nonce = os.urandom(KEY_NONCE_SIZE)
    sealed = AESGCM(master_keys()[key_id]).encrypt(nonce, data_key, _key_aad(attachment_id, key_id))
    return key_id, nonce + sealed


def unwrap_key(wrapped: bytes | memoryview, key_id: str, attachment_id: uuid.UUID) -> bytes:
    """The data key sealed in `wrapped` (a BinaryField value: memoryview on PostgreSQL)."""
    master = master_keys().get(key_id)
    if master is None:
        raise FileIntegrityError(f"the master key {key_id!r} is not configured")
    wrapped = bytes(wrapped)
    try:
        return AESGCM(master).decrypt(
            wrapped[:KEY_NONCE_SIZE], wrapped[KEY_NONCE_SIZE:], _key_aad(attachment_id, key_id)
        )
    except InvalidTag:
        raise FileIntegrityError("the data key does not unwrap with its master key") from None


def _chunk_aad(attachment_id: uuid.UUID, index: int, final: bool) -> bytes:
    return attachment_id.bytes + index.to_bytes(4, "big") + (b"\x01" if final else b"\x00")


def _nonce(prefix: bytes, index: int) -> bytes:
    if index >= 2**32:
        raise ValueError("too many chunks for one file")
    return prefix + index.to_bytes(4, "big")


def _rechunk(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= size:
            yield bytes(buffer[:size])
            del buffer[:size]
    yield bytes(buffer)


def _with_final_flag(pieces: Iterator[bytes]) -> Iterator[tuple[int, bytes, bool]]:
    """(index, piece, is_final) over `_rechunk` output, whose last piece may be empty."""
    current = next(pieces)
    index = 0
    for following in pieces:
        if not following:
            break
        yield index, current, False
        current = following
        index += 1
    yield index, current, True


def encrypt_chunks(
    plaintext: Iterable[bytes],
    *,
    data_key: bytes,
    nonce_prefix: bytes,
    attachment_id: uuid.UUID,
    chunk_size: int = CHUNK_SIZE,
) -> Iterator[bytes]:
    """Sealed chunks of `plaintext`; the last (possibly empty) one carries the final flag."""
    aead = AESGCM(data_key)
    for index, piece, final in _with_final_flag(_rechunk(plaintext, chunk_size)):
        aad = _chunk_aad(attachment_id, index, final)
        yield aead.encrypt(_nonce(nonce_prefix, index), piece, aad)


def decrypt_chunks(
    sealed: Iterable[bytes],
    *,
    data_key: bytes,
    nonce_prefix: bytes,
    attachment_id: uuid.UUID,
    chunk_size: int,
) -> Iterator[bytes]:
    """Plaintext chunks; raises FileIntegrityError on any altered, moved or missing chunk.

    A file cut at a chunk boundary ends with a chunk sealed as not final, and a file with data
    appended has its real final chunk in the middle: both fail to authenticate.
    """
    aead = AESGCM(data_key)
    for index, piece, final in _with_final_flag(_rechunk(sealed, chunk_size + TAG_SIZE)):
        try:
            yield aead.decrypt(
                _nonce(nonce_prefix, index), piece, _chunk_aad(attachment_id, index, final)
            )
        except InvalidTag:
            raise FileIntegrityError(f"chunk {index} does not authenticate") from None
