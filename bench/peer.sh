#!/usr/bin/env bash
# Kith's article page beside Wagtail's, on the same words, in the same interleaved wrk rounds.
#
#   bench/peer.sh                 # SQLite (bench/results/peer.sqlite3)
#   PEER_DB=pg bench/peer.sh      # PostgreSQL: Kith in KITH_PEER_PG_DB, Wagtail in peer_wagtail
#
# Uses ../shared/peer-wagtail (PEER_HOME): bench/seed_peer_article.py puts the peer's article
# (~1,200 words, 5 tags, 50 approved comments, read from the peer's peercontent.py) into Kith with
# a recorded clinical review (the peer's own seed_kith.py publishes without one, which Kith
# refuses; see bench/README.md), and the peer's bench.sh serves Wagtail and a bare
# Django "hello" under gunicorn -w 2 and runs wrk -t2 -c32 on them and on the Kith servers
# started here (PEER_EXTRA):
#   kith-nothing  the article with the page cache off (KITH_PAGE_CACHE=0): built from nothing
#   kith-warm     the article from the warm page cache
#   kith-hello    Kith's bare view behind Kith's own middleware (bench/urls.py)
# Kith runs with persistent connections (DJANGO_CONN_MAX_AGE=600), like the peer. The PostgreSQL
# server must be running already; nothing here starts or stops it (bench.sh starts the 15/main
# cluster only when it is down, and then stops it again). Other knobs go to bench.sh:
# PEER_RUNS, PEER_DURATION, PEER_WARMUP. Results: /tmp/peer/results/<db>-<time>/summary.txt.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEER_HOME="${PEER_HOME:-$ROOT/../shared/peer-wagtail}"
[ -d "$PEER_HOME" ] || PEER_HOME=/work/shared/peer-wagtail
PY="$ROOT/.venv/bin/python"
GUNICORN="$ROOT/.venv/bin/gunicorn"
PEER_DB="${PEER_DB:-sqlite}"
ARTICLE=/articles/peer-understanding-anxiety/

if [ "$PEER_DB" = pg ]; then
    KITH_DB="postgres://postgres@127.0.0.1:5432/${KITH_PEER_PG_DB:-kith_speed_bench}"
    "$PY" - "$KITH_DB" <<'EOF'
import sys, psycopg
url = sys.argv[1]
name = url.rsplit("/", 1)[1]
with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
    if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
        conn.execute(f'CREATE DATABASE "{name}"')
EOF
else
    mkdir -p "$ROOT/bench/results"
    KITH_DB="sqlite:///$ROOT/bench/results/peer.sqlite3"
fi

export DJANGO_DEBUG=0 DJANGO_LOG_LEVEL=WARNING DJANGO_ALLOWED_HOSTS=127.0.0.1 \
    DJANGO_CONN_MAX_AGE=600 KITH_ROOT_URLCONF=bench.urls
cd "$ROOT"
DATABASE_URL="$KITH_DB" "$PY" manage.py migrate --noinput -v0
DATABASE_URL="$KITH_DB" "$PY" manage.py collectstatic --noinput -v0
if ! DATABASE_URL="$KITH_DB" "$PY" manage.py shell -c \
    "from topics.models import Topic; raise SystemExit(0 if Topic.objects.exists() else 1)"; then
    DATABASE_URL="$KITH_DB" "$PY" manage.py seed_demo >/dev/null
fi
DATABASE_URL="$KITH_DB" PEER_HOME="$PEER_HOME" "$PY" bench/seed_peer_article.py

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

free_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve() {  # serve <page cache 0|1> <port>: in this shell, so that cleanup stops it
    DATABASE_URL="$KITH_DB" KITH_PAGE_CACHE="$1" "$GUNICORN" kith.wsgi -w 2 -k sync \
        --no-control-socket -b "127.0.0.1:$2" --log-level warning >&2 &
    PIDS+=($!)
    for _ in $(seq 60); do curl -fs -o /dev/null "http://127.0.0.1:$2/__hello__/" && break; sleep 0.5; done
}
NOTHING="$(free_port)"
serve 0 "$NOTHING"
WARM="$(free_port)"
serve 1 "$WARM"
for port in "$NOTHING" "$WARM"; do
    curl -fs -o /dev/null -w "kith :$port $ARTICLE: HTTP %{http_code}, %{size_download} bytes\n" \
        "http://127.0.0.1:$port$ARTICLE"
done

env -u DATABASE_URL -u DJANGO_DEBUG -u DJANGO_LOG_LEVEL -u DJANGO_ALLOWED_HOSTS \
    -u DJANGO_CONN_MAX_AGE -u KITH_ROOT_URLCONF PEER_DB="$PEER_DB" \
    PEER_EXTRA="kith-nothing=http://127.0.0.1:$NOTHING$ARTICLE kith-warm=http://127.0.0.1:$WARM$ARTICLE kith-hello=http://127.0.0.1:$NOTHING/__hello__/" \
    "$PEER_HOME/bench.sh"

# The issue's figures, from the medians bench.sh just printed.
SUMMARY="$(ls -td /tmp/peer/results/"$PEER_DB"-* | head -1)/summary.txt"
KITH_BYTES="$(curl -fs -o /dev/null -w '%{size_download}' "http://127.0.0.1:$NOTHING$ARTICLE")"
"$PY" - "$SUMMARY" "$KITH_BYTES" <<'EOF'
import re, sys
text = open(sys.argv[1]).read()
medians = text.split("== medians", 1)[1]
rps = {m[1]: float(m[2]) for m in re.finditer(r"^\s+(\S+)\s+([\d.]+) req/s", medians, re.M)}
peer_bytes = int(re.search(r"article page: HTTP \d+, (\d+) bytes", text)[1])
kith_bytes = int(sys.argv[2])
rows = [
    ("Kith from nothing / Wagtail (target >= 2)", rps["kith-nothing"] / rps["wagtail-article"]),
    ("Kith warm page cache / bare Django hello (target >= 0.8)",
     rps["kith-warm"] / rps["django-hello"]),
    ("Kith from nothing / bare Django hello", rps["kith-nothing"] / rps["django-hello"]),
    ("Kith hello (its middleware) / bare Django hello", rps["kith-hello"] / rps["django-hello"]),
    (f"page bytes: Kith {kith_bytes} / Wagtail {peer_bytes} (target <= 1.25)",
     kith_bytes / peer_bytes),
]
lines = ["== Kith beside Wagtail"] + [f"   {label:62} {value:6.2f}" for label, value in rows]
print("\n".join(lines))
with open(sys.argv[1], "a") as out:
    out.write("\n".join(lines) + "\n")
EOF
