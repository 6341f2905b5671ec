"""Kith's own export format, written and read in this one module so the two cannot drift.

- ``<slug>.md``: an article — YAML front matter (``format: kith-article/1``) and the Markdown
  body. Authors travel inside it with their credentials and bio, topics by slug and name.
- ``<slug>.comments.yaml``: its reader comments with their moderation state and hold reasons.
- ``topics.yaml``: every topic with its summary, introduction, parent and related topics.

Adding an Article field to the format: a plain text, number or boolean field goes in
``TEXT_FIELDS``, a date in ``DATE_FIELDS`` — both ways follow. A related model (e.g. the
clinical references an article will have) needs a key written in ``article_document`` and read
in ``read_article``, next to ``authors``. Comments' e-mail addresses are never exported.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import frontmatter
import yaml

from articles.models import Article
from comments.models import Comment
from comments.transfer.frontmatter_pages import keywords
from comments.transfer.records import (
    ArticleRecord,
    AuthorRecord,
    CommentRecord,
    CommentsFile,
    ParseError,
    TopicRef,
    TopicsFile,
    clean_text,
    one_line,
    parse_date,
)
from topics.models import Topic

ARTICLE_FORMAT = "kith-article/1"
COMMENTS_FORMAT = "kith-comments/1"
TOPICS_FORMAT = "kith-topics/1"
TOPICS_FILE = "topics.yaml"
COMMENTS_SUFFIX = ".comments.yaml"

# Article fields carried as they are. Add review fields here (and dates below) when they land.
TEXT_FIELDS = (
    "title", "slug", "kind", "status", "summary", "question", "pull_quote", "external_url",
    "comments_open",
)  # fmt: skip
DATE_FIELDS = ("published_at", "content_updated_at")
AUTHOR_FIELDS = ("name", "slug", "credentials", "bio", "photo_url")
TOPIC_FIELDS = ("slug", "name", "summary", "introduction", "display_order")
COMMENT_FIELDS = ("title", "name", "body", "status", "moderator_note", "edited_by_moderator")


# --- Writing ----------------------------------------------------------------------------------


def article_document(article: Article) -> str:
    meta: dict[str, Any] = {"format": ARTICLE_FORMAT}
    meta.update({name: getattr(article, name) for name in TEXT_FIELDS})
    meta.update({name: _iso(getattr(article, name)) for name in DATE_FIELDS})
    meta["primary_topic"] = _topic_ref(article.primary_topic)
    meta["topics"] = [_topic_ref(t) for t in article.topics.order_by("slug")]
    meta["tags"] = sorted(article.tags.names(), key=str.casefold)
    meta["authors"] = [
        {name: getattr(a, name) for name in AUTHOR_FIELDS} for a in article.ordered_authors
    ]
    meta["related_articles"] = sorted(article.related_articles.values_list("slug", flat=True))
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


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _topic_ref(topic: Topic) -> dict[str, str]:
    return {"slug": topic.slug, "name": topic.name}


# --- Reading ----------------------------------------------------------------------------------


def is_kith_article(meta: dict[str, Any]) -> bool:
    return str(meta.get("format", "")).startswith("kith-article/")


def read_article(meta: dict[str, Any], body: str) -> ArticleRecord:
    _check_version(meta, ARTICLE_FORMAT)
    fields: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        if name in meta and meta[name] is not None:
            value = meta[name]
            fields[name] = value if isinstance(value, bool | int) else clean_text(value).strip()
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
    return ArticleRecord(
        source_key="kith:" + fields["slug"],
        fields=fields,
        primary_topic=primary,
        topics=[_read_topic(t) for t in _list(meta.get("topics"), "topics")],
        tags=keywords(_list(meta.get("tags"), "tags")),
        authors=[_read_author(a) for a in _list(meta.get("authors"), "authors")],
        related_articles=[one_line(s) for s in _list(meta.get("related_articles"), "related")],
        extra_sources=sources,
        authoritative=True,
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
