from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext


def site(request: HttpRequest) -> dict[str, str]:
    """Site-wide names and notices every template may show; costs no query."""
    return {
        "site_name": settings.KITH_SITE_NAME,
        # Translated when they are the defaults (kith/settings.py marks them); a site that sets
        # its own text in the environment gets it as written.
        "site_tagline": gettext(settings.KITH_SITE_TAGLINE),
        "site_disclaimer": gettext(settings.KITH_DISCLAIMER),
    }
