"""Captured article pages as HTML: markup → the lines ``captured_text`` reads, plus hints.

What the markup says outright is taken from it — the title (``<h1>``, ``og:title`` or
``<title>``), canonical address, description, keywords, author and modified date, and reader
comments marked with a ``comment`` class — and the rest goes through the same rules as a
plain-text capture. Scripts, styles, navigation, forms, footers, asides and elements whose
class names say share/social/advert/teaser are dropped before any text is read, so nothing of
the page's markup reaches the article: the body is rebuilt as Markdown and rendered by
``kith.markup`` like any other.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

from transfer import captured_text
from transfer.frontmatter_pages import author_from_byline, keywords
from transfer.records import (
    ArticleRecord,
    CommentRecord,
    ParseError,
    fit,
    one_line,
    parse_date,
)

SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "svg", "math", "nav", "footer", "aside", "form",
     "iframe", "object", "embed", "button", "select", "textarea", "head", "title"}
)  # fmt: skip
SKIPPED_CLASSES = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|advert|advertisement|ads?|sponsor(?:ed)?|promo|teaser"
    r"|related-(?:articles|posts)|breadcrumbs?|badge|cookie|newsletter|sidebar|menu|navbar"
    r"|hidden|sr-only|visually-hidden)(?:$|[\s_-])",
    re.IGNORECASE,
)
BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
     "ul", "ol", "li", "blockquote", "br", "tr", "table", "figure", "figcaption", "dl", "dt", "dd",
     "hr", "pre", "address", "time"}
)  # fmt: skip
VOID_TAGS = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "source", "area", "col"})
COMMENT_CLASS = re.compile(r"(?:^|\s)(?:comment|reader-comment|comment-item)(?:\s|$)", re.I)
COMMENT_PARTS = {
    "title": re.compile(r"(?:^|\s)(?:comment-title|title)(?:\s|$)", re.I),
    "name": re.compile(r"(?:^|\s)(?:comment-author|author|name|fn)(?:\s|$)", re.I),
    "date": re.compile(r"(?:^|\s)(?:comment-date|date|published)(?:\s|$)", re.I),
}


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.meta: dict[str, str] = {}
        self.head_title = ""
        self.h1 = ""
        self.canonical = ""
        self.time_datetime = ""
        self.comments: list[CommentRecord] = []
        # (tag, skipped, comment part); counters keep each tag O(1) however deep the page nests.
        self._stack: list[tuple[str, bool, str]] = []
        self._open: Counter[str] = Counter()
        self._skip_depth = 0
        self._in_title = self._in_h1 = False
        self._comment_depth: int | None = None
        self._part = ""
        self._comment: dict[str, list[str]] = {}

    # --- structure ---
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("name") or values.get("property") or "").lower()
            if key and key not in self.meta:
                self.meta[key] = values.get("content", "")
            return
        if tag == "link" and "canonical" in values.get("rel", "").lower():
            self.canonical = values.get("href", "")
            return
        if tag == "title":
            self._in_title = True
        if tag in VOID_TAGS:
            if tag in BLOCK_TAGS:
                self._break()
            return
        classes = f"{values.get('class', '')} {values.get('id', '')}"
        skipped = self._skipping() or tag in SKIPPED_TAGS or bool(SKIPPED_CLASSES.search(classes))
        part = ""
        if self._comment_depth is None and COMMENT_CLASS.search(values.get("class", "")):
            self._comment_depth = len(self._stack)
            self._comment = {"title": [], "name": [], "date": [], "body": []}
        elif self._comment_depth is not None:
            inherited = self._stack[-1][2] if len(self._stack) > self._comment_depth else ""
            part = self._comment_part(tag, values) or inherited
        if tag == "time" and values.get("datetime"):
            if self._comment_depth is not None:
                self._comment["date"] = [values["datetime"]]
                part = "ignore"
            elif not self.time_datetime:
                self.time_datetime = values["datetime"]
        self._stack.append((tag, skipped, part))
        self._open[tag] += 1
        self._skip_depth += skipped
        if tag == "h1" and not self.h1 and not skipped:
            self._in_h1 = True
        if tag in BLOCK_TAGS:
            self._break(tag)
        if tag == "li" and not skipped and self._comment_depth is None:
            self.lines[-1] = "• "

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if not self._open[tag]:
            return  # a stray end tag: browsers ignore it, and so do we
        while self._stack:
            open_tag, skipped, _part = self._stack.pop()
            self._open[open_tag] -= 1
            self._skip_depth -= skipped
            if self._comment_depth is not None and len(self._stack) == self._comment_depth:
                self._finish_comment()
            if open_tag == "h1":
                self._in_h1 = False
            if open_tag == tag:
                break
        if tag in BLOCK_TAGS:
            self._break(tag)

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.head_title += data
            return
        if self._skipping():
            return
        if self._in_h1:
            self.h1 += data
        if self._comment_depth is not None:
            part = (self._stack[-1][2] if len(self._stack) > self._comment_depth else "") or "body"
            if part != "ignore":
                self._comment[part].append(data)
            return
        self.lines[-1] += data

    # --- helpers ---
    def _skipping(self) -> bool:
        return self._skip_depth > 0

    def _break(self, tag: str = "") -> None:
        if self._comment_depth is not None:
            if tag in {"p", "br", "div"}:
                self._comment["body"].append("\n\n")
            return
        if self.lines[-1].strip():
            self.lines.append("")
            if tag in {"p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "blockquote"}:
                self.lines.append("")

    @staticmethod
    def _comment_part(tag: str, values: dict[str, str]) -> str:
        classes = values.get("class", "")
        for part, pattern in COMMENT_PARTS.items():
            if pattern.search(classes):
                return part
        if tag in {"h2", "h3", "h4", "h5", "h6"}:
            return "title"
        return "name" if tag == "cite" else ""

    def _finish_comment(self) -> None:
        parts = self._comment
        self._comment_depth = None
        body = "\n\n".join(
            " ".join(p.split()) for p in "".join(parts["body"]).split("\n\n") if p.strip()
        )
        if body:
            warnings: list[str] = []
            self.comments.append(
                CommentRecord(
                    body=fit(body, "comment_body", warnings, what="A comment"),
                    title=fit(one_line("".join(parts["title"])), "comment_title", warnings,
                              what="A comment title"),
                    name=fit(one_line("".join(parts["name"])), "comment_name", warnings,
                             what="A commenter's name"),
                    created_at=parse_date(one_line("".join(parts["date"]))),
                )
            )  # fmt: skip


def read(html: str) -> ArticleRecord:
    parser = _PageParser()
    parser.feed(html)
    parser.close()
    meta = parser.meta
    title = (
        one_line(parser.h1)
        or one_line(meta.get("og:title"))
        or _site_suffix_removed(one_line(parser.head_title))
    )
    if not title:
        raise ParseError("no title found: the page has no <h1>, og:title or <title>")
    author = one_line(meta.get("author"))
    hints = captured_text.PageHints(
        title=title,
        source_url=one_line(parser.canonical or meta.get("og:url")),
        summary=one_line(meta.get("description") or meta.get("og:description")),
        keywords=keywords(meta.get("keywords", "")),
        authors=[author_from_byline(n) for n in re.split(r"\s+&\s+|\s+and\s+", author) if n]
        if author
        else [],
        updated=meta.get("article:modified_time") or parser.time_datetime,
        topic=one_line(meta.get("article:section")),
        comments=parser.comments or None,
    )
    return captured_text.read("\n".join(parser.lines), hints)


def _site_suffix_removed(title: str) -> str:
    """“Coping with worry | Example Site” → “Coping with worry”."""
    return re.split(r"\s+[|–—]\s+", title)[0] if title else ""
