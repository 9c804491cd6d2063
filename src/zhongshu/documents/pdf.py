"""The printable routing slip (签阅单) with a QR code that opens the electronic record."""

from io import BytesIO

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from zhongshu.core.pdf import cjk_font, draw_qr

MARGIN = 50
LINE = 18


def _text(value, limit=48) -> str:
    value = " ".join(str(value or "").split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


def slip_pdf(document, slips) -> bytes:
    """One A4 page (more when many readers): register fields, then each reader's line."""
    font = cjk_font()
    buffer = BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    title = _("Routing slip")
    pdf.setTitle(f"{title} {document.reg_number}")
    width, height = A4
    url = settings.SITE_URL + reverse("documents:incoming_detail", args=[document.pk])

    def header():
        pdf.setFont(font, 18)
        pdf.drawCentredString(width / 2, height - MARGIN - 10, _("Routing slip"))
        draw_qr(pdf, url, x=width - MARGIN - 80, y=height - MARGIN - 95, size=80)
        return height - MARGIN - 50

    y = header()
    pdf.setFont(font, 11)
    rows = [
        (_("Registration number"), document.reg_number),
        (_("Document number"), document.doc_number or "—"),
        (_("Issuing unit"), document.issuer),
        (_("Subject"), document.subject),
        (_("Confidentiality"), document.secrecy_mark),
        (_("Urgency"), document.get_urgency_display()),
        (_("Received at"), timezone.localtime(document.received_at).strftime("%Y-%m-%d %H:%M")),
    ]
    for label, value in rows:
        pdf.drawString(MARGIN, y, f"{label}：{_text(value, 34)}")
        y -= LINE
    y -= LINE / 2
    columns = [MARGIN, MARGIN + 30, MARGIN + 120, MARGIN + 230, MARGIN + 340]
    pdf.setFont(font, 10)
    for x, label in zip(
        columns,
        ["#", _("Reader"), pgettext("documents", "Due"), _("Signed"), _("Comment")],
        strict=True,
    ):
        pdf.drawString(x, y, str(label))
    y -= 4
    pdf.line(MARGIN, y, width - MARGIN, y)
    y -= LINE - 4
    for index, slip in enumerate(slips, start=1):
        if y < MARGIN + LINE:
            pdf.showPage()
            y = header()
            pdf.setFont(font, 10)
        due = timezone.localtime(slip.due_at).strftime("%m-%d %H:%M") if slip.due_at else "—"
        signed = (
            timezone.localtime(slip.signed_at).strftime("%m-%d %H:%M")
            if slip.signed_at
            else slip.get_state_display()
        )
        for x, value in zip(
            columns,
            [str(index), _text(slip.reader.display_name, 8), due, signed, _text(slip.comment, 16)],
            strict=True,
        ):
            pdf.drawString(x, y, value)
        y -= LINE
    pdf.setFont(font, 8)
    hint = _("Scan the code to open the electronic record")
    pdf.drawString(MARGIN, MARGIN / 2, f"{hint}  {url}")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
