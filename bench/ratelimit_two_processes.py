#!/usr/bin/env python3
"""Shows that the comment rate limit holds across two gunicorn processes sharing Redis.

Starts two separate ``gunicorn kith.wsgi`` processes (one worker each) on two free ports of
127.0.0.1, with one Redis database (REDIS_URL, db 14 by default) and one temporary SQLite
database (or ``--database-url``), migrated and holding one published article. Then one client
(one address, one cookie jar) sends comments to the two processes in turn and counts what each
answered: accepted (302 to the confirmation page) or refused by the rate limit (429 with the
rate-limit message). The limit holds when the total accepted equals KITH_COMMENTS_RATE_LIMIT
and every other attempt was refused; the script then exits 0, otherwise 1.

Settings are production's defaults except two, both from the environment: the flood rule
(KITH_COMMENTS_FLOOD_SECONDS=0), which would otherwise refuse every comment after the first
for 15 seconds and hide the hourly limit; and a cache key prefix of its own, so that other runs
and other users of the Redis database never share its counters. The form's "too quick for a
person" minimum stays at its default: every form is fetched first, then the script waits it
out once.

Usage: .venv/bin/python bench/ratelimit_two_processes.py [--attempts N] [--database-url URL]
The control: ``--redis-url ""`` gives each process a local-memory cache of its own, so each
accepts the full limit and the script reports "limit held: NO" and exits 1.
Bounded in time (under a minute); both processes are stopped and the temporary files and Redis
keys removed, whatever happens.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = Path(sys.executable)
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
DEADLINE_SECONDS = 55
RATE_LIMITED = "You have sent several comments in a short time."
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TIMESTAMP_INPUT = re.compile(r'name="timestamp" value="([^"]+)"')

SETUP_CODE = """
import json
from datetime import timedelta
from django.conf import settings
from django.utils import timezone
from articles.models import Article, ClinicalReviewer
from topics.models import Topic
topic = Topic.objects.create(name="Bench", slug="bench", summary="Rate-limit bench.")
reviewer = ClinicalReviewer.objects.create(name="Bench Reviewer", credentials="MD")
article = Article.objects.create(
    title="Rate-limit bench", slug="rate-limit-bench", status=Article.Status.PUBLISHED,
    published_at=timezone.now() - timedelta(hours=1), summary="A page to comment on.",
    body="Comments are welcome.", primary_topic=topic, reviewed_by=reviewer,
    last_reviewed=timezone.localdate() - timedelta(days=1),
)
article.topics.add(topic)
print(json.dumps({
    "path": article.get_absolute_url(),
    "limit": settings.KITH_COMMENTS_RATE_LIMIT,
    "window": settings.KITH_COMMENTS_RATE_WINDOW_SECONDS,
    "min_form_seconds": settings.KITH_COMMENTS_MIN_FORM_SECONDS,
}))
"""
COUNT_CODE = "from comments.models import Comment; print(Comment.objects.count())"


@dataclass
class Tally:
    name: str
    port: int
    attempts: int = 0
    accepted: int = 0
    rate_limited: int = 0
    other: int = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run_manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=30, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args[:1])} failed:\n{result.stderr}")
    return result.stdout


def start_gunicorn(port: int, env: dict[str, str], log: Path) -> subprocess.Popen:
    gunicorn = PYTHON.with_name("gunicorn")
    command = [str(gunicorn), "kith.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}",
               "--timeout", "20", "--graceful-timeout", "2"]  # fmt: skip
    with log.open("wb") as out:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_until_up(url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn for {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise SystemExit(f"gunicorn for {url} did not answer in time")


def stop(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        if process.poll() is None:
            process.terminate()
    for process in processes:
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def forget_redis_keys(redis_url: str, prefix: str) -> None:
    if not redis_url:
        return
    try:
        import redis
    except ImportError:  # the keys expire with the rate window anyway
        return
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # a 302 is the answer we count
        return None


def post_comments(bases: list[Tally], article_path: str, attempts: int, min_wait: int,
                  deadline: float) -> None:  # fmt: skip
    """One client: forms fetched first (tokens issued early), then sent in turn to A and B."""
    jar = http.cookiejar.CookieJar()  # cookies ignore ports: one jar serves both processes
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect)
    forms = []
    for n in range(attempts):
        tally = bases[n % len(bases)]
        base = f"http://127.0.0.1:{tally.port}"
        with opener.open(base + article_path, timeout=10) as response:
            html = response.read().decode()
        # The cached comment form carries no CSRF token; the post proves its origin instead.
        csrf = CSRF_INPUT.search(html)
        forms.append((tally, base, csrf[1] if csrf else "", TIMESTAMP_INPUT.search(html)[1]))
    time.sleep(min_wait + 0.5)  # the form's minimum, waited out once for every form
    slug = article_path.strip("/").split("/")[-1]
    for n, (tally, base, csrf, timestamp) in enumerate(forms):
        if time.monotonic() > deadline:
            raise SystemExit("out of time")
        data = urllib.parse.urlencode({
            "csrfmiddlewaretoken": csrf, "timestamp": timestamp, "website": "", "parent": "",
            "title": "", "name": "", "email": "", "consent": "on",
            "body": f"Comment number {n + 1} from the rate-limit bench.",
        }).encode()  # fmt: skip
        request = urllib.request.Request(
            f"{base}/comments/articles/{slug}/post/",
            data=data,
            headers={"Referer": base + "/", "Origin": base},
        )
        tally.attempts += 1
        try:
            with opener.open(request, timeout=10) as response:
                status, body = response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        if status == 302:
            tally.accepted += 1
        elif status == 429 and RATE_LIMITED in body:
            tally.rate_limited += 1
        else:
            tally.other += 1
            print(f"unexpected answer from {tally.name}: {status} {body[:200]!r}", file=sys.stderr)


def print_table(tallies: list[Tally], limit: int, window: int, stored: int) -> bool:
    total = Tally("total", 0)
    for tally in tallies:
        total.attempts += tally.attempts
        total.accepted += tally.accepted
        total.rate_limited += tally.rate_limited
        total.other += tally.other
    print(f"{'process':<12} {'port':>6} {'attempts':>9} {'accepted':>9} {'rate-limited':>13} "
          f"{'other':>6}")  # fmt: skip
    for t in [*tallies, total]:
        port = str(t.port) if t.port else ""
        print(f"{t.name:<12} {port:>6} {t.attempts:>9} {t.accepted:>9} {t.rate_limited:>13} "
              f"{t.other:>6}")  # fmt: skip
    held = (
        total.accepted == limit == stored
        and total.rate_limited == total.attempts - limit
        and total.other == 0
    )
    print(f"configured limit: {limit} comments per {window} s per client; "
          f"accepted in total: {total.accepted}; stored: {stored}; "
          f"limit held: {'yes' if held else 'NO'}")  # fmt: skip
    return held


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--attempts", type=int, default=0, help="default: twice the limit + 2")
    parser.add_argument("--database-url", default="", help="default: a temporary SQLite file")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    args = parser.parse_args()
    deadline = time.monotonic() + DEADLINE_SECONDS
    workdir = Path(tempfile.mkdtemp(prefix="kith-ratelimit-"))
    prefix = f"kith-bench-{uuid.uuid4().hex[:12]}"
    env = {key: value for key, value in os.environ.items() if key != "PYTEST_VERSION"}
    env.update({
        "DJANGO_SETTINGS_MODULE": "kith.settings",
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "REDIS_URL": args.redis_url,
        "DJANGO_CACHE_PREFIX": prefix,
        "KITH_COMMENTS_FLOOD_SECONDS": "0",
        "DJANGO_DEBUG": "0",
        "PYTHONUNBUFFERED": "1",
    })  # fmt: skip
    processes: list[subprocess.Popen] = []
    try:
        run_manage(env, "migrate", "--noinput", "--verbosity", "0")
        run_manage(env, "collectstatic", "--noinput", "--verbosity", "0")
        setup = json.loads(run_manage(env, "shell", "-c", SETUP_CODE).strip().splitlines()[-1])
        tallies = [Tally("gunicorn A", free_port()), Tally("gunicorn B", free_port())]
        for tally in tallies:
            log = workdir / f"{tally.name.split()[-1]}.log"
            processes.append(start_gunicorn(tally.port, env, log))
        for tally, process in zip(tallies, processes, strict=True):
            wait_until_up(f"http://127.0.0.1:{tally.port}/", process, deadline)
        attempts = args.attempts or 2 * setup["limit"] + 2
        post_comments(tallies, setup["path"], attempts, setup["min_form_seconds"], deadline)
        stored = int(run_manage(env, "shell", "-c", COUNT_CODE).strip().splitlines()[-1])
        held = print_table(tallies, setup["limit"], setup["window"], stored)
        pids = ", ".join(str(p.pid) for p in processes)
        print(f"two gunicorn processes (pids {pids}), Redis {args.redis_url}, "
              f"database {env['DATABASE_URL'].split(':')[0]}")  # fmt: skip
        return 0 if held else 1
    finally:
        stop(processes)
        forget_redis_keys(args.redis_url, prefix)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
