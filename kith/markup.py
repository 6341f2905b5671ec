"""The one place where untrusted text becomes HTML.

Editors write Markdown, readers write plain text, importers bring HTML from other sites. Each
goes through a function here, is cleaned against one narrow allowlist with bleach, and the
result is stored at write time; templates mark only that stored result as safe. A strict
Content-Security-Policy (see settings) is the second wall.

Images: an ``<img>`` is kept only when its address is an image of Kith's own library (a path
under ``MEDIA_URL``, as ``articles.images`` names uploads). Any other image — another host,
another scheme, another path — is replaced by its alt text, so a reader keeps what it described
and no page loads anything from elsewhere. Kept images get their width and height (from the
stored name) and ``loading="lazy"``.

bleach 6.x is in maintenance only, so nothing outside this module may import it: replacing it
(with nh3, say) must be a change to this file alone.
"""

from __future__ import annotations

import math
import re
from functools import cache, partial
from html import escape as html_escape
from html import unescape as html_unescape
from html.parser import HTMLParser

from bleach.html5lib_shim import Filter
from bleach.linkifier import Linker
from bleach.sanitizer import Cleaner
from django.conf import settings
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
    "img": ["src", "alt", "title", "width", "height", "loading"],
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
    """Drops every href/src whose scheme is outside PROTOCOLS, after bleach has cleaned, and
    every image that is not Kith's own (see the module's docstring).

    bleach reads ``javascript:123`` or ``ms-msdt:0`` as a host and port and lets it through, so
    its protocol check is not enough on its own. This pass sees the sanitised token stream as
    the parser built it and judges each address as a browser would.
    """

    def __init__(self, source, refused_images: list[str] | None = None):
        super().__init__(source)
        # Callers that report what was left out (the importer) pass a list to collect into.
        self.refused_images = refused_images if refused_images is not None else []

    def __iter__(self):
        for token in super().__iter__():
            if token["type"] in {"StartTag", "EmptyTag"} and token.get("data"):
                token["data"] = {
                    key: value
                    for key, value in token["data"].items()
                    if key[1] not in URL_ATTRIBUTES or _allowed_url(value)
                }
            if token["type"] in {"StartTag", "EmptyTag"} and token["name"] == "img":
                yield from self._own_image_or_alt_text(token)
            else:
                yield token

    def _own_image_or_alt_text(self, token):
        attributes = token["data"]
        src = own_image_path(attributes.get((None, "src"), ""))
        if src is None:
            self.refused_images.append(attributes.get((None, "src"), ""))
            alt = html_unescape(attributes.get((None, "alt"), "")).strip()
            if alt:
                yield {"type": "Characters", "data": alt}
            return
        attributes[(None, "src")] = src
        size = _IMAGE_SIZE_IN_NAME.search(src)
        for index, name in enumerate(("width", "height")):
            given = attributes.get((None, name), "")
            if size:
                attributes[(None, name)] = size.group(index + 1)
            elif not given.isdigit():
                attributes.pop((None, name), None)
        attributes[(None, "loading")] = "lazy"
        yield token


def _allowed_url(url: str) -> bool:
    # bleach's tokenizer keeps character references in attribute values; a browser decodes them.
    scheme = url_scheme(html_unescape(url))
    return scheme is None or scheme in PROTOCOLS


# The names articles.images gives uploads: a random hex name, the pixel size, a real extension
# (and the suffix a storage adds if the name were ever taken). Nothing else under MEDIA_URL —
# no "..", no "%", no backslash, no "//" — can pass.
_OWN_IMAGE_NAME = (
    r"images/[a-f0-9]{8,64}(?:-[0-9]{1,5}x[0-9]{1,5})?(?:_[A-Za-z0-9]{1,16})?"
    r"\.(?:jpg|png|webp|gif)"
)
_IMAGE_SIZE_IN_NAME = re.compile(r"-([0-9]{1,5})x([0-9]{1,5})(?:_[A-Za-z0-9]+)?\.[a-z]+$")


@cache
def _own_image_pattern(media_url: str) -> re.Pattern[str]:
    return re.compile(re.escape(media_url) + _OWN_IMAGE_NAME)


def own_image_path(url: str) -> str | None:
    """``url`` as a path to an image of Kith's library (``/media/images/….webp``), else None.

    Only a path on this site under ``MEDIA_URL`` counts: any scheme, host (``//host``), or
    query is refused, as are addresses a browser would read differently from how they look.
    """
    cleaned = _URL_TAB_OR_NEWLINE.sub("", _URL_EDGE_NOISE.sub("", html_unescape(url or "")))
    media_url = settings.MEDIA_URL
    if not media_url.startswith("/") or media_url.startswith("//"):
        return None  # MEDIA_URL on another host is not "our own storage"
    return cleaned if _own_image_pattern(media_url).fullmatch(cleaned) else None


@cache
def _markdown() -> MarkdownIt:
    # Raw HTML in Markdown is shown as text, not passed through: editors format with Markdown.
    md = MarkdownIt("commonmark", {"html": False, "typographer": True}).enable(
        ["table", "strikethrough", "replacements", "smartquotes"]
    )
    md.core.ruler.push("kith_shift_headings", _shift_headings)
    return md


class _HeadingAnchors(Filter):
    """Each h2 gets an id (``h-`` and the words it shows) for an article's "On this page".

    Part of cleaning, so that every article body gets its anchors however it was written, and
    re-cleaning stored HTML (idempotent) gives anchors to bodies stored before they existed
    while changing nothing else. An id the heading already has is kept unless an earlier
    heading took it.
    """

    def __iter__(self):
        taken: set[str] = set()
        heading: list[dict] = []
        for token in super().__iter__():
            if token["type"] == "StartTag" and token["name"] == "h2":
                heading = [token]
            elif heading and token["type"] == "EndTag" and token["name"] == "h2":
                heading[0]["data"] = {**heading[0]["data"], (None, "id"): _anchor(heading, taken)}
                yield from heading
                yield token
                heading = []
            elif heading:
                heading.append(token)
            else:
                yield token
        yield from heading  # an unclosed h2 (the serializer closes it)


def _anchor(heading: list[dict], taken: set[str]) -> str:
    anchor = (heading[0].get("data") or {}).get((None, "id"), "")
    if not HEADING_ID.fullmatch(anchor) or anchor in taken:
        text = "".join(
            html_unescape(f"&{token['name']};") if token["type"] == "Entity" else token["data"]
            for token in heading[1:]
            if token["type"] in {"Characters", "SpaceCharacters", "Entity"}
        )
        words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "section"
        anchor, n = f"h-{words}", 1
        while anchor in taken:
            n += 1
            anchor = f"h-{words}-{n}"
    taken.add(anchor)
    return anchor


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
        return " ".join(plain_text(text).split())
    return re.sub(r"\s+", " ", text).strip()


def _shift_headings(state) -> None:
    """The page title is the one h1; a ``#`` heading in the body becomes an h2."""
    for token in state.tokens:
        if token.type in {"heading_open", "heading_close"} and token.tag == "h1":
            token.tag = "h2"


def _clean(
    html: str,
    *,
    tags: frozenset[str],
    attributes: dict[str, list[str]],
    refused_images: list[str] | None = None,
    filters: tuple[type[Filter], ...] = (),
) -> str:
    # A Cleaner per call, as bleach.clean does: a Cleaner's parser is not thread-safe.
    cleaner = Cleaner(
        tags=tags,
        attributes=attributes,
        protocols=PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[partial(_AllowedSchemesOnly, refused_images=refused_images), *filters],
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
    return _clean(
        html, tags=ARTICLE_TAGS, attributes=ARTICLE_ATTRIBUTES, filters=(_HeadingAnchors,)
    ).strip()


def sanitize_html(html: str) -> str:
    """Imported HTML → the same allowlist as editor Markdown (and stored article HTML → the
    same HTML, with any heading anchors it lacks)."""
    return _clean(
        _strip_nul(html or ""),
        tags=ARTICLE_TAGS,
        attributes=ARTICLE_ATTRIBUTES,
        filters=(_HeadingAnchors,),
    ).strip()


def refused_markdown_images(text: str) -> list[str]:
    """The addresses of the images ``render_markdown(text)`` leaves out (not Kith's own), for
    reports such as the importer's "2 external images dropped"."""
    refused: list[str] = []
    html = _markdown().render(_strip_nul(text or ""))
    _clean(html, tags=ARTICLE_TAGS, attributes=ARTICLE_ATTRIBUTES, refused_images=refused)
    return refused


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


# Elements that end a line of text: their start and end are line breaks in ``plain_text``.
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul",
    }
)  # fmt: skip


class _VisibleText(HTMLParser):
    """The text a browser shows, one line per block (paragraph, list item, heading, cell)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[list[str]] = [[]]

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS:
            self.lines.append([])

    def handle_data(self, data: str) -> None:
        self.lines[-1].append(data)


def plain_text(html: str) -> str:
    """Visible text of stored HTML, for summaries, search snippets and word counts.

    It is text, not HTML (``&amp;`` is ``&``): whoever shows it escapes it. Each block is a line
    of its own, so list items and table cells are never run together as if one sentence.
    """
    parser = _VisibleText()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join("".join(line).split()) for line in parser.lines)
    return "\n".join(line for line in lines if line)


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
