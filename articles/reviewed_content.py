"""What a clinical review vouches for, and the guard that keeps a published article's content
as it was reviewed.

**Reviewed content** is defined here and nowhere else: the article's words (``REVIEWED_FIELDS``)
and its references. Once an article is published (its row's status in the database), none of
them changes except inside ``reviewed_change()``, which only two functions enter: publishing a
revision (``ArticleRevision.publish``, by a clinical reviewer) and a minor correction by an
editor a reviewer trusted with one (``articles.article_revisions.publish_minor_edit``).
Everything else — the admin, ``import_content``, ``seed_demo``, a shell, ``update()`` — is
refused by ``Article.save()``, ``ArticleQuerySet.update()`` and ``Reference``'s own guards, and
stores its text as a revision instead (``articles.article_revisions.propose_revision``).

Not reviewed content, and so still edited directly on a published article: the slug (an old
address redirects), kind, language, topics, keywords, related articles, byline and comments
open — where the article is filed and who is credited, not what it tells readers.

**A minor edit** (``minor_edit_refusal``) changes only ``MINOR_FIELDS`` by at most
``MINOR_EDIT_MAX_CHARS`` characters in all, and no changed word holds a digit, a number word, a
dose unit, a negation, a link or an address: a typo fix, never a change of meaning.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# The article's own fields a clinical review covers, in the order a diff lists them.
REVIEWED_FIELDS = (
    "title",
    "summary",
    "content_note",
    "about_suicide",
    "key_points",
    "question",
    "body",
    "pull_quote",
    "external_url",
)
# Plus the references (stored in a revision under this key).
REFERENCES = "references"
REFERENCE_FIELDS = ("citation", "url", "doi", "accessed", "order")
# What a minor correction may touch (no safety notes, links or references).
MINOR_FIELDS = ("title", "summary", "key_points", "question", "body", "pull_quote")
MINOR_EDIT_MAX_CHARS = 20
# One changed stretch longer than this is no typo (and keeps the edit distance cheap).
_MINOR_SEGMENT_MAX_CHARS = 80
# Changed lines longer than this, once their common start and end are dropped, are no typo.
_MINOR_BLOCK_MAX_CHARS = 2_000

_NUMBER_WORDS = frozenset(
    [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "fifteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "hundred",
        "thousand",
        "half",
        "quarter",
        "double",
        "twice",
        "triple",
        "once",
        "dozen",
    ]
)
_DOSE_WORDS = frozenset(
    [
        "mg",
        "mcg",
        "µg",
        "ug",
        "g",
        "kg",
        "ml",
        "l",
        "iu",
        "unit",
        "units",
        "tablet",
        "tablets",
        "pill",
        "pills",
        "capsule",
        "capsules",
        "dose",
        "doses",
        "drop",
        "drops",
        "daily",
        "weekly",
        "hourly",
        "hour",
        "hours",
        "day",
        "days",
        "week",
        "weeks",
        "minute",
        "minutes",
        "maximum",
        "minimum",
    ]
)
_NEGATIONS = frozenset(
    ["no", "not", "never", "none", "nothing", "nobody", "neither", "nor", "without", "cannot"]
)
_LINKISH = re.compile(r"://|www\.|\]\(|@|\.(?:com|org|net|uk|gov)\b", re.IGNORECASE)
_TOKENS = re.compile(r"\s+|[^\s]+")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)

_reviewed_change: ContextVar[bool] = ContextVar("kith_reviewed_change", default=False)


@contextmanager
def reviewed_change() -> Iterator[None]:
    """Inside this block a published article's reviewed content may change.

    Entered by publishing a revision and by a permitted minor correction only (and by the
    writers of brand-new articles, whose whole content the new review covers).
    """
    token = _reviewed_change.set(True)
    try:
        yield
    finally:
        _reviewed_change.reset(token)


def in_reviewed_change() -> bool:
    return _reviewed_change.get()


def refuse_unreviewed_change(title: str, fields: list[str]) -> None:
    """Raise the one error every path gives for a direct change to reviewed content."""
    if fields and not in_reviewed_change():
        raise ValidationError(
            _(
                "“%(title)s” is published under a clinical review, so its content (%(fields)s) "
                "changes only through a revision a clinical reviewer publishes. Save the change "
                "as a revision instead."
            ),
            code="reviewed_content",
            params={"title": title, "fields": ", ".join(fields)},
        )


def reference_row(values: dict[str, Any]) -> dict[str, Any]:
    """One reference as a revision stores it (JSON: the date as ISO text)."""
    accessed = values.get("accessed")
    return {
        "citation": values.get("citation", ""),
        "url": values.get("url", ""),
        "doi": values.get("doi", ""),
        "accessed": accessed.isoformat() if isinstance(accessed, date) else (accessed or None),
        "order": int(values.get("order") or 0),
    }


def changed_fields(live: dict[str, Any], proposed: dict[str, Any]) -> list[str]:
    """The reviewed fields (and ``references``) whose proposed value differs from the live one."""
    names = [name for name in (*REVIEWED_FIELDS, REFERENCES) if name in proposed]
    return [name for name in names if proposed[name] != live.get(name)]


# --- Minor corrections ---------------------------------------------------------------------------


def _levenshtein(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1]


def _meaningful(text: str) -> str | None:
    """Why a changed stretch of text is more than a typo, or None."""
    if any(char.isdigit() for char in text):
        return gettext("it changes a number")
    if _LINKISH.search(text):
        return gettext("it changes a link or an address")
    for word in _WORD.findall(text.casefold().replace("’", "'")):
        if word in _NUMBER_WORDS:
            return gettext("it changes a number (“%(word)s”)") % {"word": word}
        if word in _DOSE_WORDS:
            return gettext("it changes a dose or how often (“%(word)s”)") % {"word": word}
        if word in _NEGATIONS or word.endswith("n't"):
            return gettext("it adds or removes a negation (“%(word)s”)") % {"word": word}
    return None


def _trim_common(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """Drop the common start and end: an edit is local, and this keeps what follows small."""
    start, shortest = 0, min(len(before), len(after))
    while start < shortest and before[start] == after[start]:
        start += 1
    end = 0
    while end < shortest - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return before[start : len(before) - end], after[start : len(after) - end]


def _block_edit(old: str, new: str) -> tuple[int, str | None]:
    """(characters changed, why it is not minor) within one changed block, word by word."""
    before, after = _trim_common(_TOKENS.findall(old), _TOKENS.findall(new))
    if max(len("".join(before)), len("".join(after))) > _MINOR_BLOCK_MAX_CHARS:
        return 0, gettext("it rewrites more than a few words")
    distance = 0
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        removed, added = "".join(before[i1:i2]), "".join(after[j1:j2])
        if max(len(removed), len(added)) > _MINOR_SEGMENT_MAX_CHARS:
            return distance, gettext("it rewrites more than a few words")
        reason = _meaningful(removed) or _meaningful(added)
        if reason:
            return distance, reason
        distance += _levenshtein(removed, added)
    return distance, None


def _field_edit(old: str, new: str) -> tuple[int, str | None]:
    """(characters changed, why it is not minor) between two texts.

    Lines are aligned first and only changed lines are compared word by word: difflib on the
    words of a whole 100,000-character body takes minutes when the text repeats itself.
    """
    before, after = _trim_common(old.splitlines(keepends=True), new.splitlines(keepends=True))
    distance = 0
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after).get_opcodes():
        if op == "equal":
            continue
        changed, reason = _block_edit("".join(before[i1:i2]), "".join(after[j1:j2]))
        distance += changed
        if reason or distance > MINOR_EDIT_MAX_CHARS:
            return distance, reason
    return distance, None


def minor_edit_refusal(live: dict[str, Any], proposed: dict[str, Any]) -> str | None:
    """Why changing ``live`` to ``proposed`` is not a minor correction, or None if it is."""
    changed = changed_fields(live, proposed)
    if not changed:
        return gettext("nothing changed")
    other = [name for name in changed if name not in MINOR_FIELDS]
    if other:
        return gettext("a minor correction cannot change %(fields)s") % {"fields": ", ".join(other)}
    total = 0
    for name in changed:
        distance, reason = _field_edit(str(live.get(name) or ""), str(proposed[name] or ""))
        if reason:
            return gettext("%(reason)s in %(field)s") % {"reason": reason, "field": name}
        total += distance
        if total > MINOR_EDIT_MAX_CHARS:
            break
    if total > MINOR_EDIT_MAX_CHARS:
        return gettext(
            "it changes more than %(count)s characters (a minor correction fixes a typo or two)"
        ) % {"count": MINOR_EDIT_MAX_CHARS}
    return None
