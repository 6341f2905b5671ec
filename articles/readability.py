"""Reading grade of an article's text, for the editors' readability target.

textstat 0.7.4 (pinned: later versions pull in nltk corpora) imports ``pkg_resources``, which
warns on import; the warning is about textstat's packaging, not about anything Kith can fix,
so it is silenced here, for that one import only.
"""

from __future__ import annotations

import re
import warnings
from decimal import Decimal

from django.conf import settings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message="pkg_resources is deprecated", category=UserWarning)
    from textstat.textstat import textstatistics

_WORD = re.compile(r"[^\W\d_]+")


def _reader(language: str) -> textstatistics:
    reader = textstatistics()
    reader.set_lang(language)  # syllables are counted with that language's hyphenation
    return reader


# One reader per language (textstat's module-level one has a single, global language).
# Each a school grade, so one target serves both: Flesch–Kincaid for English, and Crawford's
# formula for Spanish (Flesch–Kincaid reads Spanish words as long English ones: the same plain
# text scores 3.6 with Crawford, 7.3 with Flesch–Kincaid).
FORMULAS = {
    "en": ("Flesch–Kincaid", _reader("en_US").flesch_kincaid_grade),
    "es": ("Crawford", _reader("es").crawford),
}


def formula_name(language: str) -> str | None:
    """The grade formula used for an article in ``language``, or None when there is none."""
    formula = FORMULAS.get(language)
    return formula[0] if formula else None


def reading_grade(text: str, language: str = "en") -> Decimal | None:
    """The school grade of ``text`` in ``language`` to one decimal (never below 0); None
    without words, or for a language without a formula."""
    formula = FORMULAS.get(language)
    if formula is None or not _WORD.search(text or ""):
        return None
    grade = max(0.0, float(formula[1](text)))
    return Decimal(f"{grade:.1f}")


def grade_target() -> int:
    return settings.KITH_READING_GRADE_TARGET


def is_above_target(grade: Decimal | None) -> bool:
    return grade is not None and grade > grade_target()
