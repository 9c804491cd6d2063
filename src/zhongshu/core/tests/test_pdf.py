import io
import shutil
import subprocess

import pytest
from reportlab.pdfgen import canvas

from zhongshu.core.pdf import cjk_font, draw_qr


def test_chinese_text_and_a_qr_code_make_a_pdf_whose_text_copies_out():
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont(cjk_font(), 14)
    page.drawString(72, 720, "签阅单 收〔2026〕0015号")
    draw_qr(page, "https://oa.example.com/documents/15/", x=72, y=600, size=72)
    page.save()
    pdf = buffer.getvalue()
    assert pdf.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "签阅单 收〔2026〕0015号" in text
