"""Reader comments on a captured HTML page: found, read as comments, and cut out of the page.

Whatever a reader wrote must never become the site's own words, so ``take`` removes every
comment — and every comment section, form and thread wrapper — from the tree *before* the
article text is extracted, and returns them as ``CommentRecord`` rows for the moderation queue.

What counts as a comment (common publishing systems, and markup that says so outright):
- schema.org ``Comment`` (``itemtype`` or ``itemprop="comment"``), JSON-LD ``comment``;
- WordPress: ``li.comment``/``article.comment-body``, ``id="comment-123"`` / ``div-comment-…``,
  including themes that prefix their classes (``epoch-single-comment``);
- Blogger: ``.comment-block`` in ``li.comment``, or the older ``dt.comment-author`` +
  ``dd.comment-body`` pairs; Disqus captures: ``li.post`` inside ``#disqus_thread``;
- generic markup: an element whose class is ``comment``, ``reply`` or ends in ``-comment``.

Threads: a comment inside another comment's thread wrapper (``ol.children`` of WordPress,
nested ``li``), or whose ``data-parentid`` names another comment, is stored as its reply.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from lxml import html as lxml_html

from transfer.page_metadata import parse_page_date
from transfer.records import CommentRecord, fit, one_line

COMMENT_TOKEN = re.compile(
    r"^(?:comment|comments-item|comment-item|single-comment|reader-comment|user-comment"
    r"|comment-block|reply|js_reply|media-comment|[a-z]+-single-comment|[a-z]+_comment)$",
    re.I,
)
NOT_COMMENT_PREFIX = re.compile(
    r"^(?:add|post|leave|new|no|view|show|load|more|count|has|open)[-_]", re.I
)
COMMENT_ID = re.compile(r"^(?:div-)?comment-?\d+$|^c\d{6,}$|^reply_\d+$", re.I)
# Whole sections that hold comments, the comment form or its policy: removed from the article.
# Whole sections that hold comments, the comment form or its policy: removed from the article.
SECTION_TOKEN = re.compile(
    r"^(?:[a-z]+[-_])?(?:comments|commentlist|comment-list|comments-list|comments-area"
    r"|comments-section|comment-section|comment-respond|respond|discussion|disqus_thread"
    r"|responses|replies|reply-list|commentform|comment-form|comment-thread|comments-container"
    r"|comments-wrapper|comment-policy)$",
    re.I,
)
PART = {
    "title": re.compile(r"(?:^|[\s_-])(?:comment-title|title|subject)(?:$|[\s_-])", re.I),
    "name": re.compile(
        r"(?:^|[\s_-])(?:fn|author|author-name|author-link|authorname|username|user|name|nick"
        r"|commenter|publisher-anchor-color)(?:$|[\s_-])",
        re.I,
    ),
    "date": re.compile(
        r"(?:^|[\s_-])(?:date|time|datetime|timestamp|published|publish-time|time-ago|"
        r"comment-date|comment-time|metadata|post-meta)(?:$|[\s_-])",
        re.I,
    ),
    "body": re.compile(
        r"(?:^|[\s_-])(?:content|body|text|message|post-message|comment-content|comment-text"
        r"|comment-body|reply-content|entry)(?:$|[\s_-])",
        re.I,
    ),
}
ACTIONS = re.compile(
    r"(?:^|[\s_-])(?:reply|actions|tools|report|flag|like|vote|share|edit|permalink|avatar"
    r"|moderation|hide)(?:$|[\s_-])",
    re.I,
)
ACTION_WORDS = re.compile(
    r"^(?:reply|report|flag|like|share|permalink|edit|log in to reply|\d+ (?:likes?|replies))$",
    re.I,
)
SAID = re.compile(r"\s+(?:said|says|wrote)\s*(?:\.\.\.|…|:)?\s*$", re.I)


def take(tree: lxml_html.HtmlElement) -> list[CommentRecord]:
    """The page's reader comments, in page order; they and their sections leave ``tree``."""
    warnings: list[str] = []
    units = _units(tree)
    records: list[CommentRecord] = []
    index_of: dict[int, int] = {}
    ids: dict[str, int] = {}
    for unit in units:
        record = _read(unit, warnings)
        if record is None:
            continue
        index_of[id(unit)] = len(records)
        for key in (unit.get("data-id"), unit.get("id"), unit.get("data-comment-id")):
            if key:
                ids[key] = len(records)
        records.append(record)
    unit_ids = {id(u) for u in units}
    for unit in units:
        if id(unit) not in index_of:
            continue
        record = records[index_of[id(unit)]]
        parent = unit.get("data-parentid")
        if parent and parent in ids and ids[parent] < index_of[id(unit)]:
            record.reply_to = ids[parent]
            continue
        owner = _thread_parent(unit, unit_ids)
        if owner is not None and id(owner) in index_of and index_of[id(owner)] < index_of[id(unit)]:
            record.reply_to = index_of[id(owner)]
    records.extend(_blogger_pairs(tree, warnings))
    _remove_sections(tree, units)
    return records


# --- finding comments -------------------------------------------------------------------------


def _is_candidate(element: lxml_html.HtmlElement) -> bool:
    if not isinstance(element.tag, str) or element.tag in INLINE_TAGS:
        return False
    itemtype = (element.get("itemtype") or "").rstrip("/")
    if itemtype.endswith(("schema.org/Comment", "schema.org/Answer")):
        return True
    if element.get("itemprop") == "comment" or COMMENT_ID.match(element.get("id") or ""):
        return True
    tokens = (element.get("class") or "").split()
    if any(COMMENT_TOKEN.match(t) and not NOT_COMMENT_PREFIX.match(t) for t in tokens):
        return True
    return (
        element.tag == "li" and "post" in tokens
        and bool(element.xpath("ancestor::*[@id='disqus_thread' or @id='posts']"))
    )  # fmt: skip


INLINE_TAGS = frozenset(
    {"a", "span", "time", "img", "p", "form", "textarea", "button", "em", "strong", "cite", "b",
     "i", "small", "label", "input", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"}
)  # fmt: skip


def _units(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The innermost elements that each hold one comment (not a whole thread)."""
    candidates = [e for e in tree.iter() if isinstance(e.tag, str) and _is_candidate(e)]
    candidate_ids = {id(e) for e in candidates}
    units = []
    for element in candidates:
        inner = [d for d in element.iterdescendants() if id(d) in candidate_ids]
        if not inner:
            units.append(element)
            continue
        # A wrapper (WordPress ``li.comment`` around ``article.comment-body`` and the replies'
        # ``ol.children``) has no text of its own outside the comments it holds.
        own = [w for w in _text_outside(element, inner).split() if not ACTION_WORDS.match(w)]
        if own:
            units.append(element)
    # A unit inside another unit is a reply when it names its writer or date, else a part.
    unit_ids = {id(u) for u in units}
    return [
        u
        for u in units
        if not any(id(a) in unit_ids for a in u.iterancestors()) or _has_name_or_date(u)
    ]


def _has_name_or_date(element: lxml_html.HtmlElement) -> bool:
    return bool(element.xpath(".//time | .//*[@class]")) and any(
        PART["name"].search(e.get("class", "")) or PART["date"].search(e.get("class", ""))
        for e in element.xpath(".//*[@class] | .//time")[:50]
    )


def _text_outside(element: lxml_html.HtmlElement, inner: list[lxml_html.HtmlElement]) -> str:
    inner_ids = {id(e) for e in inner}
    parts: list[str] = []

    def walk(node: lxml_html.HtmlElement) -> None:
        if id(node) in inner_ids:
            return
        if node.text and isinstance(node.tag, str):
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return one_line(" ".join(parts))


def _thread_parent(unit: lxml_html.HtmlElement, unit_ids: set[int]) -> lxml_html.HtmlElement | None:
    """The comment this one replies to: the first comment of the nearest thread around it."""
    own_wrapper_passed = False
    for ancestor in unit.iterancestors():
        if not _is_candidate(ancestor):
            continue
        first = next((d for d in ancestor.iterdescendants() if id(d) in unit_ids), None)
        if id(ancestor) in unit_ids:
            return ancestor
        if first is unit and not own_wrapper_passed:
            own_wrapper_passed = True
            continue
        if first is not None and first is not unit:
            return first
    return None


# --- reading one comment ------------------------------------------------------------------------


def _read(unit: lxml_html.HtmlElement, warnings: list[str]) -> CommentRecord | None:
    unit = _copy_without_nested(unit)
    name = ""
    name_element: lxml_html.HtmlElement | None = None
    title = ""
    created: datetime | None = None
    for element in unit.iter():
        if not isinstance(element.tag, str):
            continue
        classes = f"{element.get('class', '')} {element.get('itemprop', '')}"
        # The innermost element that says “author” holds the name alone (not its avatar/date).
        inside = name_element is None or name_element in element.iterancestors()
        is_name = PART["name"].search(classes) or element.tag == "cite"
        if inside and is_name and not PART["body"].search(classes):
            inner = element.xpath(".//*[@itemprop='name']")
            text = one_line((inner[0] if inner else element).text_content())
            if text and len(text) <= 120 and not ACTION_WORDS.match(text):
                name, name_element = SAID.sub("", text), element
        if created is None and (element.tag == "time" or PART["date"].search(classes)):
            for value in (
                element.get("datetime"),
                element.get("content"),
                element.get("title"),
                element.get("data-publishtime"),
                element.get("data-timestamp"),
            ):
                created = parse_page_date(value, language="en")
                if created is not None:
                    break
            if created is None and len(element.text_content()) < 100:
                created = parse_page_date(element.text_content(), language="en")
        heading = element.tag in {"h2", "h3", "h4", "h5", "h6"} and not _in_text(element, unit)
        if not title and (heading or PART["title"].search(element.get("class", ""))):
            title = one_line(element.text_content())
    body_element = next(
        (e for e in unit.iter() if isinstance(e.tag, str) and e is not unit
         and (e.get("itemprop") == "text" or PART["body"].search(e.get("class", "")))
         and not PART["name"].search(e.get("class", "")) and len(one_line(e.text_content())) > 0
         and not _is_meta(e)),
        None,
    )  # fmt: skip
    body = _paragraphs(
        body_element if body_element is not None else _without_meta(unit, name, title)
    )
    name = name or one_line(unit.get("data-authorname"))
    if not body:
        return None
    return CommentRecord(
        body=fit(body, "comment_body", warnings, what="A comment"),
        title=fit(title, "comment_title", warnings, what="A comment title"),
        name=fit(name, "comment_name", warnings, what="A commenter's name"),
        created_at=created,
    )


def _in_text(element: lxml_html.HtmlElement, unit: lxml_html.HtmlElement) -> bool:
    """Inside the comment's text (a heading a reader quoted is not the comment's title)."""
    for ancestor in element.iterancestors():
        if ancestor is unit:
            return False
        if PART["body"].search(ancestor.get("class", "")) or ancestor.get("itemprop") == "text":
            return True
    return False


def _is_meta(element: lxml_html.HtmlElement) -> bool:
    return bool(PART["date"].search(element.get("class", ""))) and not element.xpath(".//p")


def _copy_without_nested(unit: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The unit without the replies nested in it and without buttons and report links."""
    copy = lxml_html.fromstring(lxml_html.tostring(unit, encoding="unicode"))
    for element in list(copy.iterdescendants()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        classes = element.get("class", "")
        nested = _is_candidate(element)
        action = bool(ACTIONS.search(classes)) and not any(
            PART[part].search(classes) for part in ("body", "name", "date")
        )
        if (
            nested
            or action
            or element.tag in {"script", "style", "form", "button", "noscript", "svg"}
        ):
            element.drop_tree()
    return copy


def _without_meta(unit: lxml_html.HtmlElement, name: str, title: str) -> lxml_html.HtmlElement:
    for element in list(unit.iterdescendants()):
        if element.getparent() is None or not isinstance(element.tag, str):
            continue
        classes = f"{element.get('class', '')} {element.get('itemprop', '')}"
        if (
            element.tag in {"time", "cite", "header", "footer", "h2", "h3", "h4", "h5", "h6"}
            or PART["name"].search(classes)
            or PART["date"].search(classes)
            or PART["title"].search(classes)
        ):
            element.drop_tree()
    return unit


def _paragraphs(element: lxml_html.HtmlElement) -> str:
    """Text with paragraph breaks where the markup has blocks or line breaks."""
    for br in element.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in element.iter("p", "div", "li", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
        if block.text is not None or len(block):
            block.text = "\n\n" + (block.text or "")
    text = element.text_content()
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    lines = [p for p in paragraphs if p and not ACTION_WORDS.match(p)]
    return "\n\n".join(lines).strip()


def _blogger_pairs(tree: lxml_html.HtmlElement, warnings: list[str]) -> list[CommentRecord]:
    """Old Blogger templates: ``dt.comment-author``, then ``dd.comment-body``."""
    records = []
    for dt in tree.xpath("//dt[contains(@class, 'comment-author')]"):
        body = dt.getnext()
        if body is None or body.tag != "dd":
            continue
        footer = body.getnext()
        name = SAID.sub("", one_line(dt.text_content()))
        date_text = (
            one_line(footer.text_content()) if footer is not None and footer.tag == "dd" else ""
        )
        text = _paragraphs(lxml_html.fromstring(lxml_html.tostring(body, encoding="unicode")))
        for element in (dt, body, *([footer] if footer is not None and footer.tag == "dd" else [])):
            element.drop_tree()
        if text:
            records.append(CommentRecord(
                body=fit(text, "comment_body", warnings, what="A comment"),
                name=fit(name, "comment_name", warnings, what="A commenter's name"),
                created_at=parse_page_date(date_text, language="en"),
            ))  # fmt: skip
    return records


def from_json_ld(items: list[dict[str, Any]]) -> list[CommentRecord]:
    """schema.org ``Comment`` objects of the article's JSON-LD (when the markup shows none)."""
    warnings: list[str] = []
    records = []
    for item in items[:1000]:
        text = item.get("text") or item.get("description")
        if not isinstance(text, str) or not text.strip():
            continue
        author = item.get("author")
        name = (
            author.get("name")
            if isinstance(author, dict)
            else author
            if isinstance(author, str)
            else ""
        )
        records.append(CommentRecord(
            body=fit(text.strip(), "comment_body", warnings, what="A comment"),
            name=fit(one_line(name), "comment_name", warnings, what="A commenter's name"),
            created_at=parse_page_date(item.get("dateCreated") or item.get("datePublished")),
        ))  # fmt: skip
    return records


def _remove_sections(tree: lxml_html.HtmlElement, units: list[lxml_html.HtmlElement]) -> None:
    """Every comment, thread and comment section (with its form) leaves the page."""
    doomed: list[lxml_html.HtmlElement] = []
    for unit in units:
        top = unit
        for ancestor in unit.iterancestors():
            if ancestor.tag in {"body", "html", "main", "article"} and not _is_candidate(ancestor):
                break
            if _is_candidate(ancestor) or _is_section(ancestor):
                top = ancestor
        doomed.append(top)
    whole = len(one_line(tree.text_content())) or 1
    for element in tree.iter():
        # A section is never most of the page nor holds its headline: guards against a page
        # wrapper whose class merely mentions comments.
        if (
            isinstance(element.tag, str)
            and _is_section(element)
            and len(one_line(element.text_content())) < whole / 2
            and not element.xpath(".//h1")
        ):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _is_section(element: lxml_html.HtmlElement) -> bool:
    if element.tag in {"body", "html", "main", "article"}:
        return False
    if element.tag == "form":
        return "comment" in (element.get("id", "") + element.get("class", "")).lower()
    tokens = [element.get("id", ""), *element.get("class", "").split()]
    return any(SECTION_TOKEN.match(t) and not NOT_COMMENT_PREFIX.match(t) for t in tokens if t)
