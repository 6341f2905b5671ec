"""Full-text search over articles, one function per database backend.

``search_articles(articles, terms)`` takes a queryset that already holds only what readers may see
(``Article.objects.published()``) and returns ``SearchResults``: the matching articles, best first,
annotated with highlight text, as a ``Paginator`` takes them. Matched words are wrapped in the
private control characters ``HIGHLIGHT_START`` / ``HIGHLIGHT_STOP``; ``highlight_results()`` turns
them into ``<mark>`` through ``kith.markup``.

At most ``RESULT_CAP`` results can be shown, and matches are counted no further than one past it
("More than 1,000 results"): ranking and counting every match is what made a common word slow.
At 100 000 articles a subject word matches 14 000 of them, and ranking them all cost about 150 ms
a search. Fifty pages are more than anyone reads; the last one asks the reader to add a word.

- **PostgreSQL**: the stored ``Article.search_vector`` (GIN-indexed by migration 0002): title
  weight A; summary, question and keywords B; body text C; stemmed in the article's own language
  (``articles.languages``: ``english``, ``spanish``, else ``simple``); ``SearchRank`` order and
  ``SearchHeadline`` snippets. The reader's words are parsed with every configuration and the
  parses ORed, so each article is matched by the parse made the way its own text was stemmed:
  “ataques de pánico” finds “ataque de pánico”, “panic attacks” finds “panic attack”. With a
  language filter, only that language's configuration parses the query. ``Article.save()``
  fills the vectors from the row's own fields and its keywords as they are in the database at
  that moment. Keywords are saved *after* the article
  (many-to-many), so whoever changes them calls ``article.refresh_search_vector()`` (the admin's
  ``save_related``, importers, the demo seed) or ``Article.objects.update_search_vectors()`` after
  ``bulk_create``.

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
- **SQLite with FTS5**: the virtual table ``articles_article_fts`` (porter stemming, bm25 with the
  same weights), kept in sync by triggers on articles, article keywords and tag names. The triggers
  are (re)created after every ``migrate`` by ``ensure_sqlite_search_index()``, because SQLite
  migrations that rebuild ``articles_article`` drop the triggers on it. bm25 ranks every match
  (fast at the sizes SQLite serves); only the count and the pages stop at the cap.
- **SQLite without FTS5**: every word must appear in some field (``icontains``), ranked by where.

No query text is ever put into SQL: terms are passed as parameters, and for FTS5 each term is
quoted as a string so that MATCH syntax (``NEAR(``, ``OR``, ``column:``, ``*``) means nothing.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Sequence
from functools import cache, cached_property
from typing import Any

from django.contrib.postgres.aggregates import StringAgg
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.expressions import Combinable

from articles.languages import (
    UNSTEMMED_CONFIG,
    search_config,
    search_config_of_column,
    search_configs,
)
from kith import page_cache
from kith.markup import mark_highlights

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
    connection = _connection(articles)
    if connection.vendor == "postgresql":
        return _search_postgresql(articles, terms, cap=cap, language=language)
    if connection.vendor == "sqlite" and sqlite_fts5_available():
        ranked = _search_sqlite_fts5(articles, terms)
    else:
        ranked = _search_simple(articles, terms)
    return SearchResults(ranked, _slicer(ranked), cap=cap)


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


def highlight_results(articles: Iterable[Any], terms: Sequence[str]) -> None:
    """Give each found article ``search_title`` and ``search_snippet``: safe HTML whose only
    tags are ``<mark>``. The snippet is empty when no word matched in the body."""
    for article in articles:
        title = getattr(article, "title_marked", None)
        snippet = getattr(article, "snippet_marked", None)
        if title is None:  # the simple fallback: mark the words here
            title = _mark_terms(article.title, terms)
            snippet = _mark_terms(_excerpt(article.snippet_source or "", terms), terms)
        article.search_title = mark_highlights(title, start=HIGHLIGHT_START, stop=HIGHLIGHT_STOP)
        article.search_snippet = (
            mark_highlights(snippet_lines(snippet), start=HIGHLIGHT_START, stop=HIGHLIGHT_STOP)
            if snippet and HIGHLIGHT_START in snippet
            else ""
        )


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


# --- PostgreSQL ------------------------------------------------------------------------------
def document_vector(
    *,
    title: Combinable,
    summary: Combinable,
    question: Combinable,
    keywords: Combinable,
    body_text: Combinable,
    config: Combinable,
) -> Combinable:
    """The weighted tsvector of one article, from column references or values, stemmed with
    the text search configuration ``config`` (a name, or an expression per row)."""

    def part(expression: Combinable, weight: str) -> SearchVector:
        return SearchVector(expression, config=config, weight=weight)

    return (
        part(title, "A")
        + part(summary, "B")
        + part(question, "B")
        + part(keywords, "B")
        + part(body_text, "C")
    )


def keyword_text(article_pk: Combinable) -> Subquery:
    """The article's keywords as one space-separated string (NULL when it has none)."""
    from articles.models import TaggedArticle

    names = (
        TaggedArticle.objects.filter(content_object=article_pk)
        .order_by()
        .values("content_object")
        .annotate(names=StringAgg("tag__name", delimiter=" "))
        .values("names")
    )
    return Subquery(names, output_field=models.TextField())


def stored_document_vector(article: Any) -> Combinable:
    """The vector ``Article.save()`` stores: the instance's values plus its saved keywords."""
    keywords = keyword_text(Value(article.pk)) if article.pk is not None else _text("")
    return document_vector(
        title=_text(article.title),
        summary=_text(article.summary),
        question=_text(article.question),
        keywords=keywords,
        body_text=_text(article.body_text),
        config=Value(search_config(article.language)),
    )


def stored_title_vector(article: Any) -> Combinable:
    """The title's own vector ``Article.save()`` stores (what title matches are found by)."""
    return SearchVector(_text(article.title), config=Value(search_config(article.language)))


def _text(value: str) -> Value:
    return Value(value or "", output_field=models.TextField())


def refresh_document_vectors(articles: models.QuerySet) -> int:
    """Recompute the stored vectors of ``articles`` from their columns and keywords, each in
    its own language. A no-op (0) outside PostgreSQL: SQLite's FTS5 index follows by triggers.
    """
    if _connection(articles).vendor != "postgresql":
        return 0
    config = search_config_of_column()
    return articles.order_by().update(
        search_vector=document_vector(
            title=F("title"),
            summary=F("summary"),
            question=F("question"),
            keywords=keyword_text(OuterRef("pk")),
            body_text=F("body_text"),
            config=config,
        ),
        title_search_vector=SearchVector("title", config=config),
    )


def uses_stored_vector(connection: BaseDatabaseWrapper) -> bool:
    return connection.vendor == "postgresql"


def reader_query(
    terms: Sequence[str], *, language: str = "", using: str = "default"
) -> SearchQuery:
    """The reader's words as one tsquery: parsed with ``language``'s configuration, or with
    each configuration and ORed (an article matches the parse stemmed as its own text was).

    The parses are made first (one small query) and only the distinct ones ORed: most words
    parse alike in every configuration, and ``'sleep' | 'sleep' | 'sleep'`` makes PostgreSQL
    guess three times as many matches and read every row instead of the index (measured at
    20 000 articles: 400 ms instead of 11 ms to count a common word's matches).
    """
    text = " ".join(terms)
    configs = [search_config(language)] if language else search_configs()
    # plainto_tsquery ANDs the words and ignores any syntax: a query can never be malformed.
    columns = ", ".join("plainto_tsquery(%s::regconfig, %s)::text" for _ in configs)
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT {columns}", [v for config in configs for v in (config, text)])
        parses = [parse for parse in cursor.fetchone() if parse]
    # The parses are lexemes already: "simple" reads them back as they are.
    combined = " | ".join(f"( {parse} )" for parse in dict.fromkeys(parses))
    return SearchQuery(combined, search_type="raw", config=UNSTEMMED_CONFIG)


def _search_postgresql(
    articles: models.QuerySet, terms: Sequence[str], *, cap: int, language: str = ""
) -> SearchResults:
    query = reader_query(terms, language=language, using=articles.db)
    rank = SearchRank(F("search_vector"), query)
    base = articles.order_by()
    matches = base.filter(search_vector=query)
    # The two bounded candidate lists (see the module docstring), each read from its own GIN
    # index and stopped at its LIMIT. A row is ranked where it is read: no second visit.
    columns = ("pk", "published_at", "in_title", "rank")
    title_hits = (
        base.filter(title_search_vector=query)
        .annotate(in_title=Value(True), rank=rank)
        .values(*columns)[:cap]
    )
    other_hits = matches.annotate(rank=rank).values("pk", "published_at", "rank")[: cap + 1]
    # Headlines parse each article's text as its search vector did.
    marks = {
        "config": search_config_of_column(),
        "start_sel": HIGHLIGHT_START,
        "stop_sel": HIGHLIGHT_STOP,
    }

    def page(start: int, stop: int) -> list[Any]:
        places = {
            pk: place
            for place, pk in enumerate(_ranked_pks(title_hits, other_hits, cap, start, stop))
        }
        found = (
            articles.order_by()
            .filter(pk__in=places)
            .annotate(
                title_marked=SearchHeadline("title", query, highlight_all=True, **marks),
                snippet_marked=SearchHeadline(
                    "body_text",
                    query,
                    max_words=SNIPPET_WORDS,
                    min_words=SNIPPET_WORDS // 2,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **marks,
                ),
            )
        )
        return sorted(found, key=lambda article: places[article.pk])

    return SearchResults(matches, page, cap=cap)


def _ranked_pks(
    title_hits: models.QuerySet, other_hits: models.QuerySet, cap: int, start: int, stop: int
) -> list[int]:
    """Places ``start`` to ``stop`` of the candidates in order: title matches first, then rank,
    then newest. The ORM has no WITH, hence one statement put together from the two compiled
    querysets (values stay parameters) so that the title matches, read once, also decide:

    - whether the other list is read at all: with ``cap`` title matches none of it could reach
      a page (skipping it halves the time of a common word);
    - which of the other list are title matches: when it is read, the title matches are all in
      ``title_hits``, and looking them up there is cheaper than parsing every title again.
    """
    connection = _connection(title_hits)
    title_sql, title_params = title_hits.query.get_compiler(connection=connection).as_sql()
    other_sql, other_params = other_hits.query.get_compiler(connection=connection).as_sql()
    sql = (
        f"WITH title_hits AS MATERIALIZED ({title_sql}) "
        "SELECT pk FROM ("
        "SELECT pk, published_at, in_title, rank FROM title_hits UNION "
        "SELECT pk, published_at, pk IN (SELECT pk FROM title_hits), rank "
        f"FROM ({other_sql}) AS other_hits WHERE (SELECT count(*) FROM title_hits) < %s"
        ") AS candidates "
        "ORDER BY in_title DESC, rank DESC, published_at DESC, pk DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*title_params, *other_params, cap, stop - start, start])
        return [pk for (pk,) in cursor.fetchall()]


# --- SQLite FTS5 ------------------------------------------------------------------------------
@cache
def sqlite_fts5_available() -> bool:
    """Whether this Python's SQLite library was built with FTS5 (Django uses the same one)."""
    try:
        probe = sqlite3.connect(":memory:")
        try:
            probe.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
        finally:
            probe.close()
    except sqlite3.Error:
        return False
    return True


def fts5_match_expression(terms: Sequence[str]) -> str:
    """Each term as an FTS5 string: ``"near" "or"`` matches the words, never the operators."""
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _search_sqlite_fts5(articles: models.QuerySet, terms: Sequence[str]) -> models.QuerySet:
    # The ORM cannot join a virtual table, and bm25()/snippet() must run in the statement that
    # does the MATCH, so this is the one place for .extra(): every value is a parameter.
    # The IN (…) makes SQLite start from the matching rows instead of probing the full-text
    # index once per published article (measured: 150 ms → ~1 ms at 20 000 articles).
    article_table = articles.model._meta.db_table
    match = fts5_match_expression(terms)
    return articles.extra(
        tables=[FTS_TABLE],
        where=[
            f"{article_table}.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s)",
            f"{FTS_TABLE}.rowid = {article_table}.id",
            f"{FTS_TABLE} MATCH %s",
        ],
        params=[match, match],
        select={
            "fts_rank": f"{FTS_TABLE}.rank",
            "title_marked": f"highlight({FTS_TABLE}, 0, %s, %s)",
            "snippet_marked": f"snippet({FTS_TABLE}, 3, %s, %s, '…', {SNIPPET_WORDS})",
        },
        select_params=[HIGHLIGHT_START, HIGHLIGHT_STOP, HIGHLIGHT_START, HIGHLIGHT_STOP],
    ).order_by("fts_rank", "-published_at", "-pk")


_KEYWORDS_OF = (
    "(SELECT group_concat(t.name, ' ') FROM articles_taggedarticle AS ta "
    "JOIN taggit_tag AS t ON t.id = ta.tag_id WHERE ta.content_object_id = {article_id})"
)
_FTS_COLUMNS = "title, summary, question, body_text, keywords"
_FTS_OBJECTS: dict[str, str] = {
    FTS_TABLE: (
        f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5({_FTS_COLUMNS}, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    ),
    f"{FTS_TABLE}_insert": (
        f"CREATE TRIGGER {FTS_TABLE}_insert AFTER INSERT ON articles_article BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, {_FTS_COLUMNS}) VALUES (new.id, new.title, new.summary, "
        f"new.question, new.body_text, {_KEYWORDS_OF.format(article_id='new.id')}); END"
    ),
    f"{FTS_TABLE}_update": (
        f"CREATE TRIGGER {FTS_TABLE}_update AFTER UPDATE OF title, summary, question, body_text "
        f"ON articles_article BEGIN UPDATE {FTS_TABLE} SET title = new.title, "
        "summary = new.summary, question = new.question, body_text = new.body_text "
        "WHERE rowid = new.id; END"
    ),
    f"{FTS_TABLE}_delete": (
        f"CREATE TRIGGER {FTS_TABLE}_delete AFTER DELETE ON articles_article BEGIN "
        f"DELETE FROM {FTS_TABLE} WHERE rowid = old.id; END"
    ),
    f"{FTS_TABLE}_tag_added": (
        f"CREATE TRIGGER {FTS_TABLE}_tag_added AFTER INSERT ON articles_taggedarticle BEGIN "
        f"UPDATE {FTS_TABLE} SET keywords = "
        f"{_KEYWORDS_OF.format(article_id='new.content_object_id')} "
        "WHERE rowid = new.content_object_id; END"
    ),
    f"{FTS_TABLE}_tag_removed": (
        f"CREATE TRIGGER {FTS_TABLE}_tag_removed AFTER DELETE ON articles_taggedarticle BEGIN "
        f"UPDATE {FTS_TABLE} SET keywords = "
        f"{_KEYWORDS_OF.format(article_id='old.content_object_id')} "
        "WHERE rowid = old.content_object_id; END"
    ),
    f"{FTS_TABLE}_tag_renamed": (
        f"CREATE TRIGGER {FTS_TABLE}_tag_renamed AFTER UPDATE OF name ON taggit_tag BEGIN "
        f"UPDATE {FTS_TABLE} SET keywords = {_KEYWORDS_OF.format(article_id=FTS_TABLE + '.rowid')} "
        "WHERE rowid IN (SELECT content_object_id FROM articles_taggedarticle "
        "WHERE tag_id = new.id); END"
    ),
}


def ensure_sqlite_search_index(connection: BaseDatabaseWrapper) -> bool:
    """Create the FTS5 table and its triggers where missing, and refill the index if anything
    was missing. Runs after every ``migrate``; returns whether it rebuilt the index."""
    if connection.vendor != "sqlite" or not sqlite_fts5_available():
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'trigger')")
        existing = {row[0] for row in cursor.fetchall()}
        if not {"articles_article", "articles_taggedarticle", "taggit_tag"} <= existing:
            return False
        cursor.execute("SELECT name FROM pragma_table_info('articles_article')")
        if "body_text" not in {row[0] for row in cursor.fetchall()}:
            return False  # migrated only part way: the next migrate finishes the job
        missing = [name for name in _FTS_OBJECTS if name not in existing]
        if not missing:
            return False
        for name in missing:
            cursor.execute(_FTS_OBJECTS[name])
        if FTS_TABLE in missing:
            # Column weights for bm25, stored in the index's own configuration.
            cursor.execute(
                f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) "
                "VALUES ('rank', 'bm25(10.0, 4.0, 4.0, 1.0, 4.0)')"
            )
        cursor.execute(f"DELETE FROM {FTS_TABLE}")
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, {_FTS_COLUMNS}) SELECT a.id, a.title, a.summary, "
            f"a.question, a.body_text, {_KEYWORDS_OF.format(article_id='a.id')} "
            "FROM articles_article AS a"
        )
    page_cache.bump_content()  # search results may differ now; no signal told the cache
    return True


# --- Without FTS5 -----------------------------------------------------------------------------
def _search_simple(articles: models.QuerySet, terms: Sequence[str]) -> models.QuerySet:
    from articles.models import TaggedArticle

    weights = {"title": 10, "summary": 4, "question": 4, "body_text": 1}
    rank: Combinable = Value(0)
    for term in terms:
        tagged = TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag__name__iexact=term)
        in_any = Q(Exists(tagged))
        for field in weights:
            in_any |= Q(**{f"{field}__icontains": term})
        articles = articles.filter(in_any)
        rank += Case(When(Exists(tagged), then=Value(4)), default=0)
        for field, weight in weights.items():
            rank += Case(When(**{f"{field}__icontains": term}, then=Value(weight)), default=0)
    return articles.annotate(rank=rank, snippet_source=F("body_text")).order_by(
        "-rank", "-published_at", "-pk"
    )


def _mark_terms(text: str, terms: Sequence[str]) -> str:
    """Wrap words that start with a term in highlight markers (a rough stand-in for stemming)."""
    text = text.replace(HIGHLIGHT_START, "").replace(HIGHLIGHT_STOP, "")
    pattern = _words_starting_with(terms)
    return pattern.sub(lambda m: HIGHLIGHT_START + m.group(0) + HIGHLIGHT_STOP, text)


def _excerpt(text: str, terms: Sequence[str], *, around: int = 90) -> str:
    match = _words_starting_with(terms).search(text)
    if match is None:
        return ""
    start, end = max(0, match.start() - around), min(len(text), match.end() + around)
    return ("… " if start else "") + text[start:end].strip() + (" …" if end < len(text) else "")


def _words_starting_with(terms: Sequence[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*", re.IGNORECASE)


def _connection(queryset: models.QuerySet) -> BaseDatabaseWrapper:
    from django.db import connections

    return connections[queryset.db]
