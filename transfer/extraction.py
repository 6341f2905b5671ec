"""Captured HTML article pages, read the way a person reads them.

Each fact is taken from the most deliberate statement the page makes about it (see
``page_metadata``: JSON-LD, then meta tags, microdata and markup), then from the extraction
library (trafilatura, with htmldate for dates), and only then from Kith's own layout rules
(``captured_html``), which read the layouts Kith was first seeded from. Every value remembers
its source; the import report prints them, so an editor sees where a title or date came from.

Reader comments are cut out of the page (``page_comments``) *before* the article text is
extracted, and come back as comments for the moderation queue: nothing a reader wrote is ever
part of the article. The article text is Markdown; ``kith.markup`` renders and sanitises it
when the article is saved, as for every other article.

trafilatura is only given the page's text: it never fetches anything.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from articles.models import Article
from transfer import (
    captured_html,
    captured_text,
    markdown_comments,
    page_comments,
    page_metadata,
)
from transfer.frontmatter_pages import author_from_byline
from transfer.language import detect_language
from transfer.records import (
    ArticleRecord,
    ParseError,
    TopicRef,
    fit,
    identity_key,
    one_line,
    summary_from,
)
from transfer.text_blocks import first_paragraph

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

PULL_QUOTE_CLASS = re.compile(r"(?:^|[\s_-])(?:pull-?quote|pullquote)(?:$|[\s_-])", re.I)
DATELINE = re.compile(
    r"^(?:[A-Z][A-Za-z .,'-]{0,40}?\s*[,(]\s*)?(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})"
    r"\)?\s*(?:--|—|–|-)\s+"
)
MD_RELATIVE_LINK = re.compile(r"\[([^\]]*)\]\((?!https?://|mailto:)[^)]*\)")
READING_TIME = re.compile(r"^\d{1,3}\s*min(?:ute)?s?\s+read.{0,30}$", re.I)
MD_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.+?)\s*#*\s*$")


def read(html: str) -> ArticleRecord:
    tree = _parse(html)
    comments = page_comments.take(tree)  # first: nothing below may read a reader's words
    meta = page_metadata.read(tree)
    if not comments and meta.json_ld_comments:
        comments = page_comments.from_json_ld(meta.json_ld_comments)
    pull_quote = _take_pull_quote(tree)
    _drop_furniture(tree)
    library = _library(tree)
    warnings: list[str] = []
    found: dict[str, str] = {}

    body = _markdown_body(library.get("text") or "", comments)
    body, tail = _split_comment_section(body)
    if tail and not comments:
        # Comments written as text under a “Reader Comments” heading (Kith's seed layouts):
        # “Title - Name - Date” lines, or Markdown entries; never part of the article.
        comments = captured_text.comments_from_lines(tail, warnings) or markdown_comments.parse(
            tail
        )
    layout: ArticleRecord | None = None

    def kith_rules() -> ArticleRecord | None:
        nonlocal layout
        if layout is None:
            try:
                layout = captured_html.read(html)
            except (ParseError, AssertionError, ValueError):
                layout = ArticleRecord(source_key="", fields={})
        return layout if layout.source_key else None

    title, source = _title(meta, library)
    if not title and kith_rules():
        title, source = layout.fields.get("title", ""), "kith-layout"
    if not title:
        raise ParseError("no title found: the page has no headline, og:title, <h1> or <title>")
    found["title"] = source
    title = _without_site_name(title, meta)
    body = _without_leading_title(body, title)

    dateline = next(filter(None, (DATELINE.match(line) for line in _first_text_lines(body))), None)
    published = meta.published.value if meta.published else None
    found["date"] = meta.published.source if meta.published else ""
    if published is None and dateline:
        published, found["date"] = page_metadata.parse_page_date(dateline["date"]), "markup"
    if published is None and library.get("date"):
        published, found["date"] = page_metadata.parse_page_date(library["date"]), "trafilatura"
    modified = meta.modified.value if meta.modified else None
    if published is None and modified is not None:
        published, found["date"] = modified, meta.modified.source
    if published is None and kith_rules() and layout.fields.get("published_at"):
        published, found["date"] = layout.fields["published_at"], "kith-layout"
        modified = modified or layout.fields.get("content_updated_at")

    names = meta.authors.value if meta.authors else []
    found["authors"] = meta.authors.source if meta.authors else ""
    if not names and library.get("author"):
        names = _library_names(library["author"])
        found["authors"] = "trafilatura" if names else ""
    authors = [author_from_byline(n) for n in names if _plausible_name(n)]
    if not authors and kith_rules() and layout.authors:
        authors, found["authors"] = layout.authors, "kith-layout"
    if not authors:
        found["authors"] = ""
    # “Title - Author Name - Site” (Medium and others): the byline is not part of the title.
    for author in authors:
        title = re.sub(rf"\s+[|–—-]\s+{re.escape(author.name)}$", "", title)
    title = fit(title, "title", warnings, what="The title")
    body = _without_leading_title(body, title)

    if not body.strip() and kith_rules():
        body, found["body"] = layout.fields.get("body", ""), "kith-layout"
        pull_quote = pull_quote or layout.fields.get("pull_quote", "")
    else:
        found["body"] = "trafilatura"
    if not body.strip():
        raise ParseError("no article text found on the page")

    language = meta.language.value if meta.language else ""
    found["language"] = meta.language.source if meta.language else ""
    if not language and library.get("language"):
        language = page_metadata.language_code(library["language"])
        found["language"] = "trafilatura" if language else ""
    if not language:
        language = detect_language(body)
        found["language"] = "text" if language else ""
    found["comments"] = str(len(comments))

    site = meta.site_name.value if meta.site_name else one_line(library.get("sitename"))
    source_url = meta.url or one_line(library.get("url"))
    topic = meta.section
    fields: dict[str, Any] = {
        "title": title,
        "kind": Article.Kind.BASIC,
        "summary": summary_from(meta.description or first_paragraph(body), warnings),
        "body": body,
        "pull_quote": fit(pull_quote, "pull_quote", warnings, what="Pull quote"),
        "published_at": published,
        "content_updated_at": modified or published,
    }
    if language:
        fields["language"] = language
    record = ArticleRecord(
        source_key=("url:" + source_url[:250]) if source_url else identity_key(title, authors),
        source_url=source_url,
        fields=fields,
        primary_topic=TopicRef(name=topic[:100]) if topic else None,
        tags=list(meta.keywords or _library_tags(library)),
        authors=authors,
        comments=comments,
        warnings=warnings,
    )
    record.found = found
    record.site_name = site
    if published is None:
        record.missing.append("date")
    if not authors:
        record.missing.append("authors")
    return record


# --- steps ----------------------------------------------------------------------------------------


def _parse(html: str) -> lxml_html.HtmlElement:
    # lxml wants no XML declaration with an encoding on a str; it is only a hint.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", html)
    try:
        tree = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"the HTML cannot be read: {exc}") from None
    for element in tree.xpath(
        "//script[not(@type='application/ld+json')] | //style | //noscript | //template"
    ):
        element.drop_tree()
    return tree


def _library(tree: lxml_html.HtmlElement) -> dict[str, Any]:
    """trafilatura's reading of the page without its comments: text, title, author, date…"""
    from trafilatura import bare_extraction  # imported late: it is large and only used here

    cleaned = lxml_html.tostring(tree, encoding="unicode")
    document = bare_extraction(
        cleaned,
        include_comments=False,
        include_formatting=True,
        include_links=True,
        include_images=False,
        include_tables=True,
        deduplicate=False,
        with_metadata=True,
    )
    if document is None:
        return {}
    return document.as_dict() if hasattr(document, "as_dict") else dict(document)


def _title(meta: page_metadata.PageMetadata, library: dict[str, Any]) -> tuple[str, str]:
    if meta.title:
        return one_line(meta.title.value), meta.title.source
    if library.get("title"):
        return one_line(library["title"]), "trafilatura"
    return "", ""


def _without_site_name(title: str, meta: page_metadata.PageMetadata) -> str:
    """“Coping with worry | Example Site” → “Coping with worry”, when the page names its site."""
    site = one_line(meta.site_name.value).casefold() if meta.site_name else ""
    separators = list(page_metadata.SITE_SEPARATOR.finditer(title))
    if not site or not separators:
        return title
    last = separators[-1]
    tail = title[last.end() :].casefold()
    if tail == site or site.startswith(tail + ".") or tail.startswith(site):
        return title[: last.start()].strip()
    return title


def _take_pull_quote(tree: lxml_html.HtmlElement) -> str:
    for element in tree.xpath("//*[@class]"):
        if PULL_QUOTE_CLASS.search(element.get("class", "")):
            text = one_line(element.text_content()).strip('"“”„«»❝❞ ')
            element.drop_tree()
            return text
    return ""


def _markdown_body(text: str, comments: list) -> str:
    """The library's Markdown, tidied: no relative links, bold headings plain, no comment text."""
    comment_texts = {
        " ".join(c.body.split())[:200].casefold() for c in comments if len(c.body) > 30
    }
    lines: list[str] = []
    in_code = False
    for line in text.replace("\r", "").split("\n"):
        stripped = line.strip()
        heading = MD_HEADING.match(stripped)
        if in_code or stripped.startswith("```"):
            in_code = in_code != stripped.startswith("```")
        elif heading:
            inner = " ".join(re.sub(r"(?<!\\)[*_]{1,3}", " ", heading["text"]).split())
            line = f"{heading['marks']} {inner}" if inner else ""
        elif not re.match(r"^\s+(?:[-*+]|\d+[.)])\s", line):
            line = stripped  # the page's source indentation is not Markdown structure
        line = MD_RELATIVE_LINK.sub(r"\1", line)
        if READING_TIME.match(line.strip()):
            continue  # “4 min read” is the site's, not the author's
        folded = " ".join(line.split())[:200].casefold()
        if folded and any(
            folded.startswith(c[:80]) or c.startswith(folded[:80]) and len(folded) > 30
            for c in comment_texts
        ):
            continue  # a reader's words never stay in the article
        lines.append(line.rstrip())
    body = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", body).strip()


COMMENTS_START = re.compile(
    r"^(?:#{1,6}\s*)?(?:\d+\s+)?(?:reader |user |visitor )?(?:comments?|responses|replies)"
    r"(?:\s*\(\d+\))?\s*:?$",
    re.IGNORECASE,
)


def _split_comment_section(body: str) -> tuple[str, list[str]]:
    """The article above a “Comments” heading, and the lines below it (the readers')."""
    lines = body.split("\n")
    for index, line in enumerate(lines):
        if len(line) <= 60 and COMMENTS_START.match(line.strip()):
            return "\n".join(lines[:index]).rstrip(), lines[index + 1 :]
    return body, []


def _without_leading_title(body: str, title: str) -> str:
    """The headline is the article's title, not its first heading."""
    lines = body.split("\n")
    wanted = " ".join(title.split()).casefold()
    # Within the first lines: what comes before the headline is a teaser, not the article.
    for index, line in enumerate(lines[:12]):
        heading = MD_HEADING.match(line.strip())
        if heading and " ".join(heading["text"].split()).casefold() == wanted:
            return "\n".join(lines[index + 1 :]).strip()
    return body


def _first_text_lines(body: str) -> list[str]:
    lines = [line.strip() for line in body.split("\n") if line.strip()]
    return [line for line in lines if not line.startswith("#")][:3]


FURNITURE_PARTS = frozenset(
    {"sidebar", "rail", "widget", "related", "recommended", "recommendations", "trending",
     "popular", "newsletter", "promo", "share", "sharing", "social", "advert", "advertisement",
     "ad", "ads", "sponsor", "sponsored", "breadcrumb", "breadcrumbs", "cookie", "outbrain",
     "taboola", "subscribe", "signup", "toolbar", "fontsize", "font", "print", "email"}
)  # fmt: skip
BYLINE_PARTS = frozenset(
    {"byline", "author", "authors", "reviewed", "reviewedby", "reviewer", "dateline", "meta"}
)


def _drop_furniture(tree: lxml_html.HtmlElement) -> None:
    """Side rails, share bars, adverts and the byline block leave the page before extraction.

    Read from class and id names; a block is never dropped when it holds the headline or most
    of the page's text, so a page wrapper with an unlucky class name stays.
    """
    whole = len(one_line(tree.text_content())) or 1
    doomed = []
    for element in tree.iter(
        "div", "aside", "section", "ul", "p", "span", "nav", "footer", "header", "form"
    ):
        marker = f"{element.get('id', '')} {element.get('class', '')}".lower()
        parts = set(re.split(r"[\s_-]+", marker)) - {""}
        if element.tag in {"nav", "footer", "form"} and not element.xpath(".//h1"):
            doomed.append(element)
            continue
        if not parts:
            continue
        size = len(one_line(element.text_content()))
        furniture = parts & FURNITURE_PARTS or (
            "right" in parts
            and parts & {"rail", "col", "column", "side", "unified", "v2", "module"}
        )
        byline = (
            parts & BYLINE_PARTS
            and size < 200
            and not element.xpath(".//p[string-length(normalize-space()) > 200]")
        )
        if (furniture or byline) and size < whole * 0.4 and not element.xpath(".//h1"):
            doomed.append(element)
    for element in doomed:
        if element.getparent() is not None:
            element.drop_tree()


def _library_names(value: str) -> list[str]:
    """trafilatura joins names with “; ” and splits credentials off (“Jane Roe; MA”)."""
    parts = [p.strip() for p in one_line(value).split(";") if p.strip()]
    names: list[str] = []
    for part in parts:
        # “MA”, “Ph.D.”, “LCSW”: a credential, not a person — it belongs to the name before it.
        credential = re.fullmatch(r"[A-Z]{2,6}|(?:[A-Z][a-z]{0,2}\.){2,4}", part)
        if names and credential:
            names[-1] = f"{names[-1]}, {part}"
        else:
            names.append(part)
    return names


def _library_tags(library: dict[str, Any]) -> list[str]:
    tags: list[str] = []
    for item in library.get("tags") or []:
        tags.extend(t.strip() for t in str(item).split(",") if t.strip())
    return list(dict.fromkeys(t[:100] for t in tags))


def _plausible_name(name: str) -> bool:
    """A person's or organisation's name, not a hashtag, address or sentence."""
    name = one_line(name)
    return (
        0 < len(name) <= 120
        and not name.startswith(("#", "@", "http"))
        and len(name.split()) <= 10
        and not re.search(r"[.!?]\s+\w", name.split(",")[0])
    )
