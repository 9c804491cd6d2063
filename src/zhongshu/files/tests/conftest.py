import io
import zipfile

import pytest

from zhongshu.files.registry import register_attachment_owner, unregister_attachment_owner


@pytest.fixture
def owner(company):
    """The admin department as an attachment owner: its members see files, clerks add them."""
    from zhongshu.org.models import Department

    register_attachment_owner(
        Department,
        can_view=lambda user, dept: user.department_id == dept.pk,
        can_attach=lambda user, dept: user.has_role("clerk", "supervisor"),
    )
    yield company["admin"]
    unregister_attachment_owner(Department)


def pdf_bytes(text="Hello Zhongshu") -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def docx_bytes(text="会议纪要 第一条") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def zip_bytes(payload: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("data.bin", payload)
    return buffer.getvalue()


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
