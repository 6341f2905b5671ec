"""Which language a reader wrote in, to answer them in it (the crisis panel).

Only the interface's languages are told apart (English and Spanish), by their most common short
words: cheap, needs no model, and right for the few sentences a comment has. A text with too
few of those words, or as many of one as of the other, is "not detectable" (""), and the
caller falls back to the article's language, then the interface's.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.utils.translation import get_supported_language_variant

_WORD = re.compile(r"[^\W\d_]+")
_ENGLISH = """the and i you to is it my me of in that this was not have be for with are what but
just
do don't can't i'm it's so am feel like they he she we his her because know want anymore any
about how why when"""
_SPANISH = """el la los las y yo tú que es de en mi me no un una por con para pero ya más estoy
siento
quiero nada nadie todo porque cómo qué cuando lo le se su muy esto eso así ganas vida también"""
_COMMON = {"en": frozenset(_ENGLISH.split()), "es": frozenset(_SPANISH.split())}
_MIN_WORDS = 3
_READ_CHARACTERS = 5_000


def written_language(text: str) -> str:
    """``"en"``, ``"es"``, or ``""`` when the text does not say clearly."""
    words = _WORD.findall(str(text or "")[:_READ_CHARACTERS].lower().replace("’", "'"))
    counts = {code: sum(word in common for word in words) for code, common in _COMMON.items()}
    best = max(counts, key=counts.__getitem__)
    others = max(count for code, count in counts.items() if code != best)
    if counts[best] < _MIN_WORDS or counts[best] < 2 * others:
        return ""
    return best


def site_language(code: str) -> str:
    """The interface language closest to ``code`` ("es-mx" → "es", "en" → "en-gb"), or ""."""
    try:
        return get_supported_language_variant(code.lower()) if code else ""
    except LookupError:
        return ""


def panel_language(*, text: str, article_language: str, interface_language: str) -> str:
    """The language to speak to a writer who may be at risk: the one they wrote in if it can
    be told, else the article's, else the interface's."""
    for candidate in (written_language(text), article_language, interface_language):
        language = site_language(candidate)
        if language in dict(settings.LANGUAGES):
            return language
    return settings.LANGUAGE_CODE
