"""Chinese text in PDFs (routing slips, labels, minutes): one font choice for every module.

An embedded TrueType CJK font is required for PDFs that print right on any machine, so the
text renders in any viewer and `pdftotext` copies it out: set PDF_CJK_FONT to a .ttf/.ttc path,
or install Debian's fonts-wqy-zenhei (`make run` and .ci/run install it when they can). Without
one, reportlab's built-in STSong-Light CID font is used: the text stays searchable but is drawn
by the viewer's own Chinese font, and prints as boxes where none is installed; the system check
`zhongshu.W001` says so at every start.
"""

from functools import cache
from pathlib import Path

from django.conf import settings
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

EMBEDDED_NAME = "ZhongshuCJK"
FALLBACK_NAME = "STSong-Light"
CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
)


def embeddable_font_path() -> str | None:
    """The TrueType CJK font file PDFs embed: PDF_CJK_FONT, else the first installed candidate."""
    configured = getattr(settings, "PDF_CJK_FONT", "")
    for candidate in (configured, *CANDIDATES):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@cache
def cjk_font() -> str:
    """Register and return the name of the font to draw Chinese text with."""
    path = embeddable_font_path()
    if path is not None:
        pdfmetrics.registerFont(TTFont(EMBEDDED_NAME, path, subfontIndex=0))
        return EMBEDDED_NAME
    pdfmetrics.registerFont(UnicodeCIDFont(FALLBACK_NAME))
    return FALLBACK_NAME


def draw_qr(canvas, payload: str, *, x: float, y: float, size: float) -> None:
    """Draw a QR code (segno's matrix) with its lower-left corner at (x, y), `size` points wide."""
    import segno

    matrix = segno.make(payload, error="m").matrix
    modules = len(matrix)
    cell = size / modules
    canvas.saveState()
    canvas.setFillColorRGB(0, 0, 0)
    for row_index, row in enumerate(matrix):
        top = y + size - (row_index + 1) * cell
        for column_index, dark in enumerate(row):
            if dark:
                canvas.rect(x + column_index * cell, top, cell, cell, stroke=0, fill=1)
    canvas.restoreState()
