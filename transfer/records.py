"""The neutral form of imported content: every reader produces it, the writer consumes it.

A record holds plain text and Markdown only — never HTML — so the one sanitising module
(``kith.markup``) is the only code that turns imported content into HTML, when the models save.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime
from typing import Any

from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles.models import Article, Author
from comments.models import BODY_MAX_LENGTH, Comment
from topics.models import Topic


class ParseError(Exception):
    """The file cannot be imported; the message says why, in words an editor understands."""


@dataclass
class TopicRef:
    name: str
    slug: str = ""
    summary: str = ""


@dataclass
class AuthorRecord:
    name: str
    credentials: str = ""
    slug: str = ""
    bio: str = ""
    photo_url: str = ""


@dataclass
class CommentRecord:
    body: str
    title: str = ""
    name: str = ""
    created_at: datetime | None = None
    # Only Kith's own export carries a moderation state; other sources leave these empty.
    status: str = ""
    hold_reasons: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    moderator_note: str = ""
    edited_by_moderator: bool = False
    reply_to: int | None = None  # index of the parent in the same list

    def fingerprint(self) -> str:
        """Identifies the comment as its source had it (not as moderators later edited it)."""
        when = self.created_at.isoformat() if self.created_at else ""
        return digest("\x1f".join([when, self.title, self.name, self.body]))[:32]


@dataclass
class ReviewerRecord:
    """The clinician who last reviewed an article, found again by name and credentials."""

    name: str
    credentials: str


@dataclass
class ReferenceRecord:
    """One source an article cites (``articles.review.Reference``)."""

    citation: str
    url: str = ""
    doi: str = ""
    accessed: date | None = None
    order: int = 0


@dataclass
class ArticleRecord:
    """One article as a source describes it.

    ``fields`` holds Article model fields by name (title, kind, summary, body, question, dates…),
    so a field added to the model is carried by adding it where a reader fills ``fields``.
    ``authoritative`` is True for Kith's own export: its values replace stored ones, its status
    and comment states are kept. Foreign sources only fill what is blank (e.g. an author's bio).
    ``editorial`` is True when the source carries the clinical review and references (Kith's
    export from ``kith-article/2``): ``reviewer`` and ``references`` then replace the stored ones,
    even when empty. Otherwise both are left as they are.
    """

    source_key: str
    fields: dict[str, Any]
    source_url: str = ""
    primary_topic: TopicRef | None = None
    topics: list[TopicRef] = field(default_factory=list)
    related_topics: list[TopicRef] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    authors: list[AuthorRecord] = field(default_factory=list)
    comments: list[CommentRecord] = field(default_factory=list)
    related_articles: list[str] = field(default_factory=list)
    translations: list[str] = field(default_factory=list)  # slugs of its other language versions
    extra_sources: list[tuple[str, str]] = field(default_factory=list)  # (key, old URL)
    authoritative: bool = False
    editorial: bool = False
    reviewer: ReviewerRecord | None = None
    references: list[ReferenceRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Facts the source does not state ("title", "authors", "date"): never invented, reported,
    # and the article waits as a draft with a note saying what to add (``completeness``).
    missing: list[str] = field(default_factory=list)
    # Other reasons an editor must look before the article is published (a cut-off text…).
    concerns: list[str] = field(default_factory=list)
    # Where each fact was found (field → source), for the import report.
    found: dict[str, str] = field(default_factory=dict)
    site_name: str = ""


@dataclass
class CommentsFile:
    """A sidecar of Kith's export: the comments of the article with ``article_slug``."""

    article_slug: str
    comments: list[CommentRecord]
    warnings: list[str] = field(default_factory=list)


@dataclass
class TopicsFile:
    """Kith's export of every topic, with parents and related topics (by slug)."""

    topics: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def identity_key(title: str, authors: list[AuthorRecord]) -> str:
    """The key of a source without URL or id: its title and byline, not its whole text.

    Hashing the whole file would make a re-captured page (one more reader comment, a fixed
    typo) look like a new article and duplicate it.
    """
    names = ",".join(a.name.casefold() for a in authors)
    return "hash:" + digest(" ".join(title.casefold().split()) + "|" + names)


# --- Limits -----------------------------------------------------------------------------------

LIMITS = {
    "title": Article._meta.get_field("title").max_length,
    "summary": Article._meta.get_field("summary").max_length,
    "question": Article._meta.get_field("question").max_length,
    "pull_quote": Article._meta.get_field("pull_quote").max_length,
    "external_url": Article._meta.get_field("external_url").max_length,
    "author_name": Author._meta.get_field("name").max_length,
    "credentials": Author._meta.get_field("credentials").max_length,
    "topic_name": Topic._meta.get_field("name").max_length,
    "topic_summary": Topic._meta.get_field("summary").max_length,
    "comment_title": Comment._meta.get_field("title").max_length,
    "comment_name": Comment._meta.get_field("name").max_length,
    "comment_body": BODY_MAX_LENGTH,
    "tag": 100,
    # Not model limits: rendering and sanitising grow faster than linearly with some
    # structures (thousands of lists), so an import refuses a body far beyond any real article.
    "body": 200_000,
    "bio": 20_000,
}


def clean_text(value: Any) -> str:
    """Text without NUL bytes or other control characters (tabs and newlines stay)."""
    text = "" if value is None else str(value)
    return re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)


def one_line(value: Any) -> str:
    return " ".join(clean_text(value).split())


def fit(value: str, limit_name: str, warnings: list[str], *, what: str) -> str:
    """``value`` cut at a word boundary to its field's length, with a warning when it was cut.

    Overlong text is shortened rather than failing the file: the rest of the article is worth
    importing, and the warning tells the editor exactly what to look at.
    """
    limit = LIMITS[limit_name]
    if len(value) <= limit:
        return value
    cut = value[: limit - 1]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    warnings.append(f"{what} was {len(value)} characters; shortened to {len(cut) + 1}.")
    return cut.rstrip() + "…"


def summary_from(text: str, warnings: list[str]) -> str:
    """A listing summary from prose: whole sentences up to the field's length."""
    text = one_line(text)
    limit = LIMITS["summary"]
    if len(text) <= limit:
        return text
    sentences = re.split(r"(?<=[.!?])\s+", text)
    summary = ""
    for sentence in sentences:
        if len(summary) + len(sentence) + 1 > limit:
            break
        summary = f"{summary} {sentence}".strip()
    return summary or fit(text, "summary", warnings, what="The summary")


# --- Dates ------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATE_PATTERNS = [
    re.compile(rf"^{_MONTH}\s+{_DAY},?\s+{_YEAR}$", re.IGNORECASE),  # Apr 4th 2016, April 4, 2016
    re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR}$", re.IGNORECASE),  # 4 April 2016
]
_DATE_PATTERNS.append(  # 04.05.2015: dotted dates are day first wherever they are written
    re.compile(r"^(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})$")
)
_WEEKDAY = re.compile(r"^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?=\w)", re.IGNORECASE)
# “at 6:16 pm”, “12:13 PM”, “à 13h36” after the date: the time of day.
_CLOCK = re.compile(
    r"(?:,?\s+(?:at|à|um|a las)\s+|,?\s+|\s*-\s*)(?P<hour>\d{1,2})[:h](?P<minute>\d{2})"
    r"(?::\d{2})?\s*(?P<ampm>[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?$",
    re.IGNORECASE,
)
# The same dates, to find inside a line (“… Updated: Apr 4th 2016”).
DATE_TEXT = r"[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"


def parse_date(value: Any) -> datetime | None:
    """A date or time in any common form, as an aware datetime (midnight UTC for a bare date)."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime.combine(value, time(0, 0), tzinfo=UTC)
    text = one_line(value)
    try:
        parsed = parse_datetime(text) or (
            datetime.combine(date.fromisoformat(text), time(0, 0)) if len(text) == 10 else None
        )
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed if timezone.is_aware(parsed) else parsed.replace(tzinfo=UTC)
    try:
        rfc = parsedate_to_datetime(text) if re.search(r"\d{1,2}:\d{2}", text) else None
    except (TypeError, ValueError, IndexError):
        rfc = None
    if rfc is not None:
        return rfc if timezone.is_aware(rfc) else rfc.replace(tzinfo=UTC)
    text = _WEEKDAY.sub("", text)
    clock = _CLOCK.search(text)
    if clock:
        text = text[: clock.start()].rstrip(" ,")
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        month = match and (
            _MONTHS.get(match["month"].lower()) if not match["month"].isdigit()
            else int(match["month"])
        )  # fmt: skip
        if match and month:
            try:
                day = datetime(int(match["year"]), month, int(match["day"]), tzinfo=UTC)
            except ValueError:
                return None
            return day.replace(**_time_of(clock)) if clock else day
    return None


def _time_of(clock: re.Match[str]) -> dict[str, int]:
    """“6:16 pm” → hour 18, minute 16 (taken as UTC: a page rarely says its time zone)."""
    hour, minute = int(clock["hour"]), int(clock["minute"])
    meridiem = (clock["ampm"] or "").replace(".", "").lower()
    if meridiem == "pm" and hour < 12:
        hour += 12
    elif meridiem == "am" and hour == 12:
        hour = 0
    return {"hour": hour % 24, "minute": min(minute, 59)}
