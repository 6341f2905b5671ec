"""``python bench/generate_bulk.py --articles N --comments M --topics T``: a big synthetic site.

For load tests and benchmarks (bench/pages.py, bench/scale.py): topics in a two-level tree,
authors, keywords, articles (mostly published over five years, a few drafts, archived and
scheduled) with authors, topics, keywords and a clinical review, and comments — most approved,
about 1 % pending for the moderation queue, some replies, and one "viral" article with a tenth
of them so that comment pagination can be measured deep (page 1 000). The text is generated
from word lists.

It lives with the benchmarks, not in an app: no site needs it installed. Run it as a script
with the project's settings (``DATABASE_URL`` chooses the database, as for ``manage.py``), or
from Python: ``call_command(generate_bulk.Command(), articles=…)`` (bench/scale.py does).

Rows go in with PostgreSQL COPY (psycopg 3) or SQLite executemany, without model ``save()``:
derived fields (HTML, plain text, reading time) are generated together with the source, the
search vectors are computed once at the end, and the page cache is told explicitly (no
signals are sent). Every published row carries a clinical review, as the database requires.
It refuses a production environment (DJANGO_HTTPS on) unless --force.
"""

from __future__ import annotations

import os
import random
import sys
from datetime import timedelta
from pathlib import Path
from typing import Any

if __name__ == "__main__":  # run as a script: Django is set up before any model is imported
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
    import django

    django.setup()

from django.conf import settings  # noqa: E402
from django.core.management.base import BaseCommand, CommandError, CommandParser  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from taggit.models import Tag  # noqa: E402

from articles.models import Article, ArticleAuthor, Author, ClinicalReviewer, TaggedArticle  # noqa: E402
from articles.workflow import review_cycle  # noqa: E402
from bench.bulk import BulkTable, Progress  # noqa: E402
from comments.models import Comment  # noqa: E402
from kith import page_cache  # noqa: E402
from topics.models import Topic  # noqa: E402

MAX_COUNT = 50_000_000
SEARCH_INDEX = "article_search_vector_gin"  # made by articles/migrations/0002_search.py

SUBJECTS = (
    "sleep", "stress", "worry", "low mood", "grief", "panic", "anger", "loneliness", "burnout",
    "self-esteem", "motivation", "habits", "relationships", "parenting", "work", "exams",
    "change", "recovery", "caring", "appetite", "focus", "memory", "confidence", "shyness",
)  # fmt: skip
OPENERS = (
    "Understanding", "Coping with", "Living with", "A guide to", "Talking about",
    "Questions about", "Small steps for", "When to seek help for", "Myths about", "Managing",
)  # fmt: skip
WORDS = (
    "people", "often", "notice", "feel", "changes", "day", "week", "help", "talk", "friend",
    "doctor", "routine", "body", "mind", "rest", "breathing", "walk", "time", "support", "plan",
    "small", "steps", "common", "normal", "signs", "try", "gently", "evening", "morning",
    "practice", "write", "list", "ask", "notice", "calm", "slow", "patient", "kind", "honest",
)  # fmt: skip
NAMES = ("Sam", "Robin", "Alex", "Jules", "Kim", "Noor", "Ana", "Lee", "", "", "")
TOPIC_WORDS = (
    "Anxiety", "Depression", "Sleep", "Stress", "Grief", "Addiction", "Eating", "Trauma",
    "Parenting", "Relationships", "Work", "Ageing", "Youth", "Therapy", "Medication", "Mood",
)  # fmt: skip
KIND_WEIGHTS = {"basic": 30, "more": 20, "news": 15, "qa": 15, "blog": 10, "book": 5, "link": 5}


def _sentence(rng: random.Random, length: int) -> str:
    words = rng.choices(WORDS, k=length)
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraphs(rng: random.Random, count: int, sentences: int) -> list[str]:
    return [
        " ".join(_sentence(rng, rng.randint(6, 14)) for _ in range(sentences)) for _ in range(count)
    ]


class Command(BaseCommand):
    help = "Fill the database with synthetic topics, articles and comments, fast (see --help)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--articles", type=int, default=1000, help="articles to add")
        parser.add_argument("--comments", type=int, default=10_000, help="comments to add")
        parser.add_argument("--topics", type=int, default=50, help="topics to add")
        parser.add_argument("--seed", type=int, default=8, help="random seed (repeatable data)")
        parser.add_argument(
            "--force", action="store_true", help="run even though DJANGO_HTTPS is on"
        )

    def progress(self, label: str, total: int) -> Progress:
        return Progress(label, total, stream=self.stderr._out)

    def handle(self, *args: Any, **options: Any) -> None:
        counts = {name: options[name] for name in ("articles", "comments", "topics")}
        for name, value in counts.items():
            if value < 0 or value > MAX_COUNT:
                raise CommandError(f"--{name} must be between 0 and {MAX_COUNT}, not {value}.")
        if settings.HTTPS and not options["force"]:
            raise CommandError(
                "DJANGO_HTTPS is on: this looks like production. generate_bulk fills the "
                "database with fake content; pass --force if you really mean it."
            )
        if counts["articles"] and not counts["topics"] and not Topic.objects.exists():
            raise CommandError("Articles need topics: pass --topics 1 or more.")
        self.rng = random.Random(options["seed"])
        # Reviews draw from their own stream, so the rest of the data is what the seed gave
        # before articles carried reviews (benchmarks compare like with like).
        self.review_rng = random.Random(options["seed"] + 1)
        self.now = timezone.now()
        with transaction.atomic():
            topic_ids = self.make_topics(counts["topics"]) or list(
                Topic.objects.values_list("pk", flat=True)
            )
            article_ids = self.make_articles(counts["articles"], topic_ids)
            if counts["comments"]:
                published = article_ids or list(
                    Article.objects.published().order_by("pk").values_list("pk", flat=True)
                )
                if not published:
                    raise CommandError("Comments need published articles: pass --articles.")
                self.make_comments(counts["comments"], published)
        if connection.vendor == "postgresql":
            self.analyze()
        if counts["articles"]:
            progress = self.progress("search vectors", 1)
            self.update_search_vectors()
            progress.advance(1)
            progress.finish()
        if connection.vendor == "postgresql":
            self.analyze(vacuum=True)  # search vectors known; index-only scans see all rows
        page_cache.bump_content()  # nothing above sent a signal
        self.stdout.write(
            f"Added {counts['topics']} topics, {counts['articles']} articles and "
            f"{counts['comments']} comments."
        )

    def analyze(self, *, vacuum: bool = False) -> None:
        """Fresh planner statistics: without them PostgreSQL plans the search-vector update
        (and the first page views) as if the tables were still empty — a scan of every
        keyword per article instead of an index lookup, 10× slower. ``vacuum`` also sets the
        visibility map, without which an index-only scan (a deep comment page, the admin's
        counts) still reads every row it skips until autovacuum has come by."""
        tables = [
            model._meta.db_table
            for model in (Topic, Author, Tag, Article, Article.topics.through, ArticleAuthor,
                          TaggedArticle, Comment)
        ]  # fmt: skip
        with connection.cursor() as cursor:
            names = ", ".join(connection.ops.quote_name(table) for table in tables)
            # VACUUM cannot run in a transaction (a test's): there, statistics are enough.
            vacuum = vacuum and not connection.in_atomic_block
            cursor.execute(f"VACUUM (ANALYZE) {names}" if vacuum else f"ANALYZE {names}")

    def update_search_vectors(self) -> None:
        """On PostgreSQL the GIN index is rebuilt once instead of updated 100 000 times (the
        table is locked meanwhile: generate_bulk is not for a live site)."""
        articles = Article.objects.filter(pk__gte=self.first_article_id)
        if connection.vendor != "postgresql":
            articles.update_search_vectors()
            return
        with transaction.atomic(), connection.cursor() as cursor:
            # Deferred foreign-key checks still pending in an outer transaction (a test) would
            # forbid the index DDL: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
            articles.update_search_vectors()
            cursor.execute(
                f"CREATE INDEX {SEARCH_INDEX} ON articles_article USING gin (search_vector)"
            )

    # --- Topics ---------------------------------------------------------------------------
    def make_topics(self, count: int) -> list[int]:
        if not count:
            return []
        table = BulkTable(Topic)
        first = table.next_id()
        template = table.template(name="x", slug="x", summary="x", updated_at=self.now)
        top_level = max(1, count // 10)
        at = table.position
        rows = []
        for i in range(count):
            pk = first + i
            name = f"{self.rng.choice(TOPIC_WORDS)} {pk}"
            row = template.copy()
            row[at["id"]] = pk
            row[at["name"]] = name
            row[at["slug"]] = f"bulk-topic-{pk}"
            row[at["summary"]] = _sentence(self.rng, 10)
            row[at["parent_id"]] = None if i < top_level else first + self.rng.randrange(top_level)
            row[at["display_order"]] = i
            row[at["updated_at"]] = table.datetime(self.now)
            rows.append(row)
        table.write(rows, progress=(progress := self.progress("topics", count)))
        progress.finish()
        table.reset_sequence()
        return [first + i for i in range(count)]

    # --- Articles -------------------------------------------------------------------------
    def make_articles(self, count: int, topic_ids: list[int]) -> list[int]:
        self.first_article_id = BulkTable(Article).next_id()
        if not count:
            return []
        authors = self.make_authors(max(3, count // 500))
        tags = self.make_tags(max(20, min(2000, count // 50)))
        table = BulkTable(Article)
        first = self.first_article_id
        template = table.template(title="x", slug="x", summary="x", body="x")
        at = table.position
        reviewers = self.make_reviewers()
        today = timezone.localdate()
        kinds = list(KIND_WEIGHTS)
        weights = list(KIND_WEIGHTS.values())
        published_ids: list[int] = []

        def rows():
            for i in range(count):
                pk = first + i
                rng = self.rng
                subject = rng.choice(SUBJECTS)
                title = f"{rng.choice(OPENERS)} {subject}"
                paragraphs = _paragraphs(rng, 4, 3)
                roll = rng.random()
                status, published_at = (
                    Article.Status.PUBLISHED,
                    self.now - timedelta(seconds=rng.randrange(5 * 365 * 86400)),
                )
                if roll < 0.02:
                    status, published_at = Article.Status.DRAFT, None
                elif roll < 0.04:
                    status = Article.Status.ARCHIVED
                elif roll < 0.05:
                    published_at = self.now + timedelta(seconds=rng.randrange(1, 30 * 86400))
                elif status == Article.Status.PUBLISHED:
                    published_ids.append(pk)
                kind = rng.choices(kinds, weights)[0]
                body_text = "\n\n".join(paragraphs)
                row = template.copy()
                row[at["id"]] = pk
                row[at["title"]] = f"{title} ({pk})"
                row[at["slug"]] = f"{title.lower().replace(' ', '-')}-{pk}"
                row[at["kind"]] = kind
                # One article in ten in Spanish (by id, so the random stream is unchanged), for
                # the API's ?language= filter at scale.
                row[at["language"]] = "es" if pk % 10 == 3 else "en"
                row[at["summary"]] = _sentence(rng, 16)
                row[at["question"]] = f"How can I help with {subject}?" if kind == "qa" else ""
                row[at["body"]] = body_text
                row[at["body_html"]] = "".join(f"<p>{p}</p>\n" for p in paragraphs)
                row[at["body_text"]] = body_text
                row[at["external_url"]] = (
                    f"https://example.org/resource-{pk}" if kind == "link" else ""
                )
                row[at["primary_topic_id"]] = rng.choice(topic_ids)
                row[at["status"]] = status
                row[at["published_at"]] = table.datetime(published_at)
                row[at["reading_time"]] = 1
                row[at["created_at"]] = row[at["updated_at"]] = table.datetime(self.now)
                if status != Article.Status.DRAFT:
                    # Every published article has a recorded clinical review (the database
                    # refuses one without); about 5 % are overdue, as on a real site.
                    reviewed = today - timedelta(days=self.review_rng.randrange(3 * 365 + 60))
                    row[at["reviewed_by_id"]] = self.review_rng.choice(reviewers)
                    row[at["last_reviewed"]] = table.date(reviewed)
                    row[at["next_review_due"]] = table.date(reviewed + review_cycle())
                yield row

        table.write(rows(), progress=(progress := self.progress("articles", count)))
        progress.finish()
        table.reset_sequence()
        self.link_articles(first, count, topic_ids, authors, tags)
        return published_ids

    def make_reviewers(self) -> list[int]:
        """A few credentialed clinical reviewers (made once; a second run reuses them)."""
        reviewers = [
            ClinicalReviewer.objects.get_or_create(
                name=f"Bulk Reviewer {n}", defaults={"credentials": credentials}
            )[0].pk
            for n, credentials in enumerate(("MBBS, MRCPsych", "Ph.D.", "LCSW", "MD"), start=1)
        ]
        return reviewers

    def make_authors(self, count: int) -> list[int]:
        table = BulkTable(Author)
        first = table.next_id()
        template = table.template(name="x", slug="x", updated_at=self.now)
        at = table.position
        rows = []
        for i in range(count):
            row = template.copy()
            row[at["id"]] = first + i
            row[at["name"]] = f"{self.rng.choice(NAMES) or 'Alex'} Writer {first + i}"
            row[at["credentials"]] = self.rng.choice(("Ph.D.", "LCSW", "MD", ""))
            row[at["slug"]] = f"bulk-writer-{first + i}"
            row[at["updated_at"]] = table.datetime(self.now)
            rows.append(row)
        table.write(rows)
        table.reset_sequence()
        return [first + i for i in range(count)]

    def make_tags(self, count: int) -> list[int]:
        table = BulkTable(Tag)
        first = table.next_id()
        at = table.position
        rows = []
        for i in range(count):
            row = table.template(name="x", slug="x")
            row[at["id"]] = first + i
            row[at["name"]] = f"{self.rng.choice(SUBJECTS)} {first + i}"
            row[at["slug"]] = f"bulk-keyword-{first + i}"
            rows.append(row)
        table.write(rows)
        table.reset_sequence()
        return [first + i for i in range(count)]

    def link_articles(
        self, first: int, count: int, topic_ids: list[int], authors: list[int], tags: list[int]
    ) -> None:
        """Each article's primary topic (+0–2 more), 1–2 authors and 2–4 keywords."""
        topics_table = BulkTable(Article.topics.through)
        bylines = BulkTable(ArticleAuthor)
        keywords = BulkTable(TaggedArticle)
        primary = dict(Article.objects.filter(pk__gte=first).values_list("pk", "primary_topic_id"))
        topic_rows, byline_rows, keyword_rows = [], [], []
        next_ids = [table.next_id() for table in (topics_table, bylines, keywords)]
        for pk in range(first, first + count):
            for topic in {primary[pk], *self.rng.sample(topic_ids, min(2, len(topic_ids)))}:
                topic_rows.append([next_ids[0], pk, topic])
                next_ids[0] += 1
            for order, author in enumerate(self.rng.sample(authors, min(2, len(authors)))):
                byline_rows.append([next_ids[1], pk, author, order])
                next_ids[1] += 1
            for tag in self.rng.sample(tags, min(self.rng.randint(2, 4), len(tags))):
                keyword_rows.append([next_ids[2], tag, pk])
                next_ids[2] += 1
        for label, table, rows in (
            ("article topics", topics_table, topic_rows),
            ("bylines", bylines, byline_rows),
            ("keywords", keywords, keyword_rows),
        ):
            # Rows are [id, ...] in the through table's column order (checked by the tests).
            table.write(rows, progress=(progress := self.progress(label, len(rows))))
            progress.finish()
            table.reset_sequence()

    # --- Comments -------------------------------------------------------------------------
    def make_comments(self, count: int, article_ids: list[int]) -> None:
        table = BulkTable(Comment)
        first = table.next_id()
        at = table.position
        template = table.template(body="x", article_id=article_ids[0], consent_at=self.now)
        viral = article_ids[0]
        recent_threads: dict[int, int] = {}  # article → a recent approved top-level comment
        start = self.now - timedelta(days=365)
        step = 365 * 86400 / max(count, 1)

        def rows():
            rng = self.rng
            for i in range(count):
                pk = first + i
                if i % 10 == 0:
                    article = viral  # one article with a tenth of all comments
                else:
                    article = article_ids[int(len(article_ids) * rng.random() ** 3)]
                roll = rng.random()
                status = "pending" if roll < 0.01 else "rejected" if roll < 0.02 else "approved"
                created = start + timedelta(seconds=i * step)
                parent = recent_threads.get(article) if rng.random() < 0.1 else None
                paragraphs = _paragraphs(rng, rng.randint(1, 2), 2)
                row = template.copy()
                row[at["id"]] = pk
                row[at["article_id"]] = article
                row[at["parent_id"]] = parent
                row[at["title"]] = _sentence(rng, 3)[:-1] if rng.random() < 0.3 else ""
                row[at["name"]] = rng.choice(NAMES)
                row[at["body"]] = "\n\n".join(paragraphs)
                row[at["body_html"]] = "".join(f"<p>{p}</p>\n" for p in paragraphs)
                row[at["status"]] = status
                row[at["consent_at"]] = row[at["created_at"]] = table.datetime(created)
                row[at["published_at"]] = table.datetime(created) if status == "approved" else None
                row[at["client_hash"]] = f"{rng.getrandbits(128):032x}"
                if status == "approved" and parent is None:
                    recent_threads[article] = pk
                yield row

        table.write(rows(), progress=(progress := self.progress("comments", count)))
        progress.finish()
        table.reset_sequence()


if __name__ == "__main__":
    Command().run_from_argv([sys.argv[0], "", *sys.argv[1:]])  # argv[1] is the subcommand
