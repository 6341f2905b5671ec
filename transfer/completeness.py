"""No invented facts: what an imported article lacks keeps it a draft, with a note saying so.

A page with no date, author or title is not given one. The import report names what is
missing for each file; the article is stored as a draft whose review notes (shown in the admin)
tell the editor what to add, so it is never published with a made-up date — it would top the
feed and the sitemap and state a false ``datePublished``. A text that is empty is refused; a
short text that stops mid-sentence (a truncated capture) is kept as a draft with a warning.
"""

from __future__ import annotations

import re
from typing import Any

from articles.models import Article
from transfer.records import ArticleRecord, ParseError

# Below this many characters a text ending without a full stop is probably a cut-off capture.
TRUNCATION_CHECK_BELOW = 1500
SENTENCE_END = re.compile(r"""[.!?…:;)"'”’»*`\]|>-]\s*$""")
STRUCTURE = re.compile(r"^(?:[-*+]\s|\d{1,3}[.)]\s|#|\||```|>|!\[)")
FACTS = {"title": "a title", "authors": "an author", "date": "a publication date"}


def check(record: ArticleRecord) -> None:
    """Refuse an empty text; note the facts the source lacks and a text that looks cut off."""
    fields = record.fields
    body = str(fields.get("body") or "")
    if not body.strip() and fields.get("kind") not in Article.KINDS_WITH_EXTERNAL_URL:
        raise ParseError("the article text is empty (body/answer): nothing to import")
    if not record.authors and "authors" not in record.missing:
        record.missing.append("authors")
    dated = fields.get("published_at") or fields.get("content_updated_at")
    if not dated and "date" not in record.missing:
        record.missing.append("date")
    stripped = body.strip()
    last = stripped.rsplit("\n", 1)[-1].strip()
    prose = not STRUCTURE.match(last)  # a list item or heading needs no full stop
    if len(stripped) < TRUNCATION_CHECK_BELOW and prose and not SENTENCE_END.search(last):
        record.concerns.append(
            f"the text is only {len(stripped)} characters and ends mid-sentence "
            f"(“…{stripped[-30:]}”): the capture may be cut off"
        )


def must_wait(record: ArticleRecord) -> bool:
    return bool(record.missing or record.concerns)


def note(record: ArticleRecord) -> str:
    """The editor's note on an article that must not be published as it was imported."""
    parts = []
    if record.missing:
        lacking = " or ".join(FACTS.get(name, name) for name in record.missing)
        parts.append(
            f"Imported without {lacking}: the source does not state it. Add it before publishing."
        )
    parts.extend(f"Imported with a concern: {concern}." for concern in record.concerns)
    return " ".join(parts)[:2000]


def hold_back(values: dict[str, Any], *, record: ArticleRecord, existing: Article | None) -> None:
    """Turn a requested ``published`` into a draft when facts are missing (never unpublish).

    Also keeps a stored date when the source has none: an editor's date is not blanked by a
    re-import of a page that does not state one.
    """
    if record.authoritative:
        return
    for name in ("published_at", "content_updated_at"):
        if values.get(name) is None:
            values.pop(name, None)
    if not must_wait(record):
        return
    if values.get("status") == Article.Status.PUBLISHED and not (
        existing is not None and existing.status == Article.Status.PUBLISHED
    ):
        values["status"] = Article.Status.DRAFT
        record.warnings.append("imported as a draft, not published: " + note(record))
    if existing is None:
        values["review_notes"] = note(record)
