"""The comment rate limit holds across two gunicorn processes that share Redis.

Runs bench/ratelimit_two_processes.py, which starts the two processes on 127.0.0.1 and posts
comments to them in turn as one client. Needs a Redis server on 127.0.0.1:6379 and gunicorn;
without either the test skips and says which is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "bench" / "ratelimit_two_processes.py"


def _redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


GUNICORN = Path(sys.executable).with_name("gunicorn")


@pytest.mark.skipif(not GUNICORN.exists(), reason=f"gunicorn is not installed at {GUNICORN}")
@pytest.mark.skipif(not _redis_answers(), reason="no Redis server answers on 127.0.0.1:6379")
def test_rate_limit_holds_across_two_gunicorn_processes() -> None:
    """Two processes together accept exactly KITH_COMMENTS_RATE_LIMIT comments from one
    client and answer 429 to the rest (the bench prints the table and exits 0)."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=90, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "limit held: yes" in result.stdout
    rows = {line.split()[1]: line.split() for line in result.stdout.splitlines()
            if line.startswith("gunicorn ")}  # fmt: skip
    assert set(rows) == {"A", "B"}
    assert all(int(row[4]) > 0 for row in rows.values()), "both processes accepted comments"
    assert all(int(row[5]) > 0 for row in rows.values()), "both processes refused comments"
