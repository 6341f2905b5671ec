"""The ``language`` filter: a language code checked against the ISO 639 list before it is used.

A code is an ISO 639 language (two or three letters, the list Babel ships from CLDR) with an
optional region or script (“en-gb”, “zh-hant”), written as ``Article.language`` stores it:
lower case, with a hyphen. “EN_GB” is read as “en-gb”. A malformed code never reaches here
(the schema's pattern refuses it); a well-formed code that names no language (“zz”, “und”) is
a clear 400 rather than an empty list, so a typo is not mistaken for “no articles”.
"""

from __future__ import annotations

from functools import cache

from babel import Locale
from django.db.models import Q

# CLDR's codes that name no language: undetermined, multiple, none, uncoded.
NOT_LANGUAGES = frozenset({"und", "mul", "zxx", "mis"})


class UnknownLanguage(ValueError):
    """The code is well formed but names no ISO 639 language."""


@cache
def known_languages() -> frozenset[str]:
    """Every ISO 639 code CLDR names (the 184 two-letter codes and the three-letter ones)."""
    return frozenset(
        code for code in Locale("en").languages if "_" not in code and code not in NOT_LANGUAGES
    )


def normalise(value: str) -> str:
    """``value`` as ``Article.language`` stores it (“EN_GB” → “en-gb”), or UnknownLanguage."""
    code = value.strip().lower().replace("_", "-")
    if code.split("-")[0] not in known_languages():
        raise UnknownLanguage(
            f"“{value[:20]}” is not a known language code: use an ISO 639 code such as “en” "
            "or “es”, optionally with a region such as “en-gb”."
        )
    return code


def language_filter(value: str) -> Q:
    """Articles in ``value``; a bare language also matches its regional variants."""
    code = normalise(value)
    if "-" in code:
        return Q(language=code)
    return Q(language=code) | Q(language__startswith=f"{code}-")
