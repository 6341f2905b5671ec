"""Each comment's card, rendered once when what readers see changes, and read back by the page.

Sanitise-on-write extended to the whole card: ``Comment.save()`` renders
``templates/comments/includes/comment.html`` (the one comment template; the reply and report
pages include it too) into ``Comment.card_html``, so the article page joins stored strings
instead of rendering fifty templates. Every change readers can see goes through ``save()``
(the status methods, the admin's forms, ``redact``, ``erase``), so the stored card follows it.

Cards hold interface words (Reply, Report, the badge, the date) and are stored in the site's
default language (``LANGUAGE_CODE``), whatever language the moderator who approved the comment
reads the admin in. A reader in another language gets every card rendered on read: the card's
version names its language, so a stored English card is never current for a Spanish page (whole
pages are cached per language, so this costs one render per page and language, not per reader).

A card is used only when it can be trusted; otherwise the comment is read whole and its card
rendered on read (``Comment.objects.shown_threads()``; the page is then slower, never wrong):
- the comment is approved (a tombstone, whose card is a single line, is always rendered);
- ``card_version`` matches ``card_version(language)``, a fingerprint of the template's source,
  the addresses it links to and the reader's language, so a change to the template or the
  addresses makes every stored card stale at once (``Comment.objects.refresh_cards()`` stores
  them again) and rows written without a card
  (``bulk_create``, imports, the peer's seed script) render the same way.

What varies by page: the card is stored as on an open article; when comments are closed the
page removes the Reply link (``without_reply_link``), which gives exactly what the template
renders with ``closed_message`` set. A comment's own HTML cannot contain that link: the
sanitiser allows no ``class`` attribute in comments, and the heading is escaped.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from comments.models import Comment

TEMPLATE = "comments/includes/comment.html"
_REPLY_LINK = re.compile(r'<a class="reply" [^>]*>.*?</a>\n', re.S)


@cache
def card_version(language: str = settings.LANGUAGE_CODE) -> str:
    """Fingerprint of what a card depends on besides the row: the template, URLs, language."""
    source = get_template(TEMPLATE).template.source
    urls = reverse("comments:reply", args=[0]) + reverse("comments:report", args=[0])
    return hashlib.sha256((source + urls + language).encode()).hexdigest()[:16]


def forget_version(**kwargs) -> None:
    """In development the template reloader does not restart the process: after a template
    changes, compute the fingerprint again so that the stored cards are no longer trusted."""
    card_version.cache_clear()


def render_card(comment: Comment, *, language: str = settings.LANGUAGE_CODE) -> str:
    """The card as the article page shows it on an open article (a reply at level 4), in
    ``language``; stored cards are in the default language."""
    is_reply = comment.parent_id is not None
    context = {"comment": comment, "level": 4 if is_reply else 3, "is_reply": is_reply}
    with translation.override(language):
        return get_template(TEMPLATE).render(context)


@dataclass(slots=True)
class ShownComment:
    """One comment as the article page lists it (``Comment.objects.shown_threads()``): where it
    goes, and its card; a thread also has ``approved_replies``."""

    pk: int
    parent_id: int | None
    published_at: datetime | None  # its place in the thread order (``keyset.Position``)
    card: SafeString
    approved_replies: list[ShownComment] = field(default_factory=list)


def without_reply_link(html: str) -> str:
    return _REPLY_LINK.sub("", html, count=1)
