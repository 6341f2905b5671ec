"""Front matter checked by type before anything is read from it.

YAML turns ``title: {nested: mapping}`` into a dict, ``body: true`` into a boolean and
``date: someday`` into a string no one can publish: each would otherwise become the text
“{'nested': 'mapping'}”, “True” or an invented date. Every field a reader uses is checked here,
and the first wrong one refuses the file with an error naming the field and what it should be.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from transfer.records import ParseError, parse_date

TEXT_FIELDS = (
    "title", "article_title", "question", "answer", "subject", "topic", "category",
    "description", "summary", "url", "permalink", "lang", "language", "locale",
)  # fmt: skip
DATE_FIELDS = ("date", "updated", "last_modified")
LIST_FIELDS = ("tags", "keywords")


def validate(meta: dict[str, Any]) -> None:
    """Raise ``ParseError`` naming the first field whose value has the wrong type."""
    for name in TEXT_FIELDS:
        if name in meta and meta[name] is not None and not _is_text(meta[name]):
            raise ParseError(
                f"front matter field {name!r} must be text, not {_kind(meta[name])} "
                "(quote the value if it is meant as text)"
            )
    for name in DATE_FIELDS:
        value = meta.get(name)
        if value in (None, ""):
            continue
        if (
            isinstance(value, bool)
            or not isinstance(value, str | date)
            or parse_date(value) is None
        ):
            raise ParseError(
                f"front matter field {name!r} must be a date such as 2024-03-18, not {value!r}"[
                    :300
                ]
            )
    for name in LIST_FIELDS:
        value = meta.get(name)
        if value is None or isinstance(value, str):
            continue  # a comma-separated string is a list too
        if not isinstance(value, list) or not all(_is_text(item) for item in value):
            raise ParseError(
                f"front matter field {name!r} must be a list of words, not {_kind(value)}"
            )
    author = meta.get("author")
    if author is not None and not (
        _is_text(author) or isinstance(author, list) and all(_is_text(a) for a in author)
    ):
        raise ParseError(
            f"front matter field 'author' must be a name or a list of names, not {_kind(author)}"
        )
    seo = meta.get("seo")
    if seo is not None and not isinstance(seo, dict):
        raise ParseError(f"front matter field 'seo' must be a mapping, not {_kind(seo)}")
    if isinstance(seo, dict):
        for name in ("page_description", "page_keywords"):
            if seo.get(name) is not None and not _is_text(seo[name]):
                raise ParseError(
                    f"front matter field 'seo.{name}' must be text, not {_kind(seo[name])}"
                )
    if "body" in meta and meta["body"] is not None and not _is_text(meta["body"]):
        raise ParseError(f"front matter field 'body' must be text, not {_kind(meta['body'])}")


def _is_text(value: Any) -> bool:
    """Text, or a number YAML read from text (a title “1984”); never a bool, list or mapping."""
    return isinstance(value, str) or isinstance(value, int | float) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"the boolean {value!r}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return f"{type(value).__name__} {value!r}"[:80]
