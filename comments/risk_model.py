"""A statistical second opinion beside the risk rules: naive Bayes over word n-grams.

The rules (``comments.risk``) fit the phrasings of the writers they were tuned on. This model,
trained on the same labelled comments, weighs every word 1-, 2- and 3-gram of the text as the
rules read it (``risk.prepare``: quotations and idioms blanked, spelling normalised) by its
log-count ratio, risk against safe. It never speaks when the rules' own context says a comment
is a joke, a professional voice, recovery, everyday life or talk about the topic.

A comment's score is the sum of its n-grams' weights and the prior, divided by the square root
of the number of n-grams plus ``SHRINKAGE``: a short comment ("Not sure.", "Same here") counts as
if padded with that many n-grams of no weight, so two or three words cannot outweigh a whole
sentence. Of 0, 4, 8, 16 and 32, cross-validated with ordinary comments in the set, 16 let the
model alone find the most risk lines at the same false-alarm budget. Above the threshold, the
model holds the comment and names the n-grams that weighed most. ``manage.py train_risk_model``
fits the weights and picks the threshold by leave-one-writer-out cross-validation
(``comments.risk_evaluation``).
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from comments.risk import MODEL, RiskAssessment, prepare, safe_text
from comments.risk_concepts import (
    RECOVERY_TURN,
    everyday,
    joking,
    professional_voice,
    topic_only,
)

MODEL_FILE = Path(__file__).with_name("risk_model.json")
FORMAT = 2  # 2: the score is shrunk by SHRINKAGE
MAX_CHARS = 5_000  # of a comment read: the rules read the rest of a long one
SMOOTHING = 0.3  # added to every n-gram's count in each class
SHRINKAGE = 16  # n-grams of no weight added to every comment's count when scoring it
_DECIMALS = 3
_MAX_WORDS = 4
_WORD = re.compile(r"[a-z0-9~]+")  # "~" stands where the rules blanked a quotation or idiom


@dataclass(frozen=True)
class Reading:
    """A comment as the model reads it: its n-grams, or none when its context rules it out."""

    grams: frozenset[str]
    ruled_out: bool


def read(text: object) -> Reading:
    """The word 1- to 3-grams of the first ``MAX_CHARS`` characters of ``text``."""
    prepared = prepare(safe_text(text)[:MAX_CHARS])
    words = _WORD.findall(prepared)
    grams = set(words)
    for n in (2, 3):
        grams.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    ruled_out = (
        joking(prepared)
        or professional_voice(prepared)
        or everyday(prepared)
        or topic_only(prepared)
        or bool(RECOVERY_TURN.search(prepared))
    )
    return Reading(frozenset(grams), ruled_out)


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    prior: float
    threshold: float | None = None  # None until cross-validation has chosen one

    def score(self, reading: Reading) -> float | None:
        """How strongly the n-grams weigh towards risk, or None when the context rules it out."""
        if reading.ruled_out:
            return None
        total = math.fsum(self.weights.get(gram, 0.0) for gram in reading.grams)
        return (self.prior + total) / math.sqrt(len(reading.grams) + SHRINKAGE)

    def holds(self, score: float | None) -> bool:
        return score is not None and self.threshold is not None and score > self.threshold

    def telling_words(self, reading: Reading) -> list[str]:
        """The n-grams that weighed most towards risk, longest phrase kept when they overlap."""
        ranked = sorted(
            (g for g in reading.grams if self.weights.get(g, 0.0) > 0 and "~" not in g),
            key=lambda g: (-self.weights[g], g),
        )
        chosen: list[str] = []
        for gram in ranked:
            if not any(f" {gram} " in f" {c} " or f" {c} " in f" {gram} " for c in chosen):
                chosen.append(gram)
            if len(chosen) == _MAX_WORDS:
                break
        return chosen

    def to_json(self, **extra: object) -> str:
        """The model as compact, deterministic JSON (sorted keys, rounded weights)."""
        data = {
            "format": FORMAT,
            "prior": round(self.prior, _DECIMALS),
            "threshold": self.threshold,
            "weights": {gram: round(weight, _DECIMALS) for gram, weight in self.weights.items()},
            **extra,
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":")) + "\n"


def fit(examples: Iterable[tuple[bool, Reading]]) -> Model:
    """Log-count ratios of every n-gram seen, from ``(is_risk, reading)`` pairs."""
    counts = {True: Counter(), False: Counter()}
    documents = Counter()
    for is_risk, reading in examples:
        counts[is_risk].update(reading.grams)
        documents[is_risk] += 1
    if not documents[True] or not documents[False]:
        raise ValueError("Training needs both risk and safe comments.")
    vocabulary = sorted(set(counts[True]) | set(counts[False]))
    totals = {label: sum(counts[label].values()) + SMOOTHING * len(vocabulary) for label in counts}
    weights = {
        gram: math.log((counts[True][gram] + SMOOTHING) / totals[True])
        - math.log((counts[False][gram] + SMOOTHING) / totals[False])
        for gram in vocabulary
    }
    return Model(weights=weights, prior=math.log(documents[True] / documents[False]))


def load(path: Path = MODEL_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a format {FORMAT} risk model; run train_risk_model.")
    return Model(weights=data["weights"], prior=data["prior"], threshold=data["threshold"])


@functools.cache
def committed_model() -> Model:
    """The committed model, read once per process."""
    return load()


def second_opinion(text: object) -> RiskAssessment:
    """The model's reading of ``text``: nothing, or the ``model`` category and its words."""
    model = committed_model()
    reading = read(text)
    if not model.holds(model.score(reading)):
        return RiskAssessment()
    words = model.telling_words(reading)
    return RiskAssessment(categories=(MODEL.slug,), matches=tuple((MODEL.slug, w) for w in words))
