"""Front-matter Markdown from other sites, such as a static site's question-and-answer pages.

Recognised fields: ``title``, ``question``, ``answer`` (Markdown, possibly with literal ``\\n``
escapes), ``subject`` or ``topic``, ``seo.page_description`` or ``description``/``summary``,
``seo.page_keywords`` or ``keywords``/``tags``, ``date``, ``author``, ``url``, ``id``. A page
with a question is a Questions-and-Answers article; otherwise the Markdown after the front
matter is the body.
"""

from __future__ import annotations

import re
from typing import Any

from articles.models import Article
from transfer import frontmatter_validation, markdown_comments
from transfer.language import detect_language
from transfer.page_metadata import language_code
from transfer.records import (
    ArticleRecord,
    AuthorRecord,
    ParseError,
    TopicRef,
    clean_text,
    fit,
    identity_key,
    one_line,
    parse_date,
    summary_from,
)
from transfer.text_blocks import first_paragraph

# Credentials a byline may carry after the name: "Jane Roe, Ph.D." or "Jane Roe PhD, LCSW".
_NAME_AND_CREDENTIALS = re.compile(r"^(?P<name>[^,]+?),\s*(?P<credentials>.+)$")


def read(meta: dict[str, Any], content: str) -> ArticleRecord:
    frontmatter_validation.validate(meta)
    warnings: list[str] = []
    seo = meta.get("seo") if isinstance(meta.get("seo"), dict) else {}
    title = one_line(meta.get("title") or meta.get("article_title"))
    if not title:
        raise ParseError("the front matter has no title")
    title = fit(title, "title", warnings, what="The title")
    question = clean_text(meta.get("question")).strip()
    answer = _unescape(clean_text(meta.get("answer")))
    body = answer if answer.strip() else clean_text(content)
    body, comments = markdown_comments.split(body)
    body = "" if body.strip() in {"", "&nbsp;"} else body.strip()
    description = one_line(
        seo.get("page_description") or meta.get("description") or meta.get("summary")
    )
    summary = summary_from(description or first_paragraph(body) or title, warnings)
    authors = [author_from_byline(name) for name in _names(meta.get("author"))]
    url = one_line(meta.get("url") or meta.get("permalink"))
    source_id = one_line(meta.get("id"))
    published = parse_date(meta.get("date"))  # validated: a date that is there parses
    language = language_code(
        one_line(meta.get("lang") or meta.get("language") or meta.get("locale"))
    ) or detect_language(body)
    subject = one_line(meta.get("subject") or meta.get("topic") or meta.get("category"))
    fields: dict[str, Any] = {
        "title": title,
        "kind": Article.Kind.QA if question else Article.Kind.BASIC,
        "summary": summary,
        "question": fit(question, "question", warnings, what="The question"),
        "body": body,
        "published_at": published,
        "content_updated_at": parse_date(meta.get("updated") or meta.get("last_modified")),
    }
    if language:
        fields["language"] = language
    return ArticleRecord(
        source_key=_source_key(url, source_id) or identity_key(title, authors),
        source_url=url,
        fields=fields,
        primary_topic=TopicRef(name=fit(subject, "topic_name", warnings, what="The topic"))
        if subject
        else None,
        tags=keywords(seo.get("page_keywords") or meta.get("keywords") or meta.get("tags")),
        authors=authors,
        comments=comments,
        warnings=warnings,
    )


def _source_key(url: str, source_id: str) -> str:
    if url:
        return "url:" + url[:250]
    return "id:" + source_id[:250] if source_id else ""


def _unescape(text: str) -> str:
    """Literal ``\\n`` in a YAML folded scalar are the page's paragraph breaks."""
    return text.replace("\\r\\n", "\n").replace("\\n", "\n").replace("\\t", "    ")


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [n for n in (one_line(v) for v in value) if n]
    return [n for n in (one_line(p) for p in re.split(r"\s+(?:&|and)\s+", one_line(value))) if n]


def author_from_byline(text: str) -> AuthorRecord:
    """“Harry Mills, Ph.D.” → name and credentials."""
    text = one_line(text)
    match = _NAME_AND_CREDENTIALS.match(text)
    name, credentials = (match["name"], match["credentials"]) if match else (text, "")
    warnings: list[str] = []
    return AuthorRecord(
        name=fit(name.strip(), "author_name", warnings, what="An author's name"),
        credentials=fit(credentials.strip(), "credentials", warnings, what="Credentials"),
    )


def keywords(value: Any) -> list[str]:
    """Keywords from a comma-separated string or a list; duplicates (any case) dropped."""
    items = value if isinstance(value, list) else one_line(value).split(",")
    seen: dict[str, str] = {}
    for item in items:
        word = one_line(item)[:100].strip()
        if word and word.casefold() not in seen:
            seen[word.casefold()] = word
    return list(seen.values())
