"""Full-text search over articles: ``search_articles()`` here, one module per database backend
(``postgresql``, ``sqlite``), and what they share in ``common``.

``search_articles(articles, terms)`` takes a queryset that already holds only what readers may see
(``Article.objects.published()``) and returns ``SearchResults``: the matching articles, best first,
annotated with highlight text, as a ``Paginator`` takes them. Matched words are wrapped in the
private control characters ``HIGHLIGHT_START`` / ``HIGHLIGHT_STOP``; ``highlight_results()`` turns
them into ``<mark>`` through ``kith.markup``.

At most ``RESULT_CAP`` results can be shown, and matches are counted no further than one past it
("More than 1,000 results"): ranking and counting every match is what made a common word slow.
At 100 000 articles a subject word matches 14 000 of them, and ranking them all cost about 150 ms
a search. Fifty pages are more than anyone reads; the last one asks the reader to add a word.

- **PostgreSQL** (``postgresql.py``): the stored ``Article.search_vector`` (GIN-indexed by migration
  0002): title weight A; summary, question and keywords B; body text C; stemmed in the article's own
  language (``articles.languages``: ``english``, ``spanish``, else ``simple``); ``SearchRank`` order
  and ``SearchHeadline`` snippets. The reader's words are parsed with every configuration and the
  parses ORed, so each article is matched by the parse made the way its own text was stemmed:
  “ataques de pánico” finds “ataque de pánico”, “panic attacks” finds “panic attack”. With a
  language filter, only that language's configuration parses the query. ``Article.save()`` fills the
  vectors from the row's own fields and its keywords as they are in the database at that moment.
  Keywords are saved *after* the article (many-to-many), so whoever changes them calls
  ``article.refresh_search_vector()`` (the admin's ``save_related``, importers, the demo seed) or
  ``Article.objects.update_search_vectors()`` after ``bulk_create``.

  Only a bounded set of candidates is ranked: up to ``RESULT_CAP`` articles whose *title* has
  every word (found through the GIN-indexed ``Article.title_search_vector``, the title alone in
  its language, without reading any other row), and — unless those already fill the cap — up
  to ``RESULT_CAP + 1`` of all matches.
  They are ordered title matches first, then by ``SearchRank``, then newest. With ``RESULT_CAP``
  matches or fewer the candidates are all of them, so the order is exact. With more, each title
  match is still a candidate while there are at most ``RESULT_CAP`` of them: the one article
  titled with a rare word is never lost among thousands that merely mention it. Beyond that the
  results are ``RESULT_CAP`` of the title matches (whichever the index gives first), by rank.
  Headlines and snippets are made for the 20 articles of the page only.
- **SQLite with FTS5** (``sqlite.py``): the virtual table ``articles_article_fts`` (porter stemming,
  bm25 with the same weights), kept in sync by triggers on articles, article keywords and tag names.
  The triggers are (re)created after every ``migrate`` by ``ensure_sqlite_search_index()``, because
  SQLite migrations that rebuild ``articles_article`` drop the triggers on it. bm25 ranks every
  match (fast at the sizes SQLite serves); only the count and the pages stop at the cap.
- **SQLite without FTS5** (``sqlite.py``): every word must appear in some field
  (``icontains``), ranked by where.

No query text is ever put into SQL: terms are passed as parameters, and for FTS5 each term is
quoted as a string so that MATCH syntax (``NEAR(``, ``OR``, ``column:``, ``*``) means nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import models

from articles.search.common import (  # noqa: F401 (the package's API)
    FTS_TABLE,
    HIGHLIGHT_START,
    HIGHLIGHT_STOP,
    MAX_QUERY_LENGTH,
    MAX_TERMS,
    RESULT_CAP,
    SNIPPET_WORDS,
    SearchResults,
    _slicer,
    connection_of,
    excerpt,
    mark_terms,
    normalise_query,
    search_terms,
    snippet_lines,
)
from articles.search.postgresql import (  # noqa: F401 (the package's API)
    _search_postgresql,
    document_vector,
    keyword_text,
    reader_query,
    refresh_document_vectors,
    stored_document_vector,
    stored_title_vector,
    uses_stored_vector,
)
from articles.search.sqlite import (  # noqa: F401 (the package's API)
    _search_simple,
    _search_sqlite_fts5,
    ensure_sqlite_search_index,
    fts5_match_expression,
    sqlite_fts5_available,
)
from kith.markup import mark_highlights


def search_articles(
    articles: models.QuerySet, terms: Sequence[str], *, language: str = ""
) -> SearchResults:
    """``articles`` that contain every term, best match first, with highlight annotations;
    only those in ``language`` when one is given."""
    cap = RESULT_CAP  # read here, so that tests can lower it
    if not terms:
        return SearchResults(articles.none(), _slicer(articles.none()), cap=cap)
    if language:
        articles = articles.filter(language=language)
    connection = connection_of(articles)
    if connection.vendor == "postgresql":
        return _search_postgresql(articles, terms, cap=cap, language=language)
    if connection.vendor == "sqlite" and sqlite_fts5_available():
        ranked = _search_sqlite_fts5(articles, terms)
    else:
        ranked = _search_simple(articles, terms)
    return SearchResults(ranked, _slicer(ranked), cap=cap)


def highlight_results(articles: Iterable[Any], terms: Sequence[str]) -> None:
    """Give each found article ``search_title`` and ``search_snippet``: safe HTML whose only
    tags are ``<mark>``. The snippet is empty when no word matched in the body."""
    for article in articles:
        title = getattr(article, "title_marked", None)
        snippet = getattr(article, "snippet_marked", None)
        if title is None:  # the simple fallback: mark the words here
            title = mark_terms(article.title, terms)
            snippet = mark_terms(excerpt(article.snippet_source or "", terms), terms)
        article.search_title = mark_highlights(title, start=HIGHLIGHT_START, stop=HIGHLIGHT_STOP)
        article.search_snippet = (
            mark_highlights(snippet_lines(snippet), start=HIGHLIGHT_START, stop=HIGHLIGHT_STOP)
            if snippet and HIGHLIGHT_START in snippet
            else ""
        )
