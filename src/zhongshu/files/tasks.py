"""Background work on stored files: text extraction for search, off the upload request, and
the hourly removal of ciphertexts that failed uploads left behind."""

import logging
import tempfile
import uuid

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services
from .crypto import FileIntegrityError
from .extract import extract_text
from .models import Attachment
from .registry import is_sensitive
from .signals import attachment_text_extracted

logger = logging.getLogger(__name__)
# Plaintext is spooled to an unnamed temporary file past this size, never held whole in memory.
SPOOL_BYTES = 1024 * 1024


@db_task()
def extract_attachment_text(attachment_id: str) -> None:
    """Read the file's text within the extraction budget and keep it for search.

    The text of a file whose owner is sensitive (classified material) is never stored: it would
    otherwise sit in plain text beside the encrypted file and in the search index.
    """
    attachment = Attachment.objects.filter(pk=uuid.UUID(str(attachment_id))).first()
    if attachment is None:
        return
    owner = attachment.owner
    if owner is None or is_sensitive(owner):
        return
    ext = attachment.original_name.rsplit(".", 1)[-1].lower()
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as plaintext:
        try:
            for chunk in services.open_plaintext(attachment):
                plaintext.write(chunk)
        except FileIntegrityError:
            logger.warning("attachment %s failed its integrity check; no text", attachment.pk)
            return
        plaintext.seek(0)
        text = extract_text(ext, plaintext)
    if not text:
        return
    Attachment.objects.filter(pk=attachment.pk).update(extracted_text=text)
    attachment.extracted_text = text
    attachment_text_extracted.send(sender=Attachment, attachment=attachment)


@db_periodic_task(crontab(minute="41"))
def remove_orphan_files() -> None:
    """Hourly: ciphertexts with no attachment (a day old) and unfinished uploads (an hour)."""
    services.orphan_files_remove()
