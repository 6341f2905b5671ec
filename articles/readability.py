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
    import textstat

_WORD = re.compile(r"[^\W\d_]+")


def reading_grade(text: str) -> Decimal | None:
    """Flesch–Kincaid grade of ``text`` to one decimal (never below 0); None without words."""
    if not _WORD.search(text or ""):
        return None
    grade = max(0.0, float(textstat.flesch_kincaid_grade(text)))
    return Decimal(f"{grade:.1f}")


def grade_target() -> int:
    return settings.KITH_READING_GRADE_TARGET


def is_above_target(grade: Decimal | None) -> bool:
    return grade is not None and grade > grade_target()
