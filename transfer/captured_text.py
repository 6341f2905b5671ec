"""The plain text a page capture leaves: one line per heading, paragraph or list item.

How the parts of the page are found:
- the **byline** is a line of names with credentials followed by “Updated:”/“Published:” and a
  date (“Jane Roe, Ph.D. & John Doe, Ph.D. Updated: Apr 4th 2016”); the **title** is the line
  above it, or the first line of the page when there is no byline;
- the **topic** is the line above the topic page's section navigation (a line that runs
  together two or more of Kith's section names, e.g. “Basic InformationMore Information…”);
  **related topics** are the short lines under a “Related Topics” heading;
- the **pull quote** is a line wholly in quotation marks before the first paragraph;
- the **article** runs from the byline (or title) to “Reader Comments”, “About the Author”, a
  disclaimer or a list of other articles; furniture lines and adverts inside it are dropped;
- each **reader comment** starts with a “Title - Name - Date” line (the name may be blank);
- an **About the Author** block is the bio of the author it names (“Jane Roe is a …”).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from articles.models import Article
from transfer.frontmatter_pages import author_from_byline
from transfer.records import (
    DATE_TEXT,
    ArticleRecord,
    AuthorRecord,
    CommentRecord,
    ParseError,
    TopicRef,
    fit,
    identity_key,
    one_line,
    parse_date,
    summary_from,
)
from transfer.text_blocks import (
    drop_adverts,
    ends_article,
    first_paragraph,
    is_furniture,
    normalise,
    to_markdown,
)

BYLINE = re.compile(
    rf"^(?:by\s+)?(?P<names>.*?)\s*(?:(?:last\s+)?updated|published|posted|reviewed)(?:\s+on)?"
    rf"\s*:?\s*(?P<date>{DATE_TEXT})\s*$",
    re.IGNORECASE,
)
COMMENT_HEADER = re.compile(rf"^(?P<title>.*?) - (?P<name>.*?)\s*-\s+(?P<date>{DATE_TEXT})\s*$")
COMMENTS_HEADING = re.compile(
    r"^(?:reader |user )?(?:comments|responses|discussion)(?:\s*\(\d+\))?:?$", re.IGNORECASE
)
ABOUT_HEADING = re.compile(r"^about (?:the|this) authors?:?$", re.IGNORECASE)
RELATED_TOPICS_HEADING = re.compile(r"^related topics:?$", re.IGNORECASE)
ABOUT_NAME = re.compile(
    r"^(?P<name>(?:[A-Z][\w'’.-]+\s){1,4}?)(?:is|was)\s+an?\s+(?:(?:qualified|registered|licensed"
    r"|certified|clinical|practising|practicing|senior)\s+)*(?P<role>[A-Za-z][\w-]+(?:\s[A-Z][\w-]+)?)"
)
QUOTED = re.compile(r"^[\"“”„«❝❛‘]+\s*(?P<text>.+?)\s*[\"”“»❞❜’]+$")
SECTION_NAMES = [label for _value, label in Article.Kind.choices]


@dataclass
class PageHints:
    """What a captured HTML page states in its markup, preferred to guessing from the text."""

    title: str = ""
    source_url: str = ""
    summary: str = ""
    keywords: list[str] = field(default_factory=list)
    authors: list[AuthorRecord] = field(default_factory=list)
    updated: str = ""
    topic: str = ""
    comments: list[CommentRecord] | None = None


def read(text: str, hints: PageHints | None = None) -> ArticleRecord:
    hints = hints or PageHints()
    warnings: list[str] = []
    lines = [normalise(line) for line in text.splitlines()]
    comments_at = _find(lines, COMMENTS_HEADING)
    about_at = _find(lines, ABOUT_HEADING)
    byline_at = next(
        (i for i, line in enumerate(lines[: _first(comments_at, about_at, len(lines))])
         if len(line) < 400 and BYLINE.match(line.strip())),
        None,
    )  # fmt: skip
    title_at = _title_index(lines, byline_at, hints.title)
    title = one_line(hints.title) or (one_line(lines[title_at]) if title_at is not None else "")
    title = re.sub(r"^#{1,6}\s+", "", title)  # a Markdown heading's marks are not the title
    if not title:
        raise ParseError("no title found: the page has no heading or title line")
    title = fit(title, "title", warnings, what="The title")

    authors, updated = list(hints.authors), parse_date(hints.updated)
    if byline_at is not None:
        match = BYLINE.match(lines[byline_at].strip())
        authors = authors or [author_from_byline(n) for n in _split_names(match["names"])]
        updated = updated or parse_date(match["date"])

    header = lines[:title_at] if title_at is not None else []
    topic_name = hints.topic or _topic(header)
    related_topics = _related_topics(header)

    start = (byline_at if byline_at is not None else title_at or 0) + 1
    end = _first(comments_at, about_at, len(lines))
    body_lines = _article_lines(lines[start:end])
    pull_quote = ""
    for index, line in enumerate(body_lines[:5]):
        quoted = QUOTED.match(line.strip()) if len(line) <= 600 else None
        if quoted:
            pull_quote = fit(one_line(quoted["text"]), "pull_quote", warnings, what="Pull quote")
            del body_lines[index]
            break
    body = to_markdown(drop_adverts(body_lines))
    if not body:
        raise ParseError("no article text found under the title")

    if about_at is not None:
        about = _about(lines[about_at + 1 : _after(comments_at, about_at, len(lines))])
        if about is not None:
            if not authors:
                authors = [about]
            elif not authors[0].bio and about.name.casefold() == authors[0].name.casefold():
                authors[0].bio = about.bio

    comments = hints.comments
    if comments is None:
        comments = _comments(lines[comments_at + 1 :], warnings) if comments_at is not None else []
    fields = {
        "title": title,
        "kind": Article.Kind.BASIC,
        "summary": summary_from(hints.summary or first_paragraph(body), warnings),
        "body": body,
        "pull_quote": pull_quote,
        "published_at": updated,
        "content_updated_at": updated,
    }
    return ArticleRecord(
        source_key=("url:" + hints.source_url[:250])
        if hints.source_url
        else identity_key(title, authors),
        source_url=hints.source_url,
        fields=fields,
        primary_topic=TopicRef(name=topic_name[:100]) if topic_name else None,
        related_topics=[TopicRef(name=name[:100]) for name in related_topics],
        tags=list(hints.keywords),
        authors=authors,
        comments=comments,
        warnings=warnings,
    )


def _find(lines: list[str], pattern: re.Pattern[str]) -> int | None:
    # Section headings are short; a long line is never one (and costs the regex nothing).
    return next(
        (i for i, line in enumerate(lines) if len(line) <= 200 and pattern.match(line.strip())),
        None,
    )


def _first(*indexes: int | None) -> int:
    return min(i for i in indexes if i is not None)


def _after(comments_at: int | None, about_at: int, default: int) -> int:
    return comments_at if comments_at is not None and comments_at > about_at else default


def _title_index(lines: list[str], byline_at: int | None, known: str) -> int | None:
    if known:
        wanted = one_line(known).casefold()
        matches = (i for i, line in enumerate(lines) if one_line(line).casefold() == wanted)
        found = next(matches, None)
        if found is not None:
            return found
    if byline_at is not None:
        above = [i for i in range(byline_at) if lines[i].strip()]
        if above:
            return above[-1]
    content = (i for i, line in enumerate(lines) if line.strip() and not is_furniture(line))
    return next(content, None)


def _split_names(names: str) -> list[str]:
    return [n for n in (one_line(p) for p in re.split(r"\s+(?:&|and)\s+|;\s*", names)) if n]


def _is_section_navigation(line: str) -> bool:
    return sum(1 for name in SECTION_NAMES if name.casefold() in line.casefold()) >= 2


def _topic(header: list[str]) -> str:
    for index, line in enumerate(header):
        if _is_section_navigation(line):
            above = [one_line(h) for h in header[:index] if h.strip()]
            return above[-1] if above else ""
    return ""


def _related_topics(header: list[str]) -> list[str]:
    start = _find(header, RELATED_TOPICS_HEADING)
    if start is None:
        return []
    names: list[str] = []
    for line in header[start + 1 :]:
        text = one_line(line)
        if not text:
            if names:
                break
            continue
        if len(text) > 60 or is_furniture(text) or text.endswith("."):
            break
        names.append(text)
    return names


def _article_lines(lines: list[str]) -> list[str]:
    """The article's own lines: up to a disclaimer or a list of other articles."""
    kept: list[str] = []
    for line in lines:
        if line.strip() and ends_article(line.strip()):
            break
        kept.append(line)
    return kept


def _about(lines: list[str]) -> AuthorRecord | None:
    paragraphs = [one_line(line) for line in lines if line.strip() and not is_furniture(line)]
    if not paragraphs:
        return None
    for paragraph in paragraphs:
        match = ABOUT_NAME.match(paragraph.lstrip('"“”„«❝❛‘ '))
        if match:
            bio = "\n\n".join(paragraphs)
            return AuthorRecord(
                name=match["name"].strip()[:120], credentials=match["role"][:120], bio=bio
            )
    return None


def comments_from_lines(lines: list[str], warnings: list[str]) -> list[CommentRecord]:
    """Reader comments as “Title - Name - Date” lines each followed by the comment's text."""
    return _comments([normalise(line) for line in lines], warnings)


def _comments(lines: list[str], warnings: list[str]) -> list[CommentRecord]:
    comments: list[CommentRecord] = []
    body: list[str] = []

    def finish() -> None:
        if comments and body:
            comments[-1].body = fit(
                "\n\n".join(body).strip(), "comment_body", warnings, what="A comment"
            )
        body.clear()

    for line in lines:
        text = line.strip()
        header = COMMENT_HEADER.match(text) if len(text) <= 300 else None
        if header:
            finish()
            comments.append(
                CommentRecord(
                    body="",
                    title=fit(one_line(header["title"]), "comment_title", warnings,
                              what="A comment title"),
                    name=fit(one_line(header["name"]), "comment_name", warnings,
                             what="A commenter's name"),
                    created_at=parse_date(header["date"]),
                )
            )  # fmt: skip
        elif text and is_furniture(text):
            if comments:
                finish()
                break
        elif text and comments:
            body.append(" ".join(text.split()))
    finish()
    return [comment for comment in comments if comment.body]
