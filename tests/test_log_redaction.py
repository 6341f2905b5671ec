"""Logs keep no client address and no secret token (kith/log_redaction.py, gunicorn_conf.py)."""

from __future__ import annotations

import logging
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

from django.conf import settings
from django.core.checks import run_checks
from django.test import SimpleTestCase, override_settings
from django.urls import reverse
from gunicorn.config import Config

from kith import gunicorn_conf
from kith.log_redaction import RedactSecretsFilter, redact_secrets

ROOT = Path(__file__).resolve().parents[1]
DELETE_PATH = "/comments/4817/delete/Zq3-secret_Token9/"


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def gunicorn_logger() -> tuple[gunicorn_conf.RedactingLogger, Capture]:
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", gunicorn_conf.access_log_format)
    logger = gunicorn_conf.RedactingLogger(cfg)
    capture = Capture()
    logger.access_log.addHandler(capture)
    logger.error_log.addHandler(capture)
    return logger, capture


def access_line(*, uri: str, referer: str = "-", log_format: str | None = None) -> str:
    logger, capture = gunicorn_logger()
    if log_format:
        logger.cfg.set("access_log_format", log_format)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": uri,
        "PATH_INFO": uri.split("?")[0],
        "QUERY_STRING": uri.partition("?")[2],
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.77",
        "HTTP_REFERER": referer,
        "HTTP_USER_AGENT": "Mozilla/5.0 test",
    }
    headers = [("X-FORWARDED-FOR", "198.51.100.23"), ("REFERER", referer)]
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger.access(response, SimpleNamespace(headers=headers), environ, timedelta(milliseconds=42))
    return capture.lines[-1]


class GunicornAccessLogTests(SimpleTestCase):
    def test_the_access_line_has_no_address_and_no_token(self):
        line = access_line(uri=DELETE_PATH + "?next=1")
        assert '"GET /comments/4817/delete/[redacted]/?next=1 HTTP/1.1" 200 512 42ms' in line
        assert "203.0.113.77" not in line and "198.51.100.23" not in line
        assert "Zq3-secret_Token9" not in line

    def test_a_format_asking_for_address_referrer_or_headers_still_gets_none(self):
        """Someone who puts %(h)s or the combined format back gets no address or token."""
        log_format = '%(h)s "%(r)s" %(U)s %(f)s %({x-forwarded-for}i)s %({remote_addr}e)s'
        line = access_line(
            uri="/articles/on-worry/",
            referer="https://kith.example.org" + DELETE_PATH,
            log_format=log_format,
        )
        assert "203.0.113.77" not in line and "198.51.100.23" not in line
        assert "Zq3-secret_Token9" not in line
        assert "/comments/4817/delete/[redacted]/" in line

    def test_ordinary_paths_are_logged_unchanged(self):
        line = access_line(uri="/articles/on-worry/?page=2")
        assert '"GET /articles/on-worry/?page=2 HTTP/1.1" 200' in line

    def test_the_error_log_redacts_the_token_too(self):
        logger, capture = gunicorn_logger()
        logger.error("Error handling request %s", DELETE_PATH)
        assert capture.lines == ["Error handling request /comments/4817/delete/[redacted]/"]

    def test_gunicorn_reads_the_configuration_file(self):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "kith/gunicorn_conf.py",
                "--print-config",
                "kith.wsgi",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        assert "RedactingLogger" in result.stdout
        assert "%(h)s" not in result.stdout and gunicorn_conf.access_log_format in result.stdout


class DjangoLogTests(SimpleTestCase):
    def test_django_records_are_redacted_by_the_console_handler(self):
        assert "redact_secrets" in settings.LOGGING["handlers"]["console"]["filters"]
        record = logging.LogRecord(
            "django.request", logging.WARNING, __file__, 1, "Not Found: %s", (DELETE_PATH,), None
        )
        assert RedactSecretsFilter().filter(record)
        assert record.getMessage() == "Not Found: /comments/4817/delete/[redacted]/"

    def test_reply_notification_links_are_redacted(self):
        """The confirmation, unsubscribe and one-click links carry signed tokens."""
        token = "WzEsImFiYyJd:1vQ3xY:Zq3-secret_Sig9"
        for kind in ("confirm", "stop", "one-click"):
            path = f"/comments/notifications/{kind}/{token}/"
            line = access_line(uri=path)
            assert "Zq3-secret_Sig9" not in line and "WzEsImFiYyJd" not in line
            assert f"/comments/notifications/{kind}/[redacted]/" in line
            record = logging.LogRecord(
                "django.request", logging.WARNING, __file__, 1, "Bad Request: %s", (path,), None
            )
            RedactSecretsFilter().filter(record)
            assert record.getMessage() == f"Bad Request: /comments/notifications/{kind}/[redacted]/"

    def test_the_redacted_patterns_match_the_urls_the_app_builds(self):
        for name in ("notify-confirm", "notify-stop", "notify-one-click"):
            path = reverse(f"comments:{name}", args=["Zq3-secret_Token9"])
            assert "Zq3-secret_Token9" not in redact_secrets(path)

    def test_redact_secrets_leaves_other_text_alone(self):
        assert redact_secrets("/comments/12/report/") == "/comments/12/report/"
        assert (
            redact_secrets("GET /comments/12/delete/abc/ x")
            == "GET /comments/12/delete/[redacted]/ x"
        )


class EmailBackendCheckTests(SimpleTestCase):
    def ids(self) -> set[str]:
        return {message.id for message in run_checks(include_deployment_checks=True)}

    @override_settings(DEBUG=False, EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend")
    def test_console_backend_in_production_is_flagged(self):
        assert "kith.W001" in self.ids()

    @override_settings(
        DEBUG=False, EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend"
    )
    def test_file_backend_in_production_is_flagged(self):
        assert "kith.W001" in self.ids()

    @override_settings(DEBUG=False, EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend")
    def test_smtp_backend_is_not_flagged(self):
        assert "kith.W001" not in self.ids()

    @override_settings(DEBUG=False, KITH_SITE_URL="http://127.0.0.1:8000")
    def test_a_plain_http_site_url_in_production_is_flagged(self):
        assert "kith.W002" in self.ids()

    @override_settings(DEBUG=False, KITH_SITE_URL="https://kith.example.org")
    def test_an_https_site_url_is_not_flagged(self):
        assert "kith.W002" not in self.ids()
