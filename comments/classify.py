"""PLACEHOLDER classifier — replaced by the real comments/classify.py at merge.

Only the interface matters here: ``HoldReason``, ``WordLists`` and ``classify``. The rules below
are deliberately crude; tests must not rely on anything but unmistakable texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import models


class HoldReason(models.TextChoices):
    RISK = "risk", "Risk: suicide or self-harm"
    PERSONAL_DETAILS = "personal_details", "Personal details"
    LINKS = "links", "Links"
    MODERATION_WORDS = "moderation_words", "Moderation words"
    DISALLOWED_WORDS = "disallowed_words", "Disallowed words"


@dataclass(frozen=True)
class WordLists:
    moderation: tuple[str, ...] = ()
    disallowed: tuple[str, ...] = ()


_RISK = re.compile(r"\b(kill myself|end my life|suicide|self[- ]harm|hurt myself)\b", re.I)
_PERSONAL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+|\+?\d[\d ()-]{7,}\d|(?<!\w)@\w{2,}")
_LINK = re.compile(r"https?://|www\.", re.I)


def _has_word(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", text, re.I) for w in words if w.strip())


def classify(
    text: str, *, title: str = "", link_limit: int = 2, words: WordLists = WordLists()
) -> list[str]:
    """The hold reasons for a comment, in HoldReason's order."""
    full = f"{title}\n{text}"
    reasons: list[str] = []
    if _RISK.search(full):
        reasons.append(HoldReason.RISK)
    if _PERSONAL.search(full):
        reasons.append(HoldReason.PERSONAL_DETAILS)
    if link_limit and len(_LINK.findall(full)) >= link_limit:
        reasons.append(HoldReason.LINKS)
    if _has_word(full, words.moderation):
        reasons.append(HoldReason.MODERATION_WORDS)
    if _has_word(full, words.disallowed):
        reasons.append(HoldReason.DISALLOWED_WORDS)
    return [str(r) for r in reasons]
