"""The one place where untrusted text becomes HTML.

Editors write Markdown, readers write plain text, importers bring HTML from other sites. Each
goes through a function here, is cleaned against one narrow allowlist with bleach, and the
result is stored at write time; templates mark only that stored result as safe. A strict
Content-Security-Policy (see settings) is the second wall.

bleach 6.x is in maintenance only, so nothing outside this module may import it: replacing it
(with nh3, say) must be a change to this file alone.
"""

from __future__ import annotations

import math
import re
from functools import cache
from html import escape as html_escape
from html import unescape as html_unescape

import bleach
from bleach.html5lib_shim import Filter
from bleach.linkifier import Linker
from bleach.sanitizer import Cleaner
from markdown_it import MarkdownIt

ARTICLE_TAGS = frozenset(
    {
        "a", "abbr", "blockquote", "br", "code", "em", "h2", "h3", "h4", "h5", "h6", "hr",
        "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
        "thead", "tr", "ul",
    }
)  # fmt: skip
ARTICLE_ATTRIBUTES = {
    "a": ["href", "title"],
    "abbr": ["title"],
    "img": ["src", "alt", "title", "width", "height"],
    "ol": ["start"],
    "th": ["scope", "colspan", "rowspan"],
    "td": ["colspan", "rowspan"],
    # Only the anchors Kith gives headings ("On this page"), never an id that could clash
    # with the page's own (#main, #comments).
    "h2": lambda tag, name, value: name == "id" and HEADING_ID.fullmatch(value) is not None,
}
HEADING_ID = re.compile(r"h-[a-z0-9-]{1,80}")
COMMENT_TAGS = frozenset({"a", "br", "p"})
COMMENT_ATTRIBUTES = {"a": ["href", "rel"]}
PROTOCOLS = frozenset({"http", "https", "mailto", "tel", "sms"})
URL_ATTRIBUTES = frozenset({"href", "src"})

# Never allowed, whatever an allowlist above says: these are how sanitisers get bypassed.
FORBIDDEN_TAGS = frozenset({"svg", "math", "style", "iframe", "noscript", "script", "object"})
assert not (ARTICLE_TAGS | COMMENT_TAGS) & FORBIDDEN_TAGS

WORDS_PER_MINUTE = 200
_WORD = re.compile(r"\w+")
# What a browser ignores when it reads a URL (WHATWG URL parser): C0 controls and spaces at the
# ends, tabs and newlines anywhere. Then a scheme is letters, digits, "+", "-", "." before a ":".
_URL_EDGE_NOISE = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")
_URL_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_URL_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def url_scheme(url: str) -> str | None:
    """The scheme a browser would read in ``url`` (lower case), or None for a relative address."""
    cleaned = _URL_TAB_OR_NEWLINE.sub("", _URL_EDGE_NOISE.sub("", url))
    match = _URL_SCHEME.match(cleaned)
    return match.group(1).lower() if match else None


class _AllowedSchemesOnly(Filter):
    """Drops every href/src whose scheme is outside PROTOCOLS, after bleach has cleaned.

    bleach reads ``javascript:123`` or ``ms-msdt:0`` as a host and port and lets it through, so
    its protocol check is not enough on its own. This pass sees the sanitised token stream as
    the parser built it and judges each address as a browser would.
    """

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in {"StartTag", "EmptyTag"} and token.get("data"):
                token["data"] = {
                    key: value
                    for key, value in token["data"].items()
                    if key[1] not in URL_ATTRIBUTES or _allowed_url(value)
                }
            yield token


def _allowed_url(url: str) -> bool:
    # bleach's tokenizer keeps character references in attribute values; a browser decodes them.
    scheme = url_scheme(html_unescape(url))
    return scheme is None or scheme in PROTOCOLS


@cache
def _markdown() -> MarkdownIt:
    # Raw HTML in Markdown is shown as text, not passed through: editors format with Markdown.
    md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
        ["table", "strikethrough", "replacements", "smartquotes"]
    )
    md.core.ruler.push("kith_shift_headings", _shift_headings)
    md.core.ruler.push("kith_heading_anchors", _heading_anchors)
    return md


def _heading_anchors(state) -> None:
    """Each h2 gets an id (``h-`` and its words) for the article's "On this page" links."""
    taken: set[str] = set()
    for opening, inline in zip(state.tokens, state.tokens[1:], strict=False):
        if opening.type != "heading_open" or opening.tag != "h2":
            continue
        words = re.sub(r"[^a-z0-9]+", "-", inline.content.lower()).strip("-")[:60] or "section"
        anchor, n = f"h-{words}", 1
        while anchor in taken:
            n += 1
            anchor = f"h-{words}-{n}"
        taken.add(anchor)
        opening.attrSet("id", anchor)


def page_headings(html: str) -> list[tuple[str, str]]:
    """The anchored h2 headings of stored HTML as (id, text): an article's "On this page"."""
    return [
        (anchor, _plain_heading(text))
        for anchor, text in re.findall(r'<h2 id="(h-[a-z0-9-]+)">(.*?)</h2>', html or "", re.S)
    ]


def _plain_heading(text: str) -> str:
    """``plain_text`` of a heading; most are plain words, which need no HTML parser (bleach
    took ~0.3 ms a heading on every article page) and come out of it unchanged."""
    if "<" in text or ">" in text or "&" in text:
        return plain_text(text)
    return re.sub(r"\s+", " ", text).strip()


def _shift_headings(state) -> None:
    """The page title is the one h1; a ``#`` heading in the body becomes an h2."""
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"


def _clean(html: str, *, tags: frozenset[str], attributes: dict[str, list[str]]) -> str:
    # A Cleaner per call, as bleach.clean does: a Cleaner's parser is not thread-safe.
    cleaner = Cleaner(
        tags=tags,
        attributes=attributes,
        protocols=PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[_AllowedSchemesOnly],
    )
    # bleach quotes a value that holds a " with ' and then escapes its "&" a second time, so
    # cleaning stored HTML again turned "&amp;" into "&amp;amp;". Always quoting with " (a " in
    # the value becomes &quot;) keeps cleaning idempotent.
    cleaner.serializer.use_best_quote_char = False
    return cleaner.clean(html)


def _strip_nul(text: str) -> str:
    return text.replace("\x00", "")


def render_markdown(text: str) -> str:
    """Editor Markdown → sanitised HTML for articles, topics and author bios."""
    html = _markdown().render(_strip_nul(text or ""))
    return _clean(html, tags=ARTICLE_TAGS, attributes=ARTICLE_ATTRIBUTES).strip()


def sanitize_html(html: str) -> str:
    """Imported HTML → the same allowlist as editor Markdown."""
    return _clean(_strip_nul(html or ""), tags=ARTICLE_TAGS, attributes=ARTICLE_ATTRIBUTES).strip()


def _nofollow_ugc(attrs: dict, new: bool = False) -> dict:
    attrs[(None, "rel")] = "nofollow ugc"
    return attrs


def render_comment(text: str) -> str:
    """A reader's plain text → escaped paragraphs, with bare links marked ``nofollow ugc``."""
    text = _strip_nul(text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    html = "".join(
        "<p>" + "<br>".join(html_escape(line, quote=False) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )
    linked = Linker(
        callbacks=[_nofollow_ugc], skip_tags={"pre", "code"}, parse_email=False
    ).linkify(html)
    return _clean(linked, tags=COMMENT_TAGS, attributes=COMMENT_ATTRIBUTES)


def plain_text(html: str) -> str:
    """Visible text of stored HTML, for summaries, search snippets and word counts."""
    return re.sub(r"\s+", " ", bleach.clean(html or "", tags=set(), strip=True)).strip()


def reading_minutes(text: str) -> int:
    """Minutes an average adult takes to read ``text`` (at least one)."""
    return max(1, math.ceil(len(_WORD.findall(text or "")) / WORDS_PER_MINUTE))


def mark_highlights(text: str, *, start: str, stop: str) -> str:
    """Search-engine text with ``start``/``stop`` around matched words → HTML whose only tags
    are ``<mark>``: everything is escaped first, then each marker pair becomes a ``<mark>``."""
    escaped = html_escape(_strip_nul(text or ""), quote=True)
    pair = re.compile(re.escape(start) + "(.*?)" + re.escape(stop), re.DOTALL)
    marked = pair.sub(lambda match: f"<mark>{match.group(1)}</mark>", escaped)
    # A marker without its partner (cut off by a snippet) is dropped, never left as markup.
    return marked.replace(start, "").replace(stop, "")
