"""The risk model: which comments reach the urgent queue, weighed from everything read in them.

The rules (``comments.risk``) find the words and phrases that may be risk, and name their
categories; fitted to the writers they were written against, they also fire on many safe lines
by a new writer (7-15 % of a new writer's hard negatives), and miss risk told in words no rule
foresaw. This model is a logistic regression that weighs, together:

- ``w:`` every word 1-, 2- and 3-gram of the text as the rules read it (``risk.prepare``:
  quotations and idioms blanked, spelling normalised);
- ``c:`` every character 3-, 4- and 5-gram of each of those words (with a space either side), so
  that misspellings, slang and Spanish verb forms share evidence with the words they are near;
- ``r:`` each category the rules found (and ``r:any``): the rules are its strongest evidence;
- ``x:`` the rules' safe contexts: a joke, a professional voice, everyday life, talk about the
  topic, a recovery turn.

A comment's score is the bias plus the sum of its features' weights divided by the square root
of their number; it is urgent when the score passes the threshold. ``weigh`` says so with the
rules' categories and words when the rules found any, else as the ``model`` category with the
words that weighed most. A comment the rules flag but the model does not find urgent is still
never published without a moderator: ``comments.classify`` holds it as "mentions suicide or
self-harm", in the ordinary queue.

``manage.py train_risk_model`` fits the weights (AdaGrad, L2, classes weighted equally, a fixed
order: the same file from the same lines) and picks the threshold by leave-one-writer-out
cross-validation (``comments.risk_evaluation``). The hyper-parameters below were chosen by the
same cross-validation on writers d6 and d8 before their lines were trained on.
"""

from __future__ import annotations

import functools
import json
import math
import random
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from comments.risk import MODEL, RiskAssessment, assess_risk, prepare, safe_text
from comments.risk_concepts import (
    RECOVERY_TURN,
    everyday,
    joking,
    professional_voice,
    topic_only,
)

MODEL_FILE = Path(__file__).with_name("risk_model.json")
FORMAT = 3  # 3: logistic regression over words, characters, rule categories and contexts
MAX_CHARS = 5_000  # of a comment read: the rules read the rest of a long one
EPOCHS = 12
L2 = 1e-3
LEARNING_RATE = 0.2
MIN_LINES = 2  # a feature seen in fewer training lines is not kept
SEED = 1
_DECIMALS = 3
_MAX_WORDS = 4
_WORD = re.compile(r"[a-z0-9~]+")  # "~" stands where the rules blanked a quotation or idiom
_SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+|\n+")
_MIN_SENTENCE_WORDS = 3
_MAX_SENTENCES = 60  # read on their own: the first of a long comment
# Words too common to tell a moderator anything on their own (a phrase holding them may).
_PLAIN_WORDS = frozenset(
    "a an and at be but do for i im in is it ive me my no of on or so that the this to was we "  # noqa: SIM905
    "with you de el en es la lo mi que se un una y yo".split()
)
_CONTEXTS = (
    ("x:joke", joking),
    ("x:professional", professional_voice),
    ("x:everyday", everyday),
    ("x:topic", topic_only),
    ("x:recovery", lambda text: bool(RECOVERY_TURN.search(text))),
)


@dataclass(frozen=True)
class Reading:
    """A comment as the model reads it: its features, what the rules found in it, and each of
    its sentences in which the rules found something, read on its own."""

    features: frozenset[str]
    rules: RiskAssessment
    sentences: tuple[Reading, ...] = ()


def read(text: object, rules: RiskAssessment | None = None) -> Reading:
    """The features of the first ``MAX_CHARS`` characters of ``text``; ``rules`` is the rules'
    assessment of the whole text when the caller has it already."""
    if rules is None:
        rules = assess_risk(text)
    text = safe_text(text[:MAX_CHARS] if isinstance(text, str) else text)[:MAX_CHARS]
    sentences = [s for s in _SENTENCE_END.split(text) if len(s.split()) >= _MIN_SENTENCE_WORDS]
    flagged = []
    if rules and len(sentences) > 1:
        for sentence in sentences[:_MAX_SENTENCES]:
            if found := assess_risk(sentence):
                flagged.append((sentence, found))
    return Reading(
        _features(text, rules),
        rules,
        tuple(Reading(_features(s, found), found) for s, found in flagged),
    )


def _features(text: str, rules: RiskAssessment) -> frozenset[str]:
    prepared = prepare(text)
    words = _WORD.findall(prepared)
    features = {f"w:{word}" for word in words}
    for n in (2, 3):
        features.update("w:" + " ".join(words[i : i + n]) for i in range(len(words) - n + 1))
    for word in set(words):
        padded = f" {word} "
        for n in (3, 4, 5):
            features.update("c:" + padded[i : i + n] for i in range(len(padded) - n + 1))
    features.update(f"r:{slug}" for slug in rules.categories)
    if rules:
        features.add("r:any")
    features.update(name for name, found in _CONTEXTS if found(prepared))
    return frozenset(features)


@dataclass(frozen=True)
class Model:
    weights: dict[str, float]
    bias: float
    threshold: float | None = None  # None until cross-validation has chosen one

    def score(self, reading: Reading) -> float:
        """The whole comment's score, or a sentence's where the rules found something, if
        higher: one plain sentence of risk is not drowned by a page of ordinary words."""
        return max(self._score(r.features) for r in (reading, *reading.sentences))

    def _score(self, features: frozenset[str]) -> float:
        total = math.fsum(self.weights.get(f, 0.0) for f in features)
        return self.bias + total / (math.sqrt(len(features)) or 1.0)

    def holds(self, score: float) -> bool:
        return self.threshold is not None and score > self.threshold

    def telling_words(self, reading: Reading) -> list[str]:
        """The words and phrases that weighed most towards risk (not a lone common word), the
        longest kept when they overlap."""
        ranked = sorted(
            (
                f[2:]
                for f in reading.features
                if f.startswith("w:")
                and "~" not in f
                and f[2:] not in _PLAIN_WORDS
                and self.weights.get(f, 0.0) > 0
            ),
            key=lambda gram: (-self.weights[f"w:{gram}"], gram),
        )
        chosen: list[str] = []
        for gram in ranked:
            if not any(f" {gram} " in f" {c} " or f" {c} " in f" {gram} " for c in chosen):
                chosen.append(gram)
            if len(chosen) == _MAX_WORDS:
                break
        return chosen

    def to_json(self, **extra: object) -> str:
        """The model as compact, deterministic JSON (sorted keys, rounded weights; a weight that
        rounds to zero is left out)."""
        weights = {f: round(w, _DECIMALS) for f, w in self.weights.items()}
        data = {
            "format": FORMAT,
            "bias": round(self.bias, _DECIMALS),
            "threshold": self.threshold,
            "weights": {f: w for f, w in weights.items() if w},
            **extra,
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":")) + "\n"


def fit(examples: Iterable[tuple[bool, Reading]]) -> Model:
    """Logistic regression on ``(is_risk, reading)`` pairs, both classes weighted equally."""
    examples = list(examples)
    labels = [is_risk for is_risk, _ in examples]
    risky = sum(labels)
    if not risky or risky == len(labels):
        raise ValueError("Training needs both risk and safe comments.")
    seen = Counter(f for _, reading in examples for f in reading.features)
    rows = [sorted(f for f in reading.features if seen[f] >= MIN_LINES) for _, reading in examples]
    safe = len(labels) - risky
    class_weight = {True: len(labels) / (2 * risky), False: len(labels) / (2 * safe)}
    weights: dict[str, float] = {}
    squares: dict[str, float] = {}
    bias = bias_square = 0.0
    order = list(range(len(rows)))
    shuffle = random.Random(SEED).shuffle
    for _ in range(EPOCHS):
        shuffle(order)
        for i in order:
            row, label = rows[i], labels[i]
            norm = math.sqrt(len(row)) or 1.0
            z = bias + math.fsum(weights.get(f, 0.0) for f in row) / norm
            p = 1 / (1 + math.exp(-max(-30.0, min(30.0, z))))
            gradient = (p - label) * class_weight[label]
            bias_square += gradient * gradient
            bias -= LEARNING_RATE * gradient / math.sqrt(bias_square + 1e-8)
            share = gradient / norm
            for f in row:
                weight = weights.get(f, 0.0)
                step = share + L2 * weight
                square = squares.get(f, 0.0) + step * step
                squares[f] = square
                weights[f] = weight - LEARNING_RATE * step / math.sqrt(square + 1e-8)
    return Model(weights=weights, bias=bias)


def load(path: Path = MODEL_FILE) -> Model:
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a format {FORMAT} risk model; run train_risk_model.")
    return Model(weights=data["weights"], bias=data["bias"], threshold=data["threshold"])


@functools.cache
def committed_model() -> Model:
    """The committed model, read once per process."""
    return load()


def weigh(text: object, rules: RiskAssessment | None = None) -> RiskAssessment:
    """Whether ``text`` is urgent: the rules' categories and words, or the ``model`` category and
    the words that weighed most, or nothing when the model does not find it urgent."""
    model = committed_model()
    reading = read(text, rules)
    if not model.holds(model.score(reading)):
        return RiskAssessment()
    if reading.rules:
        return reading.rules
    words = model.telling_words(reading)
    return RiskAssessment(categories=(MODEL.slug,), matches=tuple((MODEL.slug, w) for w in words))
