"""Each comment's card, rendered once when what readers see changes, and read back by the page.

Sanitise-on-write extended to the whole card: ``Comment.save()`` renders
``templates/comments/includes/comment.html`` (the one comment template; the reply and report
pages include it too) into ``Comment.card_html``, so the article page joins stored strings
instead of rendering fifty templates. Every change readers can see goes through ``save()``
(the status methods, the admin's forms, ``redact``, ``erase``), so the stored card follows it.

A card is used only when it can be trusted; otherwise it is rendered on read (the page is then
as slow as before, never wrong):
- the comment is approved (a tombstone, whose card is a single line, is always rendered);
- ``card_version`` matches ``CARD_VERSION()``, a fingerprint of the template's source and of
  the addresses it links to, so a change to either makes every stored card stale at once
  (``Comment.objects.refresh_cards()`` stores them again) and rows written without a card
  (``bulk_create``, imports, the peer's seed script) render the same way.

What varies by page: the card is stored as on an open article; when comments are closed the
page removes the Reply link (``without_reply_link``), which gives exactly what the template
renders with ``closed_message`` set. A comment's own HTML cannot contain that link: the
sanitiser allows no ``class`` attribute in comments, and the heading is escaped.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from typing import TYPE_CHECKING

from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    from comments.models import Comment

TEMPLATE = "comments/includes/comment.html"
_REPLY_LINK = re.compile(r'<a class="reply" [^>]*>.*?</a>\n', re.S)


@cache
def card_version() -> str:
    """Fingerprint of what a stored card depends on besides the row: the template and URLs."""
    source = get_template(TEMPLATE).template.source
    urls = reverse("comments:reply", args=[0]) + reverse("comments:report", args=[0])
    return hashlib.sha256((source + urls).encode()).hexdigest()[:16]


def forget_version(**kwargs) -> None:
    """In development the template reloader does not restart the process: after a template
    changes, compute the fingerprint again so that the stored cards are no longer trusted."""
    card_version.cache_clear()


def render_card(comment: Comment) -> str:
    """The card as the article page shows it on an open article: a reply at level 4."""
    is_reply = comment.parent_id is not None
    context = {"comment": comment, "level": 4 if is_reply else 3, "is_reply": is_reply}
    return get_template(TEMPLATE).render(context)


def has_current_card(comment: Comment) -> bool:
    return (
        comment.is_approved() and bool(comment.card_html)
        and comment.card_version == card_version()
    )  # fmt: skip


def shown_card(comment: Comment, *, closed: bool) -> SafeString:
    """The card for the article page: the stored one when current, else rendered now."""
    html = comment.card_html if has_current_card(comment) else render_card(comment)
    if closed:
        html = without_reply_link(html)
    return mark_safe(html)  # rendered by the template (autoescaped); the body was sanitised


def without_reply_link(html: str) -> str:
    return _REPLY_LINK.sub("", html, count=1)
