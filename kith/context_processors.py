from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, str]:
    """Site-wide names and notices every template may show; costs no query."""
    return {
        "site_name": settings.KITH_SITE_NAME,
        "site_tagline": settings.KITH_SITE_TAGLINE,
        "site_disclaimer": settings.KITH_DISCLAIMER,
    }
