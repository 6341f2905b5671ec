"""What every search backend shares: the reader's words, the highlight markers, the cap on
results and ``SearchResults``, and the words marked by hand where the database cannot mark them
(``articles.search`` explains the whole)."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any

from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
HIGHLIGHT_START = "\x02"
HIGHLIGHT_STOP = "\x03"
SNIPPET_WORDS = 30
FTS_TABLE = "articles_article_fts"
# The most results a search shows (50 pages of 20), and how far matches are counted.
RESULT_CAP = 1000

# Letters and digits only: punctuation, quotes and operators never reach a search engine.
_TERM = re.compile(r"[^\W_]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalise_query(text: str) -> str:
    """The query as the reader meant it: control characters (NUL included) and runs of
    whitespace become single spaces."""
    return " ".join(_CONTROL.sub(" ", text or "").split())


def search_terms(query: str) -> list[str]:
    """Distinct lower-case words of ``query``, at most ``MAX_TERMS`` of them."""
    terms: list[str] = []
    for word in _TERM.findall(query.lower()):
        if word not in terms:
            terms.append(word)
    return terms[:MAX_TERMS]


# A line break in the body text (see kith.markup.plain_text) after the last word of a line,
# markers aside, and whether that line ended a sentence.
_LINE_BREAK = re.compile(r"(?P<end>[.!?:;…”’\")]?)(?P<marks>[\x02\x03]*)[^\S\n]*\n\s*")


def snippet_lines(snippet: str) -> str:
    """A snippet on one line: where a line ended without a full stop (a list item, a table
    cell, a heading), a " · " keeps its words from running into the next line's."""
    lines = _LINE_BREAK.sub(
        lambda m: m["end"] + m["marks"] + (" " if m["end"] else " · "), snippet.strip()
    )
    return lines.replace(" · …", " …").replace("… · ", "… ")


def mark_terms(text: str, terms: Sequence[str]) -> str:
    """Wrap words that start with a term in highlight markers (a rough stand-in for stemming)."""
    text = text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, "")
    pattern = _words_starting_with(terms)
    return pattern.sub(lambda m: HIGHLIGHT_START + m.group(0) + HIGHLIGHT_STOP, text)


def excerpt(text: str, terms: Sequence[str], *, around: int = 90) -> str:
    match = _words_starting_with(terms).search(text)
    if match is None:
        return ""
    start, end = max(0, match.start() - around), min(len(text), match.end() + around)
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def _words_starting_with(terms: Sequence[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def connection_of(queryset: models.QuerySet) -> BaseDatabaseWrapper:

    return connections[queryset.db]


class SearchResults:
    """Found articles, best first, as a ``Paginator`` takes them: ``count()`` and slices.

    ``count()`` is the number a reader can page through: every match, or ``cap`` when there are
    more, which ``more_than_cap`` then says. It counts no further than ``cap + 1``, so its cost
    does not grow with the number of matches. A slice is one page, fetched when asked for.
    """

    def __init__(
        self,
        matches: models.QuerySet,
        page: Callable[[int, int], list[Any]],
        *,
        cap: int,
    ) -> None:
        self.matches = matches  # every match, unordered: only counted
        self.page = page  # (start, stop) → the articles at those places in the order
        self.cap = cap

    @cached_property
    def found(self) -> int:
        """Matches, counted up to ``cap + 1``."""
        return self.matches.order_by().values("pk")[: self.cap + 1].count()

    @property
    def more_than_cap(self) -> bool:
        return self.found > self.cap

    def count(self) -> int:
        return min(self.found, self.cap)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Any]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("SearchResults are read a page at a time: results[start:stop].")
        start, stop, _ = index.indices(self.count())
        return self.page(start, stop) if start < stop else []


def _slicer(ranked: models.QuerySet) -> Callable[[int, int], list[Any]]:
    """Pages of a queryset that already ranks every match itself (SQLite)."""
    return lambda start, stop: list(ranked[start:stop])
