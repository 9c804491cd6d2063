"""QR label sheets (PDF): asset number, name and a QR code that opens the card on a phone."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from zhongshu.audit.services import record
from zhongshu.core.errors import ServiceError, ensure
from zhongshu.core.pdf import cjk_font, draw_qr
from zhongshu.org.models import User

from ..models import Asset

MAX_LABELS = 1000


@dataclass(frozen=True)
class Layout:
    label: str | Promise
    columns: int
    rows: int
    width: float
    height: float


LAYOUTS = {
    "small": Layout(_("Small, 3 × 8 (63.5 × 33.9 mm)"), 3, 8, 63.5 * mm, 33.9 * mm),
    "medium": Layout(_("Medium, 2 × 7 (99 × 38.1 mm)"), 2, 7, 99 * mm, 38.1 * mm),
    "large": Layout(_("Large, 2 × 4 (99 × 67.7 mm)"), 2, 4, 99 * mm, 67.7 * mm),
}


def label_payload(asset: Asset) -> str:
    """The QR content: the absolute address of the card, by asset number."""
    return settings.SITE_URL.rstrip("/") + reverse("assets:by_number", args=[asset.number])


def _fit(text: str, font: str, size: float, width: float) -> str:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    while text and stringWidth(text, font, size) > width:
        text = text[:-1]
    return text


def labels_pdf(*, assets: QuerySet[Asset], layout: str = "small", by: User) -> bytes:
    ensure(by, "assets.manage")
    if layout not in LAYOUTS:
        raise ServiceError(_("Unknown label layout."), field="layout")
    chosen = list(assets[: MAX_LABELS + 1])
    if not chosen:
        raise ServiceError(_("Choose at least one asset."), field="ids")
    if len(chosen) > MAX_LABELS:
        raise ServiceError(_("At most 1000 labels per sheet."), field="ids")
    spec = LAYOUTS[layout]
    font = cjk_font()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setTitle(str(_("Asset labels")))
    page_w, page_h = A4
    margin_x = (page_w - spec.columns * spec.width) / 2
    margin_y = (page_h - spec.rows * spec.height) / 2
    per_page = spec.columns * spec.rows
    for index, asset in enumerate(chosen):
        slot = index % per_page
        if index and slot == 0:
            pdf.showPage()
        column, row = slot % spec.columns, slot // spec.columns
        x = margin_x + column * spec.width
        y = page_h - margin_y - (row + 1) * spec.height
        pad = 3 * mm
        qr = min(spec.height - 2 * pad, spec.width / 2.4)
        pdf.setLineWidth(0.3)
        pdf.rect(x + 1, y + 1, spec.width - 2, spec.height - 2)
        draw_qr(pdf, label_payload(asset), x=x + pad, y=y + (spec.height - qr) / 2, size=qr)
        text_x = x + 2 * pad + qr
        text_w = spec.width - qr - 3 * pad
        size = 9 if layout == "small" else 11
        top = y + spec.height - pad - size
        pdf.setFont(font, size)
        pdf.drawString(text_x, top, asset.number)
        pdf.setFont(font, size - 1)
        name = asset.name
        for line in range(3):
            part = _fit(name, font, size - 1, text_w)
            if not part:
                break
            pdf.drawString(text_x, top - (line + 1) * (size + 2), part)
            name = name[len(part) :]
        if asset.department is not None:
            pdf.setFont(font, size - 2)
            pdf.drawString(text_x, y + pad, _fit(asset.department.name, font, size - 2, text_w))
    pdf.save()
    record(actor=by, action="assets.labels_printed", after={"count": len(chosen)})
    return buffer.getvalue()
