"""Development e-mail: one log line per message instead of the whole message on the console.

The default backend when no EMAIL_URL is set. Production sets EMAIL_URL (SMTP) and sends for
real; the console backend printed every message in full, ICS invitations and base64 subjects
included, and drowned everything else `make run` has to say.
"""

import logging

from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("zhongshu.mail")
SHOWN_RECIPIENTS = 3


def describe(message) -> str:
    recipients = message.recipients()
    shown = ", ".join(recipients[:SHOWN_RECIPIENTS])
    if len(recipients) > SHOWN_RECIPIENTS:
        shown += f" (+{len(recipients) - SHOWN_RECIPIENTS})"
    subject = " ".join(str(message.subject).split())[:200]
    return f"to {shown}: {subject}"


class LogEmailBackend(BaseEmailBackend):
    """Log "e-mail (not sent) to a@x, b@y: subject" for each message; send nothing."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            logger.info("e-mail (not sent) %s", describe(message))
        return len(email_messages)
