"""Logging filters that keep the console readable (used by settings.LOGGING)."""

import logging


class QuietClientErrors(logging.Filter):
    """A 4xx answer is a refusal or the client's mistake: log its one line, not a traceback.

    Django logs a PermissionDenied (403) or a disallowed Host (400) with the exception's whole
    traceback; that is noise for an ordinary refusal. 5xx records keep theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and record.exc_info:
            record.exc_info = None
            record.exc_text = None
        return True
