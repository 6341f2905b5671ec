"""Secrets and client addresses kept out of logs.

A commenter's private deletion link (``/comments/<pk>/delete/<token>/``) carries a token that
lets anyone holding it erase the comment: it must never be written to a log next to a time
that could tie it to a person. The same holds for the signed links in e-mails about replies
(``/comments/notifications/confirm|stop|one-click/<token>/``). ``redact_secrets`` blanks such
tokens in any text; the access log (kith/gunicorn_conf.py) and Django's own log records
(settings.LOGGING) pass through it.
"""

from __future__ import annotations

import logging
import re

REDACTED = "[redacted]"
# Every URL that carries a secret in its path; keep in step with the apps' urls.py files.
SECRET_PATHS = (
    re.compile(r"(/comments/\d+/delete/)[^/?#\s\"']+"),
    # Reply notifications: the confirmation, unsubscribe and one-click links (signed tokens).
    re.compile(r"(/comments/notifications/(?:confirm|stop|one-click)/)[^/?#\s\"']+"),
)


def redact_secrets(text: str) -> str:
    """``text`` with the secret part of every token-carrying path replaced."""
    for pattern in SECRET_PATHS:
        text = pattern.sub(rf"\g<1>{REDACTED}", text)
    return text


class RedactSecretsFilter(logging.Filter):
    """Rewrites a record's message with its token paths redacted (Django logs 4xx paths)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact_secrets(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        return True
