"""What a captured HTML page says about itself: title, authors, dates, site, language, keywords.

Read in order of how deliberately a page states a fact, each value remembering where it came
from (the import report shows it, and the corpus measurement counts it):

1. ``json-ld``: schema.org ``Article``/``NewsArticle``/``BlogPosting``/``MedicalWebPage``… data;
2. ``meta``: Open Graph, ``article:*``, ``<meta name="author">``, Dublin Core, ``citation_*``…;
3. ``microdata``: ``itemprop="headline|author|datePublished|dateModified"``;
4. ``markup``: ``<time datetime>`` marked as published, ``rel="author"`` links and “By …”
   bylines, the ``<html lang>``, a headline that matches the ``<title>``.

Nothing here guesses: a field the page does not state is left empty, and ``extraction`` then
asks the extraction library, and finally Kith's own layout rules.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from lxml import html as lxml_html

from transfer.records import one_line, parse_date

ARTICLE_TYPES = re.compile(
    r"^(?:\w*Article|BlogPosting|SocialMediaPosting|LiveBlogPosting|MedicalWebPage|Report"
    r"|Review|Posting)$"
)
META_TITLE = ("og:title", "twitter:title", "dc.title", "citation_title", "parsely-title")
META_AUTHOR = (
    "author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
    "dcterms.creator", "citation_author", "byl", "twitter:creator:name",
)  # fmt: skip
META_PUBLISHED = (
    "article:published_time", "og:published_time", "datepublished", "parsely-pub-date",
    "sailthru.date", "citation_publication_date", "citation_date", "dc.date.issued",
    "dcterms.issued", "dc.date", "dcterms.date", "dcterms.created", "date", "pubdate",
    "publish-date", "publish_date", "article.published", "pdate",
)  # fmt: skip
META_MODIFIED = (
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
    "dc.date.modified", "last-modified", "article.updated", "lastmod",
)  # fmt: skip
META_LANGUAGE = ("og:locale", "content-language", "dc.language", "language", "dcterms.language")
BYLINE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:byline|author|authors|writer|contributor)(?:$|[\s_-])", re.I
)
BY_PREFIX = re.compile(r"^\s*(?:written\s+)?by[:\s]+", re.I)
NAME_SPLIT = re.compile(r"\s*(?:;|\||\s&\s|\sand\s|\set\s|\sund\s|\sy\s)\s*")
SITE_SEPARATOR = re.compile(r"\s+[|–—\-:»·]\s+")
LANGUAGE_CODE = re.compile(r"^([a-zA-Z]{2,3})(?:[-_][A-Za-z0-9]{2,8})*$")
DATE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:published|publish|pubdate|post-date|entry-date|date)(?:$|[\s_-])", re.I
)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")


@dataclass
class Found:
    """A value and where on the page it was found."""

    value: Any
    source: str


@dataclass
class PageMetadata:
    title: Found | None = None
    authors: Found | None = None  # list[str]
    published: Found | None = None  # datetime
    modified: Found | None = None  # datetime
    site_name: Found | None = None
    language: Found | None = None  # ISO 639 code, lower case
    description: str = ""
    url: str = ""
    keywords: list[str] = field(default_factory=list)
    section: str = ""
    head_title: str = ""
    json_ld_comments: list[dict[str, Any]] = field(default_factory=list)


def read(tree: lxml_html.HtmlElement) -> PageMetadata:
    """The page's own statements about itself; ``tree`` is not changed."""
    found = PageMetadata()
    meta = _meta(tree)
    found.head_title = one_line(" ".join(tree.xpath("//head/title//text()"))) or one_line(
        " ".join(tree.xpath("//title[1]//text()"))
    )
    for data in _json_ld(tree):
        _from_json_ld(found, data)
    _first(found, "title", _meta_first(meta, META_TITLE), "meta")
    names = [one_line(meta[k]) for k in META_AUTHOR if meta.get(k)]
    names = [n for n in names if not _is_url_or_handle(n)]
    if names:
        _first(found, "authors", split_names(names[0]), "meta")
    _first(found, "published", _date_of(meta, META_PUBLISHED), "meta")
    _first(found, "modified", _date_of(meta, META_MODIFIED), "meta")
    _first(
        found,
        "site_name",
        one_line(meta.get("og:site_name") or meta.get("application-name")),
        "meta",
    )
    found.description = found.description or one_line(
        meta.get("description") or meta.get("og:description") or meta.get("twitter:description")
    )
    found.url = found.url or one_line(meta.get("og:url"))
    canonical = tree.xpath(
        "//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"
    )
    found.url = one_line(canonical[0]) if canonical else found.url
    found.keywords = found.keywords or _keywords(meta.get("keywords") or meta.get("news_keywords"))
    found.section = found.section or one_line(meta.get("article:section"))
    _microdata(found, tree)
    _markup(found, tree, meta)
    return found


# --- sources ------------------------------------------------------------------------------------


def _meta(tree: lxml_html.HtmlElement) -> dict[str, str]:
    values: dict[str, str] = {}
    for element in tree.iter("meta"):
        key = (
            element.get("property") or element.get("name") or element.get("itemprop")
            or element.get("http-equiv") or ""
        ).strip().lower()  # fmt: skip
        content = element.get("content")
        if key and content and content.strip() and key not in values:
            values[key] = content.strip()
    return values


def _meta_first(meta: dict[str, str], keys: tuple[str, ...]) -> str:
    return next((one_line(meta[k]) for k in keys if meta.get(k, "").strip()), "")


def _date_of(meta: dict[str, str], keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        parsed = parse_page_date(meta.get(key))
        if parsed is not None:
            return parsed
    return None


def _json_ld(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    """Article-like JSON-LD objects, wherever they sit (lists, ``@graph``, ``mainEntity``)."""
    found: list[dict[str, Any]] = []

    def walk(node: Any, depth: int = 0) -> None:
        if depth > 6:
            return
        if isinstance(node, list):
            for item in node[:50]:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            types = node.get("@type")
            types = types if isinstance(types, list) else [types]
            if any(isinstance(t, str) and ARTICLE_TYPES.match(t) for t in types):
                found.append(node)
            for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart"):
                if key in node:
                    walk(node[key], depth + 1)

    for script in tree.xpath("//script[@type='application/ld+json']"):
        text = (script.text or "").strip().rstrip(";")
        try:
            walk(json.loads(text))
        except (ValueError, RecursionError):
            continue
    return found


def _from_json_ld(found: PageMetadata, data: dict[str, Any]) -> None:
    _first(found, "title", one_line(_text(data.get("headline") or data.get("name"))), "json-ld")
    names = [n for n in _person_names(data.get("author") or data.get("creator")) if n]
    _first(found, "authors", names, "json-ld")
    _first(
        found,
        "published",
        parse_page_date(_text(data.get("datePublished") or data.get("dateCreated"))),
        "json-ld",
    )
    _first(found, "modified", parse_page_date(_text(data.get("dateModified"))), "json-ld")
    publisher = _person_names(data.get("publisher"))
    _first(found, "site_name", publisher[0] if publisher else "", "json-ld")
    _first(found, "language", language_code(_text(data.get("inLanguage"))), "json-ld")
    found.description = found.description or one_line(_text(data.get("description")))
    found.keywords = found.keywords or _keywords(data.get("keywords"))
    section = data.get("articleSection")
    found.section = found.section or one_line(
        _text(section[0] if isinstance(section, list) and section else section)
    )
    url = data.get("url")
    found.url = found.url or (one_line(url) if isinstance(url, str) else "")
    comments = data.get("comment")
    if isinstance(comments, list):
        found.json_ld_comments.extend(c for c in comments if isinstance(c, dict))
    elif isinstance(comments, dict):
        found.json_ld_comments.append(comments)


def _microdata(found: PageMetadata, tree: lxml_html.HtmlElement) -> None:
    headline = tree.xpath("//*[@itemprop='headline'][not(self::meta)]")
    if headline:
        _first(found, "title", one_line(headline[0].text_content()), "microdata")
    names = []
    for element in tree.xpath(
        "//*[@itemprop='author'][not(ancestor::*[@itemtype and contains(@itemtype, 'Comment')])]"
    )[:5]:
        inner = element.xpath(".//*[@itemprop='name']")
        text = (
            (inner[0].get("content") or inner[0].text_content())
            if inner
            else element.get("content") or element.text_content()
        )
        names.extend(split_names(byline_text(one_line(text))))
    _first(found, "authors", _unique(names), "microdata")
    for prop, name in (("datePublished", "published"), ("dateModified", "modified")):
        for element in tree.xpath(f"//*[@itemprop='{prop}']")[:3]:
            value = element.get("datetime") or element.get("content") or element.text_content()
            parsed = parse_page_date(value)
            if parsed is not None:
                _first(found, name, parsed, "microdata")
                break


def _markup(found: PageMetadata, tree: lxml_html.HtmlElement, meta: dict[str, str]) -> None:
    root_lang = tree.getroottree().getroot().get("lang") or tree.getroottree().getroot().get(
        "{http://www.w3.org/XML/1998/namespace}lang"
    )
    _first(found, "language", language_code(root_lang), "markup")
    _first(found, "language", language_code(_meta_first(meta, META_LANGUAGE)), "meta")
    comment_free = "true()"  # comments have left the page already (page_comments.take)
    # A headline that the <title> repeats is the article's own, whatever <h1> the site has.
    if found.title is None and found.head_title:
        wanted = _casefold(SITE_SEPARATOR.split(found.head_title)[0])
        for heading in tree.xpath(f"//h1[{comment_free}] | //h2[{comment_free}]"):
            text = one_line(heading.text_content())
            if text and _casefold(text) == wanted:
                _first(found, "title", text, "markup")
                break
    names: list[str] = []
    for link in tree.xpath(
        f"//a[contains(concat(' ', normalize-space(@rel), ' '), ' author ')][{comment_free}]"
    )[:5]:
        names.extend(split_names(byline_text(one_line(link.text_content()))))
    if not names:
        for element in tree.xpath(f"//*[@class][{comment_free}]")[:5000]:
            if not BYLINE_CLASS.search(element.get("class", "")):
                continue
            text = one_line(element.text_content())
            if BY_PREFIX.match(text) and len(text) < 120:
                names = split_names(byline_text(text))
                break
    _first(found, "authors", _unique(names), "markup")
    language = found.language.value if found.language else ""
    for element in tree.xpath(f"//time[{comment_free}] | //*[@class][{comment_free}]")[:5000]:
        if element.tag != "time" and not DATE_CLASS.search(element.get("class", "")):
            continue
        for value in (
            element.get("datetime"),
            element.get("content"),
            element.get("data-publishtime"),
            element.get("data-timestamp"),
        ):
            parsed = parse_page_date(value, language=language)
            if parsed is not None:
                _first(found, "published", parsed, "markup")
                return
        text = one_line(element.text_content())
        if len(text) < 80:
            parsed = parse_page_date(text, language=language)
            if parsed is not None:
                _first(found, "published", parsed, "markup")
                return


# --- helpers ------------------------------------------------------------------------------------


def _first(found: PageMetadata, name: str, value: Any, source: str) -> None:
    """Keep the first source's value; later sources only fill what is still missing."""
    if value and getattr(found, name) is None:
        setattr(found, name, Found(value, source))


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _text(value.get("@value") or value.get("name") or "")
    if isinstance(value, list) and value:
        return _text(value[0])
    return ""


def _person_names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [] if _is_url_or_handle(value) else split_names(value)
    if isinstance(value, dict):
        name = _text(value.get("name"))
        return split_names(name) if name and not _is_url_or_handle(name) else []
    if isinstance(value, list):
        return _unique([n for item in value[:20] for n in _person_names(item)])
    return []


def _is_url_or_handle(text: str) -> bool:
    return bool(re.match(r"^(?:https?://|www\.|@|/)", text.strip()))


def byline_text(text: str) -> str:
    """“By Jane Roe, MA | Updated …” → “Jane Roe, MA”."""
    text = BY_PREFIX.sub("", one_line(text))
    text = re.sub(r"\s*\((?:with|avec|mit|con|and)\b[^)]*\)?", "", text, flags=re.I)
    text = re.split(
        r"\s+(?:[|•·]|updated|published|posted|reviewed)\b", text, maxsplit=1, flags=re.I
    )[0]
    return text.strip(" ,;")


def split_names(text: str) -> list[str]:
    """“Jane Roe and John Doe”, “A; B”, “A & B” → names; credentials stay with their name."""
    text = one_line(text)
    if not text:
        return []
    return _unique([p.strip(" ,") for p in NAME_SPLIT.split(text) if p.strip(" ,")])


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(n for n in names if n))


def _keywords(value: Any) -> list[str]:
    items = value if isinstance(value, list) else one_line(value).split(",") if value else []
    return _unique([one_line(i)[:100] for i in items if isinstance(i, str) and one_line(i)])


def _casefold(text: str) -> str:
    return " ".join(text.split()).casefold()


def language_code(value: str | None) -> str:
    """“en-US”, “fr_FR”, “de” → “en”, “fr”, “de”; anything else → “”."""
    match = LANGUAGE_CODE.match((value or "").strip().split(",")[0].strip())
    return match.group(1).lower() if match else ""


def parse_page_date(value: Any, *, language: str = "") -> datetime | None:
    """A date as pages write it: ISO, RFC, “March 9, 2017 at 6:16 pm”, epoch ms, “3/09/15”.

    A numeric day/month date is read month-first only for English pages, which is how US sites
    write it; elsewhere it is ambiguous and left alone rather than guessed.
    """
    if value is None:
        return None
    text = one_line(value)
    if not text or len(text) > 100:
        return None
    if re.fullmatch(r"\d{12,13}", text):  # epoch milliseconds
        return datetime.fromtimestamp(int(text) / 1000, tz=UTC)
    if re.fullmatch(r"\d{9,10}", text):  # epoch seconds
        return datetime.fromtimestamp(int(text), tz=UTC)
    parsed = parse_date(text) or parse_date(re.sub(r"(?<=\d)T(?=\d)", " ", text))
    if parsed is not None:
        return parsed
    numeric = NUMERIC_DATE.search(text)
    if numeric and language == "en":
        month, day, year = (int(g) for g in numeric.groups())
        year = year + 2000 if year < 100 else year
        try:
            return datetime(year, month, day, tzinfo=UTC)
        except ValueError:
            return None
    return None
