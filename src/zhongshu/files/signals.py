"""Signals of the files app, for the layers above it (search re-indexes an owner's text)."""

from django.dispatch import Signal

# Sent with `attachment` once the background job has stored the text of an uploaded file.
attachment_text_extracted = Signal()
