"""The interface language in the forms HTML and Open Graph want, and the language switcher."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils import translation

register = template.Library()


@register.filter
def html_lang(code: str) -> str:
    """``en-gb`` → ``en-GB`` (BCP 47, as ``<html lang>`` and ``hreflang`` write it)."""
    return translation.to_locale(code).replace("_", "-")


@register.filter
def og_locale(code: str) -> str:
    """``en-gb`` → ``en_GB``, ``es`` → ``es`` (Open Graph's ``og:locale``)."""
    return translation.to_locale(code)


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context) -> dict[str, object]:
    """One link per interface language, each named in itself, back to this page."""
    request = context.get("request")
    back = ""
    if request is not None and request.method in ("GET", "HEAD"):
        back = request.get_full_path()
    current = translation.get_language()
    base = reverse("language")
    links = []
    for code, name in settings.LANGUAGES:
        query = {"language": code, **({"next": back} if back else {})}
        links.append(
            {"code": code, "name": name, "url": f"{base}?{urlencode(query)}",
             "current": code == current}
        )  # fmt: skip
    return {"links": links}
