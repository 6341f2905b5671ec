"""Page speed relative to a bare Django view, on SQLite and PostgreSQL (``make bench``).

    python bench/pages.py [--duration 10] [--runs 3] [--only sqlite|postgresql]

For each database it prepares a site (migrate, collectstatic, ``bench/generate_bulk.py`` when
there are fewer than 200 articles, and one article with exactly 50 approved comments), counts the
queries of each page, then starts ``gunicorn -w 2`` (sync workers, 127.0.0.1) twice — page
cache off (every page built from nothing: KITH_PAGE_CACHE=0), then on (warm) — and runs
``wrk -t2 -c32 -d10s`` on the bare "hello" view (bench/urls.py) and each page, alternating,
three times. A page's figure is the median of its three ratios page ÷ hello (requests per
second, same run). Worker RSS is read after the runs. Results go to
bench/results/pages.json; bench/report.py prints them as one table with the targets.

SQLite: bench/results/pages.sqlite3 (made afresh when missing). PostgreSQL: BENCH_PG_URL
(default postgres://postgres@127.0.0.1:5432/kith_bench_speed), with persistent connections
(DJANGO_CONN_MAX_AGE=600); skipped with a note when it cannot be reached.

Needs wrk: ``apt-get install wrk`` (Debian/Ubuntu; ``make bench`` installs it when run as
root), or build it from https://github.com/wg/wrk.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/kith_bench_speed"
PAGES = ("article", "topic", "home")


# --- Preparing a database (runs in a child process with DATABASE_URL set) -----------------
def prepare() -> None:
    """Migrate, fill, and print the page URLs and their query counts as JSON."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kith.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article
    from bench import generate_bulk
    from comments.models import Comment

    call_command("migrate", verbosity=0, interactive=False)
    call_command("collectstatic", verbosity=0, interactive=False)
    if Article.objects.count() < 200:
        call_command(generate_bulk.Command(), articles=2000, comments=20_000, topics=40)
    article = _fifty_comment_article()
    topic = (
        Article.objects.published()
        .values("primary_topic__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()["primary_topic__slug"]
    )
    busiest = (
        Comment.objects.approved()
        .values("article__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    urls = {"article": article.get_absolute_url(), "topic": f"/topics/{topic}/", "home": "/"}
    client = Client(HTTP_HOST="127.0.0.1")
    # Queries of a page built from nothing.
    queries: dict[str, int] = {}
    busiest_url = f"/articles/{busiest['article__slug']}/"
    with override_settings(KITH_PAGE_CACHE=False):
        for name, url in [*urls.items(), ("article_busiest", busiest_url)]:
            client.get(url)  # the first reader reads the next publish time
            with CaptureQueriesContext(connection) as captured:
                status = client.get(url).status_code
            assert status == 200, (url, status)
            queries[name] = len(captured)
    print(json.dumps({"urls": urls, "queries": queries, "busiest_comments": busiest["n"]}))


def _fifty_comment_article():
    from django.utils import timezone

    from articles.models import Article, Author, ClinicalReviewer
    from comments.models import Comment
    from kith import page_cache
    from kith.markup import render_comment
    from topics.models import Topic

    slug = "bench-fifty-comments"
    article = Article.objects.filter(slug=slug).first()
    if article is not None:
        return article
    now = timezone.now()
    article = Article.objects.create(
        title="Sleep and worry: a benchmark article",
        slug=slug,
        summary="An article with fifty approved comments, for the page benchmark.",
        body="\n\n".join(["Some **plain** words about rest, worry and routine."] * 12),
        primary_topic=Topic.objects.order_by("pk").first(),
        status=Article.Status.PUBLISHED,
        published_at=now - timezone.timedelta(days=2),
        # Published articles carry a clinical review (the database insists), as real ones do.
        reviewed_by=ClinicalReviewer.objects.get_or_create(
            name="Bench Reviewer", defaults={"credentials": "MD"}
        )[0],
        last_reviewed=timezone.localdate(now) - timezone.timedelta(days=3),
    )
    article.topics.add(*Topic.objects.order_by("pk")[:3])
    for order, author in enumerate(Author.objects.order_by("pk")[:2]):
        article.article_authors.create(author=author, order=order)
    article.tags.add("sleep", "worry", "routine")
    article.refresh_search_vector()
    comments = []
    for i in range(50):
        body = f"Comment {i}: the part about evening routines helped me sleep a little better."
        when = now - timezone.timedelta(hours=50 - i)
        comments.append(
            Comment(article=article, title=f"Thoughts {i}" if i % 3 == 0 else "", name="Sam",
                    body=body, body_html=render_comment(body), status=Comment.Status.APPROVED,
                    created_at=when, published_at=when, consent_at=when)
        )  # fmt: skip
    Comment.objects.bulk_create(comments)
    page_cache.bump_content()
    return article


# --- Serving and measuring ---------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# mode → page cache. "cold": every request misses the page cache, so the page is built from
# nothing (the first reader after a change, a new address, every signed-in editor).
MODES = {"cold": False, "warm": True}


def server_env(db_url: str, *, cache: bool) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=db_url,
        KITH_ROOT_URLCONF="bench.urls",
        KITH_PAGE_CACHE="1" if cache else "0",
        DJANGO_DEBUG="0",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
    )
    if db_url.startswith("postgres"):
        env["DJANGO_CONN_MAX_AGE"] = "600"
    return env


def start_gunicorn(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [GUNICORN, "kith.wsgi", "-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}",
         "--log-level", "warning", "--chdir", str(ROOT)],
        env=env, cwd=ROOT,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start within 30 s")


def wrk(url: str, *, duration: int) -> dict[str, float]:
    out = subprocess.run(
        ["wrk", "-t2", "-c32", f"-d{duration}s", url], capture_output=True, text=True, check=True
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rps": rps, "bad": int(bad.group(1)) if bad else 0, "socket": bool(errors)}


def worker_rss_mb(master: int) -> list[float]:
    sizes = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master}$", status, re.M):
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            sizes.append(int(rss.group(1)) / 1024 if rss else 0.0)
    return sizes


def measure(db_url: str, urls: dict[str, str], *, runs: int, duration: int) -> dict:
    result: dict = {}
    for mode, cache in MODES.items():
        port = free_port()
        server = start_gunicorn(server_env(db_url, cache=cache), port)
        try:
            base = f"http://127.0.0.1:{port}"
            for url in ["/__hello__/", *urls.values()]:  # warm both workers' caches/connections
                for _ in range(8):
                    subprocess.run(["curl", "-s", "-o", "/dev/null", base + url], check=False)
            ratios: dict[str, list[float]] = {page: [] for page in PAGES}
            rps: dict[str, list[float]] = {page: [] for page in ("hello", *PAGES)}
            bad = 0
            for run in range(runs):
                hello = wrk(base + "/__hello__/", duration=duration)
                rps["hello"].append(hello["rps"])
                for page in PAGES:
                    figures = wrk(base + urls[page], duration=duration)
                    bad += figures["bad"]
                    rps[page].append(figures["rps"])
                    ratios[page].append(figures["rps"] / hello["rps"])
                print(f"  {mode} run {run + 1}: " + ", ".join(
                    f"{k} {v[-1]:.0f}/s" for k, v in rps.items()), file=sys.stderr)  # fmt: skip
            result[mode] = {
                "ratio": {page: statistics.median(values) for page, values in ratios.items()},
                "rps": {page: statistics.median(values) for page, values in rps.items()},
                "non_2xx": bad,
            }
            result.setdefault("rss_mb", []).extend(worker_rss_mb(server.pid))
        finally:
            server.terminate()
            server.wait(timeout=30)
    return result


def pg_reachable(url: str) -> bool:
    try:
        import psycopg

        psycopg.connect(url.replace("postgres://", "postgresql://", 1), connect_timeout=3).close()
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        prepare()
        return
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: run `apt-get install wrk` (or build wg/wrk).")
    RESULTS.mkdir(parents=True, exist_ok=True)
    databases = {
        "sqlite": f"sqlite:///{RESULTS / 'pages.sqlite3'}",
        "postgresql": os.environ.get("BENCH_PG_URL", DEFAULT_PG),
    }
    if args.only:
        databases = {args.only: databases[args.only]}
    report: dict = {"load": os.getloadavg(), "cores": os.cpu_count(), "databases": {}}
    for name, url in databases.items():
        if name == "postgresql" and not pg_reachable(url):
            print(f"PostgreSQL at {url} cannot be reached: skipped.", file=sys.stderr)
            continue
        print(f"{name}: preparing {url}", file=sys.stderr)
        env = server_env(url, cache=False)
        prepared = subprocess.run(
            [PY, __file__, "--prepare"], env=env, cwd=ROOT, capture_output=True, text=True
        )
        if prepared.returncode:
            sys.stderr.write(prepared.stderr)
            raise SystemExit(f"preparing {name} failed")
        info = json.loads(prepared.stdout.strip().splitlines()[-1])
        print(f"{name}: measuring {info['urls']}", file=sys.stderr)
        info.update(measure(url, info["urls"], runs=args.runs, duration=args.duration))
        report["databases"][name] = info
    report["load_after"] = os.getloadavg()
    (RESULTS / "pages.json").write_text(json.dumps(report, indent=2))
    print(f"Written {RESULTS / 'pages.json'}", file=sys.stderr)


if __name__ == "__main__":
    main()
