"""The production front (deploy/nginx/) keeps slow clients away from gunicorn.

Starts gunicorn (kith/gunicorn_conf.py, two sync workers, a temporary SQLite database) and nginx
with deploy/nginx/kith-proxy.conf in front of it, both on free ports of 127.0.0.1 with their
pid, log and temporary files in a temporary folder. Then 200 "slowloris" clients send headers a
line at a time and never finish, while a reader's requests must still be answered quickly.
The control: a handful of such clients sent to gunicorn directly leave a reader waiting.

Skipped when nginx is not installed, unless KITH_REQUIRE_NGINX=1 (.ci/run installs nginx and
sets it). About 15 seconds.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from tests.resilience import servers

NGINX = servers.nginx_bin()
REQUIRED = os.environ.get("KITH_REQUIRE_NGINX") == "1"
SLOW_CLIENTS = 200
SLOW_SECONDS = 6

pytestmark = pytest.mark.skipif(
    (NGINX is None and not REQUIRED) or not servers.GUNICORN.exists(),
    reason="nginx is not installed (apt-get install nginx-light; KITH_REQUIRE_NGINX=1 "
    "makes this a failure) or gunicorn is missing",
)


def nginx_config(folder: Path, *, port: int, upstream: int) -> Path:
    proxy = (servers.ROOT / "deploy" / "nginx" / "kith-proxy.conf").read_text()
    assert "/srv/kith/staticfiles/" in proxy
    proxy = proxy.replace("/srv/kith/staticfiles/", f"{servers.ROOT}/kith/static/")
    assert "/srv/kith/media/" in proxy
    (folder / "media" / "images").mkdir(parents=True)
    proxy = proxy.replace("/srv/kith/media/", f"{folder}/media/")
    (folder / "kith-proxy.conf").write_text(proxy)
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (folder / name).mkdir()
        (folder / name).chmod(0o777)  # nginx's workers run as nobody when started by root
    folder.chmod(0o755)
    config = folder / "nginx.conf"
    config.write_text(f"""
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    upstream kith_gunicorn {{ server 127.0.0.1:{upstream} fail_timeout=0; }}
    server {{
        listen 127.0.0.1:{port};
        server_name 127.0.0.1;
        include {folder}/kith-proxy.conf;
    }}
}}
""")
    return config


def open_slow_clients(port: int, count: int) -> list[socket.socket]:
    clients = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=2)
        sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # never the blank line
        clients.append(sock)
    return clients


def trickle(clients: list[socket.socket], n: int) -> None:
    for sock in clients:
        with contextlib.suppress(OSError):  # nginx gave up on it: as it should
            sock.sendall(f"X-Slow-{n}: {n}\r\n".encode())


def timed_get(url: str, *, timeout: float) -> tuple[int, str, float]:
    started = time.monotonic()
    with urllib.request.urlopen(url, timeout=timeout) as response:
        body = response.read().decode()
        return response.status, body, time.monotonic() - started


def check_media_served_by_nginx(front: str, media_root: Path) -> None:
    """Uploaded images come from MEDIA_ROOT through nginx: cached for a year, never sniffed;
    a file that is not an image is an opaque, sandboxed download."""
    from PIL import Image

    name = "images/0123456789abcdef-4x3.png"
    Image.new("RGB", (4, 3), "teal").save(media_root / name)
    (media_root / "images" / "planted.html").write_text("<script>alert(1)</script>")
    with urllib.request.urlopen(f"{front}/media/{name}", timeout=2) as image:
        assert image.headers["Content-Type"] == "image/png"
        assert "immutable" in image.headers["Cache-Control"]
        assert "max-age=31536000" in image.headers["Cache-Control"]
        assert image.headers["X-Content-Type-Options"] == "nosniff"
        assert image.read().startswith(b"\x89PNG")
    with urllib.request.urlopen(f"{front}/media/images/planted.html", timeout=2) as planted:
        assert planted.headers["Content-Type"] == "application/octet-stream"
        assert "sandbox" in planted.headers["Content-Security-Policy"]
        assert planted.headers["X-Content-Type-Options"] == "nosniff"


def test_slow_clients_do_not_hold_up_readers_behind_nginx() -> None:
    folder = Path(tempfile.mkdtemp(prefix="kith-nginx-"))
    app_port, front_port = servers.free_port(), servers.free_port()
    env = servers.base_env(
        DATABASE_URL=f"sqlite:///{folder}/kith.sqlite3",
        DJANGO_BEHIND_PROXY="1",
        KITH_COMMENTS_TRUSTED_PROXY_COUNT="1",
    )
    servers.manage(env, "migrate", "--noinput", "-v0")
    gunicorn = nginx = None
    clients: list[socket.socket] = []
    try:
        gunicorn = servers.start_gunicorn(app_port, env, folder / "gunicorn.log", workers=2)
        servers.wait_for_http(f"http://127.0.0.1:{app_port}/", process=gunicorn)
        config = nginx_config(folder, port=front_port, upstream=app_port)
        nginx = subprocess.Popen(
            [NGINX, "-c", str(config), "-p", str(folder)],
            stdout=subprocess.DEVNULL,
            stderr=(folder / "nginx.stderr").open("wb"),
        )
        front = f"http://127.0.0.1:{front_port}"
        servers.wait_for_http(front + "/", process=nginx)

        # Static files come from nginx itself, with the year-long cache header.
        with urllib.request.urlopen(front + "/static/kith/kith.css", timeout=2) as css:
            assert "immutable" in css.headers["Cache-Control"]
            assert css.read()

        check_media_served_by_nginx(front, folder / "media")

        clients = open_slow_clients(front_port, SLOW_CLIENTS)
        times = []
        deadline = time.monotonic() + SLOW_SECONDS
        n = 0
        while time.monotonic() < deadline:
            n += 1
            trickle(clients, n)
            status, body, seconds = timed_get(front + "/", timeout=5)
            assert status == 200 and "Kith" in body
            times.append(seconds)
            time.sleep(0.2)
        assert len(times) >= 10
        assert max(times) < 1.0, f"slowest reader request behind nginx: {max(times):.2f} s"

        # A body larger than the limit is refused by nginx before gunicorn reads anything.
        with socket.create_connection(("127.0.0.1", front_port), timeout=5) as sock:
            sock.sendall(
                b"POST /search/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50000000\r\n\r\n"
            )
            assert sock.recv(200).startswith(b"HTTP/1.1 413")

        # The control: gunicorn's two sync workers alone are held by a few slow clients.
        direct = open_slow_clients(app_port, 8)
        clients += direct
        started = time.monotonic()
        with pytest.raises(OSError):  # timed out: no worker was free
            timed_get(f"http://127.0.0.1:{app_port}/", timeout=2)
        assert time.monotonic() - started >= 1.9
    finally:
        for sock in clients:
            sock.close()
        servers.stop(nginx)
        servers.stop(gunicorn)
