"""Deployment checks of Kith's own (run by ``manage.py check --deploy``)."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register

# Backends that write each message, addresses and links included, where logs are kept.
PRINTING_EMAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
    }
)


@register(Tags.security, deploy=True)
def check_email_backend(app_configs, **kwargs) -> list[Warning]:
    if settings.DEBUG or settings.EMAIL_BACKEND not in PRINTING_EMAIL_BACKENDS:
        return []
    return [
        Warning(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND} in production.",
            hint=(
                "It writes every message, with commenters' addresses and private deletion "
                "links, to the console or to files. Set DJANGO_EMAIL_BACKEND to a real "
                "backend, e.g. django.core.mail.backends.smtp.EmailBackend."
            ),
            id="kith.W001",
        )
    ]


@register(Tags.security, deploy=True)
def check_site_url(app_configs, **kwargs) -> list[Warning]:
    if settings.DEBUG or settings.KITH_SITE_URL.startswith("https://"):
        return []
    return [
        Warning(
            f"KITH_SITE_URL is {settings.KITH_SITE_URL!r} in production.",
            hint=(
                "Links in e-mails sent outside a request (reply notifications) start with it, "
                "and one-click unsubscribe (RFC 8058) needs an https:// address. Set "
                "KITH_SITE_URL to the site's https:// address."
            ),
            id="kith.W002",
        )
    ]
