"""Server time at scale on PostgreSQL (``make bench``): p50/p95/p99 per page, EXPLAINs, and
comment-posting throughput across two gunicorn workers.

    python bench/scale.py [--requests 60] [--explain] [--throughput-seconds 10] [--only API]

Uses BENCH_SCALE_URL (default postgres://postgres@127.0.0.1:5432/kith_bench_speed). When it
holds fewer than 100 000 articles, fills it first with ``bench/generate_bulk.py
--articles 100000 --comments 1000000 --topics 2000`` and reports how long that took. Pages are
requested in-process through the whole middleware stack with the page cache
off and its cached parts off (server time of a page rendered from nothing), as an anonymous
reader; the admin queue as a superuser.
Writes bench/results/scale.json (and explain-*.txt with --explain).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/kith_bench_speed"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
os.environ["DATABASE_URL"] = os.environ.get("BENCH_SCALE_URL", DEFAULT_URL)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")
# Every page built from nothing: the page cache off, so what is measured is what 100 000
# articles and 1 000 000 comments cost (queries, plans, rendering).
os.environ["KITH_PAGE_CACHE"] = "0"
os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
# One in-process client makes every request: the API's per-client rate limit would stop it.
os.environ["KITH_API_RATE_LIMIT"] = str(10**9)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from taggit.models import Tag  # noqa: E402

from api.cursors import encode_cursor  # noqa: E402
from articles.models import Article  # noqa: E402
from bench import generate_bulk  # noqa: E402
from comments import moderation  # noqa: E402
from comments.models import Comment  # noqa: E402
from comments.models.keyset import Position  # noqa: E402

# Subject words (in about 1 title in 24); generate_bulk's body vocabulary is so small that its
# words match nine articles in ten, which is bench/search.py's subject, not this one's.
SEARCH_WORDS = ["sleep", "stress", "worry", "grief", "panic", "loneliness", "burnout", "exams"]


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(share: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "n": len(ordered)}


def ensure_data() -> dict:
    info: dict = {}
    if Article.objects.count() < 100_000:
        started = time.monotonic()
        call_command(generate_bulk.Command(), articles=100_000, comments=1_000_000, topics=2000)
        info["generate_seconds"] = round(time.monotonic() - started, 1)
    info["articles"] = Article.objects.count()
    info["comments"] = Comment.objects.count()
    info["pending"] = Comment.objects.pending().count()
    return info


CPU_SAMPLES: list[float] = []  # the last timed request's process CPU ms (see timed)


def timed(client: Client, method: str, url: str, **kwargs) -> tuple[float, int, list]:
    """Wall-clock ms of one request in process (the server time), its status and queries.
    Also appends the request's CPU ms in this process to CPU_SAMPLES: on a machine shared
    with other jobs the wall clock includes waiting for a core, the CPU time does not (it
    leaves out the database's own time, which the queries' ``time`` shows)."""
    with CaptureQueriesContext(connection) as queries:
        started, cpu = time.perf_counter(), time.process_time()
        response = getattr(client, method)(url, **kwargs)
        elapsed = (time.perf_counter() - started) * 1000
        CPU_SAMPLES.append((time.process_time() - cpu) * 1000)
    return elapsed, response.status_code, queries.captured_queries


def measure_pages(requests: int, only: str = "") -> tuple[dict, dict]:
    rng = random.Random(8)
    busiest = (
        Comment.objects.approved().values("article").annotate(n=Count("pk")).order_by("-n")[:1]
    )[0]
    viral = Article.objects.get(pk=busiest["article"])
    top_topics = list(
        Article.objects.published().values("primary_topic__slug").annotate(n=Count("pk"))
        .order_by("-n").values_list("primary_topic__slug", flat=True)[:50]
    )  # fmt: skip
    tags = list(Tag.objects.order_by("?").values_list("slug", flat=True)[:50])
    articles = list(Article.objects.published().order_by("?").values_list("slug", flat=True)[:200])
    qa_topic = top_topics[0]
    # Article pages show each approved comment's stored card; generate_bulk writes none (run
    # ``manage.py refresh_comment_cards`` after it). Store any the measured articles still
    # lack, so that they are measured as a site that ran it serves them.
    stored = Comment.objects.filter(article__slug__in=[*articles, viral.slug]).refresh_cards()
    if stored:
        print(f"stored {stored} comment cards of the measured articles", file=sys.stderr)
    # Page 1 000 as a reader reaches it, by "Later comments" from page 999 (keyset), and as a
    # typed ?page=1000 (offset), for comparison.
    per_page = settings.KITH_COMMENTS_PER_PAGE
    last_of_999 = Comment.objects.for_article_page(viral)[999 * per_page - 1]
    deep = f"/articles/{viral.slug}/?page=1000&after={Position.of(last_of_999)}"
    # The API's page 100 of 20 as a client reaches it: the cursor after the 1 980th article.
    after_99 = Article.objects.published().newest_first()[99 * 20 - 1]
    api_deep = f"/api/v1/articles/?cursor={encode_cursor(Position.of(after_99))}"
    pages = {
        "article (random)": lambda: f"/articles/{rng.choice(articles)}/",
        f"article, {busiest['n']} comments, page 1": lambda: f"/articles/{viral.slug}/",
        "  same, page 1000 from its link (keyset)": lambda: deep,
        "  same, ?page=1000 typed (offset)": lambda: f"/articles/{viral.slug}/?page=1000",
        "topic page": lambda: f"/topics/{rng.choice(top_topics)}/",
        "topic section, page 1": lambda: f"/topics/{qa_topic}/basic-information/",
        "topic section, last page": lambda: f"/topics/{qa_topic}/basic-information/?page=last",
        "home": lambda: "/",
        "tag page": lambda: f"/tags/{rng.choice(tags)}/",
        "search": lambda: f"/search/?q={rng.choice(SEARCH_WORDS)}",
        "API article list": lambda: "/api/v1/articles/",
        "API article list, page 100 (cursor)": lambda: api_deep,
        "API article list, ?topic=": lambda: f"/api/v1/articles/?topic={rng.choice(top_topics)}",
        "API article list, ?tag=": lambda: f"/api/v1/articles/?tag={rng.choice(tags)}",
        "API article list, ?language=es": lambda: "/api/v1/articles/?language=es",
        "API article list, ?language=fr (none)": lambda: "/api/v1/articles/?language=fr",
        "API article (random)": lambda: f"/api/v1/articles/{rng.choice(articles)}/",
        "API comments, busiest article": lambda: f"/api/v1/articles/{viral.slug}/comments/",
        "admin pending queue": lambda: "/admin/comments/comment/?status__exact=pending",
        "admin comments (all)": lambda: "/admin/comments/comment/?all=1",  # bare: pending
    }
    anonymous = Client(HTTP_HOST="127.0.0.1")
    admin = Client(HTTP_HOST="127.0.0.1")
    from django.contrib.auth import get_user_model

    user, _ = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    admin.force_login(user)
    results, slowest = {}, {}
    for name, make_url in pages.items():
        if only.lower() not in name.lower():
            continue
        client = admin if name.startswith("admin") else anonymous
        for _ in range(3):  # connections, templates, shared values
            client.get(make_url())
        samples, sql, worst = [], [], (0.0, [])
        CPU_SAMPLES.clear()
        for _ in range(requests):
            elapsed, status, queries = timed(client, "get", make_url())
            assert status == 200, (name, status)
            samples.append(elapsed)
            sql.append(sum(float(q["time"]) for q in queries) * 1000)
            if elapsed > worst[0]:
                worst = (elapsed, queries)
        cpu, sql_ms = percentiles(CPU_SAMPLES), percentiles(sql)
        results[name] = {
            **percentiles(samples),
            "queries": len(worst[1]),
            "cpu_p50": cpu["p50"], "cpu_p95": cpu["p95"],
            "sql_p50": sql_ms["p50"], "sql_p95": sql_ms["p95"],
        }  # fmt: skip
        slowest[name] = max(worst[1], key=lambda q: float(q["time"]), default=None)
    if only.lower() in "post a comment":
        results["post a comment"] = measure_posting(anonymous, viral, requests)
    return results, slowest


def measure_posting(client: Client, article: Article, requests: int) -> dict:
    url = f"/comments/articles/{article.slug}/post/"
    samples = []
    for i in range(requests):
        data = {
            "title": "", "name": "Bench", "email": "", "consent": "on", "website": "",
            "parent": "", "timestamp": moderation.sign_timestamp(time.time() - 60),
            "body": f"A benchmark comment {i} {random.random()} about sleep and worry.",
        }  # fmt: skip
        elapsed, status, _ = timed(
            client, "post", url, data=data, REMOTE_ADDR=f"10.9.{i // 250}.{i % 250}",
            headers={"origin": "http://127.0.0.1"},
        )  # fmt: skip
        assert status == 302, status
        samples.append(elapsed)
    return {**percentiles(samples), "queries": None}


def explain(slowest: dict) -> None:
    for name, query in slowest.items():
        if not query or not query["sql"].lstrip(" (").upper().startswith("SELECT"):
            continue
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
        (RESULTS / f"explain-{slug}.txt").write_text(f"{query['sql']}\n\n{plan}\n")


def throughput(seconds: int) -> dict:
    """wrk posts comments (each from its own address, unique text) to two gunicorn workers."""
    from bench.pages import free_port, start_gunicorn

    article = Article.objects.published().order_by("-pk").first()
    before = Comment.objects.count()
    port = free_port()
    env = {
        **os.environ, "DJANGO_CONN_MAX_AGE": "600", "KITH_COMMENTS_TRUSTED_PROXY_COUNT": "1",
        "KITH_ROOT_URLCONF": "bench.urls",
    }  # fmt: skip
    server = start_gunicorn(env, port)
    script = RESULTS / "post.lua"
    script.write_text(
        (ROOT / "bench" / "post_comment.lua").read_text()
        .replace("__TIMESTAMP__", moderation.sign_timestamp(time.time() - 60))
        .replace("__ORIGIN__", f"http://127.0.0.1:{port}")
        # A first octet of its own for each run in the rate-limit window (200 minutes apart).
        .replace("__NET__", str(11 + int(time.time() // 60) % 200))
    )  # fmt: skip
    try:
        out = subprocess.run(
            ["wrk", "-t2", "-c8", f"-d{seconds}s", "-s", str(script),
             f"http://127.0.0.1:{port}/comments/articles/{article.slug}/post/"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=30)
    sent = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    stored = Comment.objects.count() - before
    return {
        "sent": sent,
        "refused_or_failed": int(bad.group(1)) if bad else 0,
        "stored": stored,
        "accepted_per_second": round(stored / seconds, 1),
        # wrk counts only the answers it read before stopping; requests still in flight then
        # are stored too. Lost = accepted answers without a row.
        "lost": max(0, sent - (int(bad.group(1)) if bad else 0) - stored),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=60, help="timed requests per page")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN the slowest queries")
    parser.add_argument("--throughput-seconds", type=int, default=10)
    parser.add_argument(
        "--only", default="", help="measure only the rows whose name contains this (e.g. API)"
    )
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    report = {"load": os.getloadavg(), **ensure_data()}
    report["pages"], slowest = measure_pages(args.requests, args.only)
    if args.explain:
        explain(slowest)
    if args.throughput_seconds:
        report["posting"] = throughput(args.throughput_seconds)
    report["load_after"] = os.getloadavg()
    (RESULTS / "scale.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
