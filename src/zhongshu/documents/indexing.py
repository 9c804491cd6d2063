"""What the search index holds for incoming and outgoing items (registered in apps.py)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast

from zhongshu.files.models import Attachment

from .models import IncomingDocument


def search_document(document):
    """Title: the subject; body: the issuer and the attachments' text (PDF, DOCX, TXT);
    keywords: registration number, 文号, issuer and keywords."""
    texts = []
    if getattr(document, "has_files", True):
        texts = Attachment.objects.for_owner(document).values_list("extracted_text", flat=True)
    body = "\n".join([document.issuer, *texts])
    keywords = [document.reg_number, document.doc_number, document.issuer, document.keywords]
    return document.subject, body, [k for k in keywords if k]


def search_queryset():
    """What `search reindex` walks: `has_files` spares a query for items without files."""
    content_type = ContentType.objects.get_for_model(IncomingDocument)
    files = Attachment.objects.filter(
        owner_type=content_type, owner_id=Cast(OuterRef("pk"), output_field=CharField())
    )
    return IncomingDocument.objects.annotate(has_files=Exists(files))


def search_outgoing(outgoing):
    """Title: the title; body: the text and its recipients; keywords: 发文字号 and recipients."""
    body = "\n".join(filter(None, [outgoing.body, outgoing.main_to, outgoing.cc]))
    keywords = [outgoing.number, outgoing.main_to, outgoing.cc]
    return outgoing.title, body, [k for k in keywords if k]
