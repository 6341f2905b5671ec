"""The language of a text when its page does not say: the most frequent common words.

Only a fallback for pages with no ``lang``, ``og:locale``, ``Content-Language`` or JSON-LD
``inLanguage``: it knows a handful of languages by their commonest short words and answers
“” when the text is too short or no language stands out, so nothing is guessed.
"""

from __future__ import annotations

import re
from collections import Counter

COMMON_WORDS = {
    "en": "the and of to in is that it for you with are this was on be not have as",
    "fr": "le la les des et est une un que pour dans du pas qui sur au avec ce sont",
    "de": "der die und das ist nicht zu den mit sich ein eine auch es auf für von dem",
    "es": "el la los las que de y en es por un una para con no del se al lo",
    "it": "il di che la e un una per non sono del della con si gli le anche più",
    "nl": "de het een en van is dat niet op te met zijn voor ook maar als aan er",
    "pt": "o a os as que de e do da em um uma para com não é no na se por",
}
_WORDS = {code: frozenset(words.split()) for code, words in COMMON_WORDS.items()}
_TOKEN = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS = 40


def detect_language(text: str) -> str:
    """An ISO 639-1 code, or “” when the text does not tell clearly."""
    tokens = [t.casefold() for t in _TOKEN.findall(text[:20_000])]
    if len(tokens) < MIN_WORDS:
        return ""
    counts = Counter(t for t in tokens if len(t) <= 5)
    scores = sorted(
        ((sum(counts[w] for w in words), code) for code, words in _WORDS.items()), reverse=True
    )
    (best, code), (second, _other) = scores[0], scores[1]
    if best < len(tokens) * 0.08 or best < second * 1.3:
        return ""
    return code
