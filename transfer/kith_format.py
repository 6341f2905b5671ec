"""Kith's own export format, written and read in this one module so the two cannot drift.

- ``<slug>.md``: an article — YAML front matter (``format: kith-article/2``) and the Markdown
  body. Authors travel inside it with their credentials and bio, topics by slug and name.
- ``<slug>.comments.yaml``: its reader comments with their moderation state and hold reasons.
- ``topics.yaml``: every topic with its summary, introduction, parent and related topics.

Adding an Article field to the format: a plain text, number or boolean field goes in
``TEXT_FIELDS``, a date and time in ``DATE_FIELDS``, a calendar date in ``DAY_FIELDS`` — both
ways follow. A related model needs a key written in ``article_document`` and read in
``read_article``, next to ``authors`` and ``references``. Comments' e-mail addresses are never
exported. ``translations`` lists the slugs of the article's other language versions; the import
groups them once every file is in, validated as in the admin (one article per language), and
reports any it cannot keep (an older Kith ignores the key: the articles arrive ungrouped).

Versions. ``kith-article/2`` added the editorial fields: the clinical review (``reviewed_by`` as
name and credentials, ``last_reviewed``, ``next_review_due``, ``review_notes``), ``references``,
``key_points``, ``content_note`` and ``about_suicide``. It is a new version rather than more keys
in /1 because a Kith that knows only /1 would otherwise import such a file and silently drop the
clinical review; it refuses a /2 file instead. A /1 file still imports: it says nothing about
the editorial fields, so an article re-imported from one keeps those it has. Derived fields
(the reading grade, the HTML) and who clicked what in the admin (``review_recorded_by``,
``status_changed_by``: accounts are not exported) are not part of the format.

An import sets the review fields directly, as the file has them: it moves existing content, it
is not a new review, so it does not go through ``Article.mark_reviewed`` or ``publish`` — and an
article published without a recorded review (older content, or a site without reviewers) is
imported published. The workflow's “review before publishing” rule is for editors publishing in
the admin; ``manage.py import_content --status draft`` is there when imports should wait.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import frontmatter
import yaml
from django.utils import timezone

from articles.models import Article, Reference
from articles.workflow import KEY_POINT_MAX_CHARS, KEY_POINTS_MAX
from comments.models import Comment
from topics.models import Topic
from transfer.frontmatter_pages import keywords
from transfer.records import (
    ArticleRecord,
    AuthorRecord,
    CommentRecord,
    CommentsFile,
    ParseError,
    ReferenceRecord,
    ReviewerRecord,
    TopicRef,
    TopicsFile,
    clean_text,
    one_line,
    parse_date,
)

ARTICLE_FORMAT = "kith-article/2"
# Every version this Kith reads; /1 has no editorial fields (see the module's docstring).
READABLE_ARTICLE_FORMATS = ("kith-article/1", ARTICLE_FORMAT)
COMMENTS_FORMAT = "kith-comments/1"
TOPICS_FORMAT = "kith-topics/1"
TOPICS_FILE = "topics.yaml"
COMMENTS_SUFFIX = ".comments.yaml"

# Article fields carried as they are.
TEXT_FIELDS = (
    "title", "slug", "kind", "status", "summary", "question", "pull_quote", "external_url",
    "comments_open", "content_note", "about_suicide", "review_notes", "language",
)  # fmt: skip
DATE_FIELDS = ("published_at", "content_updated_at")
DAY_FIELDS = ("last_reviewed", "next_review_due")  # from kith-article/2
REFERENCE_FIELDS = ("citation", "url", "doi", "order")  # and ``accessed``, a calendar date
AUTHOR_FIELDS = ("name", "slug", "credentials", "bio", "photo_url")
TOPIC_FIELDS = ("slug", "name", "summary", "introduction", "display_order")
COMMENT_FIELDS = ("title", "name", "body", "status", "moderator_note", "edited_by_moderator")


# --- Writing ----------------------------------------------------------------------------------


def article_document(article: Article) -> str:
    meta: dict[str, Any] = {"format": ARTICLE_FORMAT}
    meta.update({name: getattr(article, name) for name in TEXT_FIELDS})
    meta.update({name: _iso(getattr(article, name)) for name in DATE_FIELDS})
    meta.update({name: _iso(getattr(article, name)) for name in DAY_FIELDS})
    reviewer = article.reviewed_by
    meta["reviewed_by"] = (
        {"name": reviewer.name, "credentials": reviewer.credentials} if reviewer else None
    )
    meta["key_points"] = article.key_points_list
    meta["primary_topic"] = _topic_ref(article.primary_topic)
    meta["topics"] = [_topic_ref(t) for t in article.topics.order_by("slug")]
    meta["tags"] = sorted(article.tags.names(), key=str.casefold)
    meta["authors"] = [
        {name: getattr(a, name) for name in AUTHOR_FIELDS} for a in article.ordered_authors
    ]
    meta["references"] = [
        {**{name: getattr(r, name) for name in REFERENCE_FIELDS}, "accessed": _iso(r.accessed)}
        for r in article.references.all()  # in their order (Meta.ordering, or prefetched)
    ]
    meta["related_articles"] = sorted(article.related_articles.values_list("slug", flat=True))
    meta["translations"] = list(article.translations().values_list("slug", flat=True))
    meta["sources"] = [
        {"key": key, "url": url}
        for key, url in article.import_sources.order_by("pk").values_list(
            "source_key", "source_url"
        )
    ]
    post = frontmatter.Post(article.body, **meta)
    return frontmatter.dumps(post, sort_keys=False, allow_unicode=True) + "\n"


def comments_document(article: Article, comments: list[Comment]) -> str:
    index = {comment.pk: number for number, comment in enumerate(comments)}
    entries = []
    for comment in comments:
        entry: dict[str, Any] = {name: getattr(comment, name) for name in COMMENT_FIELDS}
        entry["hold_reasons"] = comment.hold_reason_list
        entry["created_at"] = _iso(comment.created_at)
        entry["published_at"] = _iso(comment.published_at)
        entry["reply_to"] = index.get(comment.parent_id)
        entries.append(entry)
    document = {"format": COMMENTS_FORMAT, "article": article.slug, "comments": entries}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def topics_document(topics: list[Topic]) -> str:
    entries = []
    for topic in topics:
        entry: dict[str, Any] = {name: getattr(topic, name) for name in TOPIC_FIELDS}
        entry["parent"] = topic.parent.slug if topic.parent else None
        entry["related"] = sorted(t.slug for t in topic.related.all())
        entries.append(entry)
    return yaml.safe_dump(
        {"format": TOPICS_FORMAT, "topics": entries}, sort_keys=False, allow_unicode=True
    )


def _iso(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def _topic_ref(topic: Topic) -> dict[str, str]:
    return {"slug": topic.slug, "name": topic.name}


# --- Reading ----------------------------------------------------------------------------------


def is_kith_article(meta: dict[str, Any]) -> bool:
    return str(meta.get("format", "")).startswith("kith-article/")


def read_article(meta: dict[str, Any], body: str) -> ArticleRecord:
    if meta.get("format") not in READABLE_ARTICLE_FORMATS:
        raise ParseError(
            f"format {meta.get('format')!r} is not supported "
            f"(expected one of {', '.join(READABLE_ARTICLE_FORMATS)})"
        )
    fields: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if name in meta and meta[name] is not None:
            value = meta[name]
            fields[name] = value if isinstance(value, bool | int) else clean_text(value).strip()
            _check_length(name, fields[name], Article._meta.get_field(name).max_length)
    for name in DATE_FIELDS:
        fields[name] = parse_date(meta.get(name))
        if meta.get(name) and fields[name] is None:
            raise ParseError(f"{name}: {meta[name]!r} is not a date")
    if not fields.get("slug") or not fields.get("title"):
        raise ParseError("a Kith article needs a title and a slug")
    if fields.get("kind", Article.Kind.BASIC) not in Article.Kind.values:
        raise ParseError(f"unknown kind {fields['kind']!r}")
    if fields.get("status", Article.Status.DRAFT) not in Article.Status.values:
        raise ParseError(f"unknown status {fields['status']!r}")
    fields["body"] = clean_text(body).strip()
    primary = _read_topic(meta.get("primary_topic"))
    sources = [
        (one_line(s.get("key"))[:255], one_line(s.get("url"))[:500])
        for s in _list(meta.get("sources"), "sources")
        if isinstance(s, dict) and s.get("key")
    ]
    editorial = meta["format"] != "kith-article/1"
    if editorial:
        fields.update(_read_review_dates(meta))
        if meta.get("key_points") is not None:
            fields["key_points"] = _read_key_points(meta["key_points"])
    references = [
        _read_reference(number, value)
        for number, value in enumerate(_list(meta.get("references"), "references"), start=1)
        if editorial
    ]
    return ArticleRecord(
        source_key="kith:" + fields["slug"],
        fields=fields,
        primary_topic=primary,
        topics=[_read_topic(t) for t in _list(meta.get("topics"), "topics")],
        tags=keywords(_list(meta.get("tags"), "tags")),
        authors=[_read_author(a) for a in _list(meta.get("authors"), "authors")],
        related_articles=[one_line(s) for s in _list(meta.get("related_articles"), "related")],
        translations=[one_line(s) for s in _list(meta.get("translations"), "translations")],
        extra_sources=sources,
        authoritative=True,
        editorial=editorial,
        reviewer=_read_reviewer(meta.get("reviewed_by")) if editorial else None,
        references=sorted(references, key=lambda r: r.order),
    )


def parse_yaml(text: str) -> CommentsFile | TopicsFile:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ParseError(f"not valid YAML: {' '.join(str(exc).split())[:300]}") from None
    kind = str(document.get("format", "")) if isinstance(document, dict) else ""
    if kind.startswith("kith-comments/"):
        _check_version(document, COMMENTS_FORMAT)
        comments = [_read_comment(c) for c in _list(document.get("comments"), "comments")]
        return CommentsFile(article_slug=one_line(document.get("article")), comments=comments)
    if kind.startswith("kith-topics/"):
        _check_version(document, TOPICS_FORMAT)
        topics = []
        for entry in _list(document.get("topics"), "topics"):
            if not isinstance(entry, dict) or not entry.get("slug") or not entry.get("name"):
                raise ParseError("every topic needs a slug and a name")
            topic = {k: clean_text(entry[k]).strip() for k in TOPIC_FIELDS if k in entry}
            topic["display_order"] = int(entry.get("display_order") or 0)
            topic["parent"] = one_line(entry.get("parent"))
            topic["related"] = [one_line(s) for s in _list(entry.get("related"), "related")]
            topics.append(topic)
        return TopicsFile(topics=topics)
    raise ParseError("a YAML file must be a Kith export (topics or comments)")


def _check_length(name: str, value: Any, limit: int | None) -> None:
    """Model validation does not limit text areas (review notes, the question): check here."""
    if limit and isinstance(value, str) and len(value) > limit:
        raise ParseError(f"{name} is {len(value):,} characters; the limit is {limit:,}")


def _read_day(value: Any, what: str) -> date | None:
    """A calendar date: YAML's own (``2024-05-01`` unquoted), ISO text or any common form."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    parsed = parse_date(value)
    if parsed is None:
        raise ParseError(f"{what}: {one_line(value)[:100]!r} is not a date")
    return parsed.date()


def _read_review_dates(meta: dict[str, Any]) -> dict[str, date | None]:
    days = {name: _read_day(meta.get(name), name) for name in DAY_FIELDS}
    last, due = days["last_reviewed"], days["next_review_due"]
    if last is not None and last > timezone.localdate():
        raise ParseError(f"last_reviewed: {last.isoformat()} is in the future")
    if last is not None and due is not None and due <= last:
        raise ParseError("next_review_due must be after last_reviewed")
    return days


def _read_key_points(value: Any) -> str:
    """Key points as the admin stores them: one per line, each within its limit."""
    items = value if isinstance(value, list) else clean_text(value).splitlines()
    points = [point for point in (one_line(item) for item in items) if point]
    if len(points) > KEY_POINTS_MAX:
        raise ParseError(f"key_points: {len(points)} points; the limit is {KEY_POINTS_MAX}")
    for number, point in enumerate(points, start=1):
        if len(point) > KEY_POINT_MAX_CHARS:
            raise ParseError(
                f"key point {number} is {len(point):,} characters; "
                f"the limit is {KEY_POINT_MAX_CHARS}"
            )
    return "\n".join(points)


def _read_reviewer(value: Any) -> ReviewerRecord | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ParseError("reviewed_by must be a mapping with a name and credentials")
    name, credentials = one_line(value.get("name")), one_line(value.get("credentials"))
    if not name or not credentials:
        raise ParseError("reviewed_by needs both a name and credentials")
    return ReviewerRecord(name=name, credentials=credentials)


def _read_reference(number: int, value: Any) -> ReferenceRecord:
    if not isinstance(value, dict):
        raise ParseError(f"reference {number} must be a mapping of fields")
    citation = one_line(value.get("citation"))
    if not citation:
        raise ParseError(f"reference {number} has no citation")
    limit = Reference._meta.get_field("citation").max_length
    if len(citation) > limit:
        raise ParseError(
            f"reference {number}: the citation is {len(citation):,} characters; "
            f"the limit is {limit}"
        )
    order = value.get("order", number - 1)
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= 32767:
        raise ParseError(f"reference {number}: order must be a whole number from 0 to 32767")
    return ReferenceRecord(
        citation=citation,
        url=one_line(value.get("url")),
        doi=one_line(value.get("doi")),
        accessed=_read_day(value.get("accessed"), f"reference {number}: accessed"),
        order=order,
    )


def _check_version(meta: dict[str, Any], expected: str) -> None:
    if meta.get("format") != expected:
        raise ParseError(f"format {meta.get('format')!r} is not supported (expected {expected})")


def _list(value: Any, what: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ParseError(f"{what} must be a list")
    return value


def _read_topic(value: Any) -> TopicRef:
    if isinstance(value, dict) and value.get("name"):
        return TopicRef(name=one_line(value["name"])[:100], slug=one_line(value.get("slug")))
    if isinstance(value, str) and value.strip():
        return TopicRef(name=one_line(value)[:100])
    raise ParseError("a topic needs a name")


def _read_author(value: Any) -> AuthorRecord:
    if not isinstance(value, dict) or not value.get("name"):
        raise ParseError("every author needs a name")
    return AuthorRecord(
        **{name: clean_text(value.get(name) or "").strip() for name in AUTHOR_FIELDS}
    )


def _read_comment(value: Any) -> CommentRecord:
    if not isinstance(value, dict):
        raise ParseError("every comment must be a mapping of fields")
    status = one_line(value.get("status")) or Comment.Status.PENDING
    if status not in Comment.Status.values:
        raise ParseError(f"unknown comment status {status!r}")
    reply_to = value.get("reply_to")
    return CommentRecord(
        body=clean_text(value.get("body")).strip(),
        title=one_line(value.get("title")),
        name=one_line(value.get("name")),
        created_at=parse_date(value.get("created_at")),
        published_at=parse_date(value.get("published_at")),
        status=status,
        hold_reasons=[one_line(r) for r in _list(value.get("hold_reasons"), "hold_reasons")],
        moderator_note=clean_text(value.get("moderator_note")).strip(),
        edited_by_moderator=bool(value.get("edited_by_moderator")),
        reply_to=reply_to if isinstance(reply_to, int) else None,
    )
