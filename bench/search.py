"""Search latency benchmark: N synthetic articles, M searches, p50/p95/p99 per kind of query.

    python bench/search.py --articles 100000 --queries 200
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kith_bench python bench/search.py ...

It uses the database in DATABASE_URL (migrating it first); without one it uses
bench/results/bench.sqlite3, never the development database. Synthetic articles have slugs
starting with ``bench-`` and are replaced when their number differs from --articles (use
--keep to reuse them). Each timed search does what the search page does: the count (which
stops at ``RESULT_CAP + 1``: "matches" then reads ">1000"), the first page of 20 with highlights.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
if not os.environ.get("DATABASE_URL"):
    (ROOT / "bench" / "results").mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'bench' / 'results' / 'bench.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article, ClinicalReviewer  # noqa: E402
from articles.search import (  # noqa: E402
    RESULT_CAP,
    highlight_results,
    search_articles,
    search_terms,
)
from topics.models import Topic  # noqa: E402

PREFIX = "bench-"
PAGE_SIZE = 20
# Words the queries look for, with how often they appear: common ones in many articles.
COMMON = ["sleep", "anxiety", "stress", "worry", "breathing", "feelings"]
MEDIUM = ["resilience", "grief", "loneliness", "routine", "panic", "gratitude"]
RARE = ["lighthouse", "marigold", "harbour", "lantern", "orchard", "compass"]


def made_up_words(rng: random.Random, count: int) -> list[str]:
    syllables = ["ka", "lo", "mi", "ser", "tan", "vo", "ri", "nel", "pa", "dus", "fen", "gor"]
    return ["".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(count)]


def sentence(rng: random.Random, filler: list[str], words: int, *, extra: list[str]) -> str:
    chosen = rng.choices(filler, k=words)
    for word in extra:
        chosen[rng.randrange(len(chosen))] = word
    return " ".join(chosen).capitalize() + "."


def create_articles(total: int, *, seed: int, batch: int = 2000) -> None:
    rng = random.Random(seed)
    filler = made_up_words(rng, 5000)
    topic, _ = Topic.objects.get_or_create(
        slug="bench-topic", defaults={"name": "Benchmark", "summary": "Synthetic articles."}
    )
    reviewer, _ = ClinicalReviewer.objects.get_or_create(
        name="Bench Reviewer", defaults={"credentials": "MD"}
    )
    now = timezone.now()
    today = timezone.localdate(now)
    started = time.perf_counter()
    for start in range(0, total, batch):
        rows = []
        for n in range(start, min(start + batch, total)):
            extra = []
            if rng.random() < 0.30:
                extra.append(rng.choice(COMMON))
            if rng.random() < 0.03:
                extra.append(rng.choice(MEDIUM))
            if rng.random() < 0.0005:
                extra.append(rng.choice(RARE))
            body = " ".join(
                sentence(rng, filler, 15, extra=extra if i == 2 else []) for i in range(10)
            )
            rows.append(
                Article(
                    title=sentence(rng, filler, 6, extra=extra[:1] if n % 7 == 0 else []),
                    slug=f"{PREFIX}{n}",
                    summary=sentence(rng, filler, 20, extra=[]),
                    body=body,
                    body_html=f"<p>{body}</p>",
                    body_text=body,
                    primary_topic=topic,
                    status=Article.Status.PUBLISHED,
                    published_at=now - timedelta(minutes=n),
                    reviewed_by=reviewer,
                    last_reviewed=today,
                    next_review_due=today + timedelta(days=365),
                    reading_time=1,
                )
            )
        with transaction.atomic():
            Article.objects.bulk_create(rows)
        print(f"  created {min(start + batch, total):>7} / {total}", end="\r", flush=True)
    print(f"  created {total} articles in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    updated = Article.objects.filter(slug__startswith=PREFIX).update_search_vectors()
    if updated:
        print(f"  stored {updated} search vectors in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE articles_article")


def one_search(query: str) -> int:
    """What the search page does for ``query``: count, first page, highlights. Returns the
    matches counted (``RESULT_CAP + 1`` standing for "more than the cap")."""
    terms = search_terms(query)
    results = search_articles(Article.objects.published().for_listing(), terms)
    page = Paginator(results, PAGE_SIZE).get_page(1)
    found = list(page.object_list)
    highlight_results(found, terms)
    return results.found


def percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200, help="searches per kind of query")
    parser.add_argument("--keep", action="store_true", help="reuse existing bench articles")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    settings_db = connection.settings_dict
    print(f"Database: {connection.vendor} {settings_db['NAME']}")
    call_command("migrate", verbosity=0)
    existing = Article.objects.filter(slug__startswith=PREFIX).count()
    if existing != args.articles and not args.keep:
        if existing:
            print(f"  removing {existing} old bench articles")
            Article.objects.filter(slug__startswith=PREFIX).delete()
        create_articles(args.articles, seed=args.seed)
    total = Article.objects.count()
    print(f"Articles in the database: {total}")

    rng = random.Random(args.seed)
    kinds = {
        "common word": lambda: rng.choice(COMMON),
        "medium word": lambda: rng.choice(MEDIUM),
        "rare word": lambda: rng.choice(RARE),
        "two words": lambda: f"{rng.choice(COMMON)} {rng.choice(MEDIUM)}",
        "stemmed form": lambda: rng.choice(["worries", "feeling", "routines", "griefs"]),
        "no match": lambda: rng.choice(["zzyzx", "qwertyuiop", "xylophonist"]),
    }
    for _ in range(3):  # warm caches and connections
        one_search("sleep")
    print()
    print(f"{'query':<14} {'runs':>5} {'matches':>9} {'p50 ms':>9} {'p95 ms':>9} {'p99 ms':>9}")
    print("-" * 60)
    everything: list[float] = []
    for kind, make_query in kinds.items():
        samples, matches = [], []
        for _ in range(args.queries):
            query = make_query()
            started = time.perf_counter()
            matches.append(one_search(query))
            samples.append((time.perf_counter() - started) * 1000)
        everything += samples
        median = round(statistics.median(matches))
        shown = f">{RESULT_CAP}" if median > RESULT_CAP else str(median)
        print(
            f"{kind:<14} {len(samples):>5} {shown:>9} "
            f"{percentile(samples, 50):>9.1f} {percentile(samples, 95):>9.1f} "
            f"{percentile(samples, 99):>9.1f}"
        )
    print("-" * 60)
    print(
        f"{'all':<14} {len(everything):>5} {'':>9} {percentile(everything, 50):>9.1f} "
        f"{percentile(everything, 95):>9.1f} {percentile(everything, 99):>9.1f}"
    )


if __name__ == "__main__":
    main()
