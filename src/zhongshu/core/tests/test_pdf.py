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


def test_the_chinese_font_is_embedded():
    if shutil.which("pdffonts") is None:
        pytest.skip("pdffonts (poppler-utils) is not installed")
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont(cjk_font(), 14)
    page.drawString(72, 720, "资产标签")
    page.save()
    fonts = subprocess.run(
        ["pdffonts", "-"], input=buffer.getvalue(), capture_output=True, check=True
    ).stdout.decode()
    # Columns: name type encoding emb sub uni object id. reportlab always declares Helvetica
    # (unused here); the Chinese text must be in an embedded subset, not in STSong-Light.
    rows = [line.split() for line in fonts.splitlines()[2:]]
    assert "STSong" not in fonts
    assert any(row[1] == "TrueType" and row[-5] == "yes" for row in rows), fonts


def test_a_machine_without_a_font_is_warned(settings, monkeypatch):
    from zhongshu.core import checks, pdf

    settings.PDF_CJK_FONT = ""
    monkeypatch.setattr(pdf, "CANDIDATES", ("/nonexistent/font.ttc",))
    assert [warning.id for warning in checks.pdf_font_is_embeddable(None)] == ["zhongshu.W001"]
    monkeypatch.setattr(pdf, "CANDIDATES", ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",))
    assert checks.pdf_font_is_embeddable(None) == []
