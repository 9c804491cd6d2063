import base64
import itertools
import math
import os
import uuid

import pytest
from django.core.exceptions import ImproperlyConfigured
from hypothesis import given, settings
from hypothesis import strategies as st

from zhongshu.files import crypto
from zhongshu.files.crypto import FileIntegrityError, decrypt_chunks, encrypt_chunks

KEY = os.urandom(32)
PREFIX = os.urandom(8)
ID = uuid.uuid4()
SIZE = 1024
TAG = crypto.TAG_SIZE


def _seal(data, attachment_id=ID, pieces=None):
    source = pieces if pieces is not None else [data]
    return list(
        encrypt_chunks(
            source, data_key=KEY, nonce_prefix=PREFIX, attachment_id=attachment_id, chunk_size=SIZE
        )
    )


def _open(sealed, attachment_id=ID):
    return b"".join(
        decrypt_chunks(
            sealed, data_key=KEY, nonce_prefix=PREFIX, attachment_id=attachment_id, chunk_size=SIZE
        )
    )


@pytest.mark.parametrize("length", [0, 1, SIZE - 1, SIZE, SIZE + 1, 2 * SIZE, 5 * SIZE + 17])
def test_round_trip(length):
    data = os.urandom(length)
    sealed = _seal(data)
    assert len(sealed) == length // SIZE + 1 - (1 if length and length % SIZE == 0 else 0)
    assert _open(sealed) == data
    # The reader does not depend on how the ciphertext is cut into blocks.
    blob = b"".join(sealed)
    assert _open([blob[i : i + 100] for i in range(0, len(blob), 100)]) == data


def test_input_pieces_of_any_size():
    data = os.urandom(3 * SIZE + 5)
    pieces = [data[:7], data[7:2000], data[2000:]]
    assert _open(_seal(None, pieces=pieces)) == data


def test_flipped_byte_fails():
    blob = bytearray(b"".join(_seal(os.urandom(3 * SIZE))))
    blob[SIZE + 40] ^= 1
    with pytest.raises(FileIntegrityError, match="chunk 1"):
        _open([bytes(blob)])


def test_reordered_chunks_fail():
    sealed = _seal(os.urandom(3 * SIZE + 10))
    with pytest.raises(FileIntegrityError):
        _open([sealed[1], sealed[0], *sealed[2:]])


def test_truncated_at_a_chunk_boundary_fails():
    sealed = _seal(os.urandom(3 * SIZE + 10))
    with pytest.raises(FileIntegrityError):
        _open(sealed[:2])


def test_appended_data_fails():
    sealed = _seal(os.urandom(SIZE + 10))
    extra = _seal(os.urandom(10))
    with pytest.raises(FileIntegrityError):
        _open(sealed + extra)


def test_empty_ciphertext_fails():
    with pytest.raises(FileIntegrityError):
        _open([b""])


def test_ciphertext_of_another_record_fails():
    sealed = _seal(b"secret")
    with pytest.raises(FileIntegrityError):
        _open(sealed, attachment_id=uuid.uuid4())


# Small chunks so that a few hundred bytes cross several boundaries; lengths near a multiple
# of the chunk size (and zero) are drawn often, they are where the final flag moves.
SMALL = 64
BOUNDARY_LENGTHS = sorted({max(0, k * SMALL + d) for k in range(6) for d in (-1, 0, 1)})


@st.composite
def plaintexts(draw: st.DrawFn) -> bytes:
    length = draw(st.sampled_from(BOUNDARY_LENGTHS) | st.integers(0, 6 * SMALL))
    return draw(st.binary(min_size=length, max_size=length))


def _cut(data: bytes, cuts: list[int]) -> list[bytes]:
    bounds = [0, *sorted(min(cut, len(data)) for cut in cuts), len(data)]
    return [data[start:end] for start, end in itertools.pairwise(bounds)]


def _seal_with(data_pieces, *, key, attachment_id):
    return b"".join(
        encrypt_chunks(
            data_pieces,
            data_key=key,
            nonce_prefix=PREFIX,
            attachment_id=attachment_id,
            chunk_size=SMALL,
        )
    )


def _open_with(blocks, *, key, attachment_id):
    return b"".join(
        decrypt_chunks(
            blocks, data_key=key, nonce_prefix=PREFIX, attachment_id=attachment_id, chunk_size=SMALL
        )
    )


@settings(max_examples=50, deadline=None, database=None)
@given(
    data=plaintexts(),
    key=st.binary(min_size=32, max_size=32),
    attachment_id=st.uuids(),
    cuts=st.lists(st.integers(min_value=0, max_value=6 * SMALL), max_size=4),
    block=st.integers(min_value=1, max_value=4 * SMALL),
)
def test_any_bytes_round_trip_however_they_arrive_and_are_read(
    data, key, attachment_id, cuts, block
):
    blob = _seal_with(_cut(data, cuts), key=key, attachment_id=attachment_id)
    chunks = max(1, math.ceil(len(data) / SMALL))  # an empty file is one empty final chunk
    assert len(blob) == len(data) + TAG * chunks
    blocks = [blob[i : i + block] for i in range(0, len(blob), block)]
    assert _open_with(blocks, key=key, attachment_id=attachment_id) == data


@settings(max_examples=50, deadline=None, database=None)
@given(data=plaintexts(), choices=st.data(), bits=st.integers(min_value=1, max_value=255))
def test_changing_any_single_byte_of_the_ciphertext_is_refused(data, choices, bits):
    blob = bytearray(_seal_with([data], key=KEY, attachment_id=ID))
    position = choices.draw(st.integers(min_value=0, max_value=len(blob) - 1), label="position")
    blob[position] ^= bits
    with pytest.raises(FileIntegrityError):
        _open_with([bytes(blob)], key=KEY, attachment_id=ID)


def _b64(key: bytes) -> str:
    return base64.b64encode(key).decode()


def test_master_keys_first_is_active(settings):
    settings.FILES_MASTER_KEYS = f"new:{_b64(b'n' * 32)}, old:{_b64(b'o' * 32)}"
    assert list(crypto.master_keys()) == ["new", "old"]
    assert crypto.active_key_id() == "new"
    assert crypto.master_keys()["old"] == b"o" * 32


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty"),
        ("k1", "id:base64key"),
        ("k1:not base64!", "not valid base64"),
        (f"k1:{_b64(b'x' * 16)}", "16 bytes"),
        (f"k1:{_b64(b'x' * 32)},k1:{_b64(b'y' * 32)}", "repeated"),
        (f"bad id:{_b64(b'x' * 32)}", "id:base64key"),
    ],
)
def test_master_keys_are_validated(settings, value, message):
    settings.FILES_MASTER_KEYS = value
    with pytest.raises(ImproperlyConfigured, match=message):
        crypto.master_keys()


@pytest.mark.django_db
def test_system_check_reports_a_bad_key(settings):
    from zhongshu.files.apps import check_master_keys

    settings.FILES_MASTER_KEYS = "k1:abc"
    errors = check_master_keys()
    assert [e.id for e in errors] == ["files.E001"]
    settings.FILES_MASTER_KEYS = f"k1:{_b64(b'x' * 32)}"
    assert check_master_keys() == []


def test_wrapped_key_is_bound_to_the_record(settings):
    settings.FILES_MASTER_KEYS = f"k1:{_b64(b'x' * 32)}"
    data_key = os.urandom(32)
    key_id, wrapped = crypto.wrap_key(data_key, ID)
    assert key_id == "k1"
    assert crypto.unwrap_key(wrapped, "k1", ID) == data_key
    with pytest.raises(FileIntegrityError):
        crypto.unwrap_key(wrapped, "k1", uuid.uuid4())
    with pytest.raises(FileIntegrityError, match="not configured"):
        crypto.unwrap_key(wrapped, "k2", ID)


def test_system_check_fails_when_a_stored_file_needs_a_missing_key(
    settings, owner, clerk, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhongshu.files.apps import check_master_keys
    from zhongshu.files.services import attachment_create

    settings.FILES_MASTER_KEYS = f"old:{_b64(b'o' * 32)}"
    attachment_create(owner=owner, upload=SimpleUploadedFile("a.txt", b"x"), by=clerk)
    settings.FILES_MASTER_KEYS = f"new:{_b64(b'n' * 32)}"
    errors = check_master_keys()
    assert [e.id for e in errors] == ["files.E002"]
    assert "old" in errors[0].msg
    settings.FILES_MASTER_KEYS = f"new:{_b64(b'n' * 32)},old:{_b64(b'o' * 32)}"
    assert check_master_keys() == []
