"""Security hardening: Content-Security-Policy, production headers, deploy checks, login throttling.

The production environment is the real one: a subprocess imports kith.settings with the
variables a deployment sets, so these tests follow any change to how settings read them.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import reverse

from tests.browser.axe import axe_violations, describe
from tests.browser.fixtures import VIEWPORTS
from tests.browser.pages import PUBLIC_PAGES, build_demo_site
from tests.factories import make_article, make_author

ROOT = Path(__file__).resolve().parents[1]
ADMIN_PASSWORD = "a-long-admin-password-for-tests"
EXPECTED_CSP = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    # Images only from Kith itself (the image library under /media/, static files).
    "img-src": {"'self'"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}
PRODUCTION_SETTINGS = [
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_REFERRER_POLICY",
]


def production_env() -> dict[str, str]:
    """The environment of a production deployment, without pytest's markers."""
    # The browser fixtures set DJANGO_ALLOW_ASYNC_UNSAFE for this process only.
    dropped = {"PYTEST_VERSION", "DJANGO_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DJANGO_HTTPS="1",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="kith.example.org",
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        KITH_SITE_URL="https://kith.example.org",
        KITH_TASKS_BACKEND="database",
        REDIS_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15",
        DJANGO_SETTINGS_MODULE="kith.settings",
    )
    return env


def run_python(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def parse_csp(header: str) -> dict[str, set[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


def assert_strict_csp(response) -> None:
    header = response.headers.get("Content-Security-Policy", "")
    directives = parse_csp(header)
    for name, values in EXPECTED_CSP.items():
        assert directives.get(name) == values, f"{name} in {header!r}"
    assert "'unsafe-inline'" not in header and "'unsafe-eval'" not in header


@pytest.mark.django_db
def test_every_public_page_and_the_admin_send_a_strict_csp(client: Client) -> None:
    """Public pages, the admin login and an admin change form carry the strict policy."""
    site = build_demo_site()
    for public_page in PUBLIC_PAGES:
        response = public_page.fetch(site, client)
        assert response.status_code == public_page.status, public_page.name
        assert_strict_csp(response)
    assert_strict_csp(client.get(reverse("admin:login")))
    admin = get_user_model().objects.create_superuser("editor", password=ADMIN_PASSWORD)
    client.force_login(admin)
    response = client.get(reverse("admin:articles_article_change", args=[site.article.pk]))
    assert b"Change article" in response.content
    assert_strict_csp(response)


def test_check_deploy_is_clean_with_the_production_environment() -> None:
    """`manage.py check --deploy --fail-level WARNING` passes with production variables."""
    result = run_python("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_fails_without_redis_in_production() -> None:
    """Production without Redis is flagged: axes would count failures per worker process."""
    env_script = (
        "import os; os.environ.pop('REDIS_URL'); import django; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('check', '--deploy', '--fail-level', 'WARNING')"
    )
    result = run_python("-c", env_script)
    assert result.returncode != 0
    assert "axes.W001" in result.stderr + result.stdout


def test_check_deploy_warns_about_the_console_email_backend() -> None:
    """The console backend would print commenters' addresses and deletion links to the log."""
    env_script = (
        "import os; os.environ.pop('DJANGO_EMAIL_BACKEND'); import django; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('check', '--deploy', '--fail-level', 'WARNING')"
    )
    result = run_python("-c", env_script)
    assert result.returncode != 0
    assert "kith.W001" in result.stderr + result.stdout
    assert "EMAIL_BACKEND is django.core.mail.backends.console.EmailBackend" in result.stderr


@pytest.fixture(scope="module")
def production_settings() -> dict[str, object]:
    """The security settings kith.settings derives from the production environment."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = run_python("-c", script)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.django_db
def test_production_headers_on_a_public_page(production_settings: dict[str, object]) -> None:
    """Under production settings a page sends HSTS, Referrer-Policy, Permissions-Policy and
    secure, HTTP-only cookies, and plain http is redirected to https."""
    assert production_settings["SECURE_HSTS_SECONDS"] >= 31_536_000
    with override_settings(**production_settings, ALLOWED_HOSTS=["kith.example.org"]):
        client = Client(HTTP_HOST="kith.example.org")
        redirect = client.get(reverse("articles:home"))
        assert redirect.status_code == 301
        assert redirect.headers["Location"] == "https://kith.example.org/"

        response = client.get(reverse("articles:home"), secure=True)
        assert response.status_code == 200
        assert response.headers["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        )
        assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert "geolocation=()" in response.headers["Permissions-Policy"]
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert_strict_csp(response)

        login_page = client.get(reverse("admin:login"), secure=True)
        csrf_cookie = login_page.cookies["csrftoken"]
        assert csrf_cookie["secure"] and csrf_cookie["httponly"]
        get_user_model().objects.create_superuser("editor", password=ADMIN_PASSWORD)
        logged_in = client.post(
            reverse("admin:login"),
            {"username": "editor", "password": ADMIN_PASSWORD, "next": "/admin/"},
            secure=True,
        )
        assert logged_in.status_code == 302
        session_cookie = logged_in.cookies["sessionid"]
        assert session_cookie["secure"] and session_cookie["httponly"]
        assert session_cookie["samesite"] == "Lax"


THROTTLED = override_settings(
    AXES_ENABLED=True,
    AUTHENTICATION_BACKENDS=[
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ],
)


def _admin_login(client: Client, username: str, password: str):
    return client.post(
        reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}
    )


@THROTTLED
@pytest.mark.django_db
def test_admin_login_locks_after_five_wrong_passwords(client: Client, caplog) -> None:
    """Wrong passwords 1–4 show the form again; the 5th and 6th get the lockout page, and even
    the right password is refused until the cool-off ends. Another username from another address
    is unaffected."""
    from axes.models import AccessAttempt, AccessLog

    get_user_model().objects.create_superuser("editor", password=ADMIN_PASSWORD)
    get_user_model().objects.create_superuser("other", password=ADMIN_PASSWORD)
    caplog.set_level(logging.INFO)
    for attempt in range(1, 5):
        response = _admin_login(client, "editor", f"wrong-{attempt}")
        assert response.status_code == 200
        assert b"Please enter the correct username and password" in response.content
    for attempt in (5, 6):
        response = _admin_login(client, "editor", f"wrong-{attempt}")
        assert response.status_code == 429
        text = response.content.decode()
        assert "Sign-in is paused for this account" in text
        assert "There were 5 wrong passwords in a row" in text
        assert "30 minutes" in text

    refused = _admin_login(client, "editor", ADMIN_PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session

    other = Client(REMOTE_ADDR="192.0.2.50")
    assert _admin_login(other, "other", ADMIN_PASSWORD).status_code == 302

    # Nothing about the attempts is in the database, and the logs name no client address.
    assert AccessAttempt.objects.count() == 0 and AccessLog.objects.count() == 0
    assert "127.0.0.1" not in caplog.text
    assert "username='editor'" in caplog.text


@THROTTLED
@pytest.mark.django_db
def test_a_right_password_resets_the_count(client: Client) -> None:
    """Four wrong passwords, then the right one: the next four wrong ones do not lock out."""
    get_user_model().objects.create_superuser("editor", password=ADMIN_PASSWORD)
    for attempt in range(4):
        _admin_login(client, "editor", f"wrong-{attempt}")
    assert _admin_login(client, "editor", ADMIN_PASSWORD).status_code == 302
    client.logout()
    for attempt in range(4):
        assert _admin_login(client, "editor", f"again-{attempt}").status_code == 200


def _visible_text(response) -> str:
    main = response.content.decode()
    return " ".join(main[main.index("<h1>") : main.index("Go to the home page")].split())


@THROTTLED
@pytest.mark.django_db
def test_one_username_guessed_from_many_addresses_is_locked_out() -> None:
    """Five wrong passwords for one username, each from a different address, pause that
    username's sign-in everywhere, even with the right password from a sixth address."""
    get_user_model().objects.create_superuser("editor", password=ADMIN_PASSWORD)
    for n in range(1, 5):
        response = _admin_login(Client(REMOTE_ADDR=f"192.0.2.{n}"), "editor", f"wrong-{n}")
        assert b"Please enter the correct username and password" in response.content
    fifth = _admin_login(Client(REMOTE_ADDR="192.0.2.5"), "editor", "wrong-5")
    assert fifth.status_code == 429
    assert "Sign-in is paused" in fifth.content.decode()
    refused = _admin_login(Client(REMOTE_ADDR="198.51.100.9"), "editor", ADMIN_PASSWORD)
    assert refused.status_code == 429


@THROTTLED
@pytest.mark.django_db
def test_many_usernames_guessed_from_one_address_are_locked_out() -> None:
    """Five wrong guesses from one address, each for a different username, pause sign-in from
    that address; a right password from another address still works."""
    get_user_model().objects.create_superuser("editor", password=ADMIN_PASSWORD)
    guesser = Client(REMOTE_ADDR="203.0.113.7")
    for n in range(1, 5):
        response = _admin_login(guesser, f"name-{n}", "password")
        assert b"Please enter the correct username and password" in response.content
    fifth = _admin_login(guesser, "name-5", "password")
    assert fifth.status_code == 429
    assert _admin_login(guesser, "editor", ADMIN_PASSWORD).status_code == 429
    assert "_auth_user_id" not in guesser.session
    assert (
        _admin_login(Client(REMOTE_ADDR="192.0.2.80"), "editor", ADMIN_PASSWORD).status_code == 302
    )


@THROTTLED
@pytest.mark.django_db
def test_the_lockout_page_is_the_same_for_existing_and_unknown_usernames() -> None:
    """The lockout reads the same for a real account and a made-up one: no user enumeration."""
    get_user_model().objects.create_superuser("editor", password=ADMIN_PASSWORD)
    pages = []
    for address, username in (("192.0.2.11", "editor"), ("192.0.2.12", "nobody-here")):
        client = Client(REMOTE_ADDR=address)
        for n in range(5):
            response = _admin_login(client, username, f"wrong-{n}")
        assert response.status_code == 429
        pages.append(_visible_text(response))
    assert pages[0] == pages[1]
    assert "There were 5 wrong passwords in a row" in pages[0]
    assert "editor" not in pages[0] and "nobody-here" not in pages[1]


@pytest.mark.browser
def test_admin_login_and_change_form_work_under_the_csp(live_server, browser_page) -> None:
    """An editor logs in through the admin form, opens an article and saves it, with no
    Content-Security-Policy violation in the console."""
    get_user_model().objects.create_superuser("editor", password=ADMIN_PASSWORD)
    article = make_article(
        title="Coping with exam stress",
        slug="coping-with-exam-stress",
        authors=[make_author(name="Priya Natarajan", credentials="MSc")],
    )
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    page = browser_page
    page.goto(f"{live_server.url}{reverse('admin:login')}?next={change_url}")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**{change_url}")
    assert page.get_by_role("heading", name="Change article").is_visible()
    # The admin's own scripts ran (they are files, which 'self' allows): the two-pane topic
    # chooser exists only once SelectFilter2.js has built it.
    assert page.evaluate("typeof window.django === 'object'")
    assert page.get_by_text("Chosen topics").is_visible()
    page.get_by_label("Title:").fill("Coping with exam stress, revised")
    page.get_by_role("button", name="Save", exact=True).first.click()
    # A published article: the superuser's small title fix goes live as a minor correction.
    page.wait_for_url(f"**{change_url}")
    assert page.get_by_text("published as a minor correction").is_visible()
    assert page.watch.csp_violations() == []
    assert page.watch.page_errors == []


@pytest.mark.browser
@THROTTLED
def test_lockout_page_is_clear_and_accessible(live_server, open_page, axe_source: str) -> None:
    """After five wrong passwords in the admin form a phone shows the site's lockout page,
    which passes the same WCAG 2.2 A/AA scan as the public pages."""
    get_user_model().objects.create_superuser("editor", password=ADMIN_PASSWORD)
    page = open_page(viewport=VIEWPORTS["phone"])
    for attempt in range(5):
        page.goto(live_server.url + reverse("admin:login"))
        page.get_by_label("Username").fill("editor")
        page.get_by_label("Password").fill(f"wrong-{attempt}")
        with page.expect_navigation() as navigation:
            page.get_by_role("button", name="Log in").click()
    assert navigation.value.status == 429
    assert page.get_by_role("heading", name="Sign-in is paused for this account").is_visible()
    assert page.get_by_role("alert").inner_text().startswith("There were 5 wrong passwords")
    violations = axe_violations(page, axe_source)
    assert violations == [], describe(violations)
    assert page.watch.csp_violations() == []


def test_production_site_url_defaults_to_https_on_the_first_allowed_host() -> None:
    """Without KITH_SITE_URL, e-mailed links in production use https:// and the site's host."""
    env = production_env()
    del env["KITH_SITE_URL"]
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.KITH_SITE_URL)"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.stdout.strip() == "https://kith.example.org", result.stderr
