"""Scoring the risk detector against labelled comments: recall, false alarms, by category.

A labelled file is UTF-8 TSV with the header ``label<TAB>category<TAB>lang<TAB>text``: ``label``
is ``risk`` or ``safe``; ``category`` is a risk category slug (``comments.risk.CATEGORIES``) for
a risk line, or the kind of safe line: a hard negative (idiom, gratitude, third_person, …) or
``ordinary`` (everyday reader comments: thanks, questions, complaints, mild struggle). A safe
line's category is free text, read only to group the figures. ``lang`` is a language code such
as ``en`` or ``es``. Blank lines are skipped.

A file's name tells its writer: ``d2_plan.tsv`` is writer d2, a name without such a prefix is
writer d1. ``cross_validate`` trains the risk model (``comments.risk_model``) on all writers but
one and scores the one left out, in turn, to choose the model's threshold.

The sub-folders named in ``NOT_FOR_TRAINING`` hold blind sets: a folder given stands for its
own ``*.tsv`` files only, so they are never read with the development set, and
``train_risk_model`` refuses them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from comments import risk_model
from comments.classify import assess_comment_risk
from comments.risk import CATEGORY_LABELS, RiskAssessment

HEADER = ("label", "category", "lang", "text")
# Held-out risk sets (read once, at the end) and ordinary comments to check false alarms on.
NOT_FOR_TRAINING = ("heldout", "ordinary_check")
LABELS = ("risk", "safe")


class LabelledFileError(ValueError):
    """A labelled file that cannot be read: missing, not UTF-8, or a malformed line."""


@dataclass(frozen=True)
class LabelledComment:
    label: str
    category: str
    lang: str
    text: str
    source: str  # "file.tsv:12", to find the line again


@dataclass(frozen=True)
class Result:
    comment: LabelledComment
    assessment: RiskAssessment

    @property
    def flagged(self) -> bool:
        return self.assessment.is_risk


@dataclass
class Tally:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.total += 1
        self.hits += hit

    @property
    def rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


@dataclass
class Evaluation:
    results: list[Result] = field(default_factory=list)

    def _risk(self) -> list[Result]:
        return [r for r in self.results if r.comment.label == "risk"]

    def _safe(self) -> list[Result]:
        return [r for r in self.results if r.comment.label == "safe"]

    @property
    def recall(self) -> Tally:
        return _tally(r.flagged for r in self._risk())

    @property
    def false_alarms(self) -> Tally:
        return _tally(r.flagged for r in self._safe())

    def recall_by_category(self) -> dict[str, tuple[Tally, int]]:
        """Per risk category: lines flagged at all, and how many were named that category."""
        found: dict[str, tuple[Tally, int]] = {}
        for result in self._risk():
            tally, named = found.get(result.comment.category, (Tally(), 0))
            tally.add(result.flagged)
            named += result.comment.category in result.assessment.categories
            found[result.comment.category] = (tally, named)
        order = list(CATEGORY_LABELS)
        return dict(sorted(found.items(), key=lambda kv: (order.index(kv[0]), kv[0])))

    def by_language(self) -> dict[str, tuple[Tally, Tally]]:
        """Per language: (recall, false alarms)."""
        found: dict[str, tuple[Tally, Tally]] = {}
        for result in self.results:
            recall, alarms = found.setdefault(result.comment.lang, (Tally(), Tally()))
            (recall if result.comment.label == "risk" else alarms).add(result.flagged)
        return dict(sorted(found.items()))

    def misses(self) -> list[Result]:
        return [r for r in self._risk() if not r.flagged]

    def false_alarm_results(self) -> list[Result]:
        return [r for r in self._safe() if r.flagged]


def _tally(flags: Iterable[bool]) -> Tally:
    tally = Tally()
    for flag in flags:
        tally.add(flag)
    return tally


def labelled_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files named, with a directory standing for its ``*.tsv`` files (not its subfolders)."""
    files = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.tsv") if p.is_file())
            if not found:
                raise LabelledFileError(f"{path}: the folder holds no .tsv file.")
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            raise LabelledFileError(f"{path}: no such file or folder.")
    return files


def read_labelled(path: Path) -> list[LabelledComment]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise LabelledFileError(f"{path}: not valid UTF-8 (byte {exc.start}).") from None
    except OSError as exc:
        raise LabelledFileError(f"{path}: cannot be read ({exc.strerror}).") from None
    if not lines or tuple(lines[0].lstrip("\ufeff").split("\t")) != HEADER:
        raise LabelledFileError(
            f"{path}:1: the first line must be the header {chr(9).join(HEADER)!r} (tab-separated)."
        )
    comments = []
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        comments.append(_parse_line(line, f"{path.name}:{number}", where=f"{path}:{number}"))
    return comments


def _parse_line(line: str, source: str, *, where: str) -> LabelledComment:
    parts = line.split("\t", 3)
    if len(parts) != 4 or not parts[3].strip():
        raise LabelledFileError(
            f"{where}: expected 4 tab-separated fields (label, category, lang, text), "
            f"found {len(parts)}{' with an empty text' if len(parts) == 4 else ''}."
        )
    label, category, lang, text = (part.strip() for part in parts)
    if label not in LABELS:
        raise LabelledFileError(f"{where}: unknown label {label!r}; use 'risk' or 'safe'.")
    if label == "risk" and category not in CATEGORY_LABELS:
        raise LabelledFileError(
            f"{where}: unknown risk category {category!r}; use one of {', '.join(CATEGORY_LABELS)}."
        )
    if not category or not lang:
        raise LabelledFileError(f"{where}: the category and the language may not be empty.")
    return LabelledComment(label=label, category=category, lang=lang, text=text, source=source)


def evaluate(comments: Iterable[LabelledComment]) -> Evaluation:
    return Evaluation([Result(c, assess_comment_risk(c.text)) for c in comments])


# --- Leave-one-writer-out cross-validation of the model --------------------------------------

_WRITER = re.compile(r"(d\d+)_")


def writer(comment: LabelledComment) -> str:
    """Who wrote a line, by its file's prefix: ``d2_plan.tsv`` is d2; a name without one, d1."""
    match = _WRITER.match(comment.source)
    return match.group(1) if match else "d1"


@dataclass(frozen=True)
class Fold:
    """One writer's lines scored by a model trained on the others: the model's decision (what
    reaches the urgent queue), and the rules alone for comparison."""

    writer: str
    found: Tally
    false_alarms: Tally
    rules_found: Tally
    rules_false_alarms: Tally

    def as_dict(self) -> dict[str, list[int]]:
        return {
            name: [tally.hits, tally.total]
            for name, tally in (
                ("found", self.found),
                ("false_alarms", self.false_alarms),
                ("rules_found", self.rules_found),
                ("rules_false_alarms", self.rules_false_alarms),
            )
        }


@dataclass(frozen=True)
class CrossValidation:
    threshold: float
    max_false_alarms: float
    folds: list[Fold]

    def overall(self) -> Fold:
        def total(name: str) -> Tally:
            tallies = [getattr(fold, name) for fold in self.folds]
            return Tally(sum(t.hits for t in tallies), sum(t.total for t in tallies))

        names = ("found", "false_alarms", "rules_found", "rules_false_alarms")
        return Fold("all", *(total(name) for name in names))

    def as_dict(self) -> dict[str, object]:
        return {
            "max_false_alarms": self.max_false_alarms,
            "threshold": self.threshold,
            "writers": {fold.writer: fold.as_dict() for fold in [*self.folds, self.overall()]},
        }


def cross_validate(
    comments: Sequence[LabelledComment],
    *,
    max_false_alarms: float,
    progress: Callable[[str], None] = lambda line: None,
) -> CrossValidation:
    """Scores every writer's lines with a model trained on the other writers, then chooses the
    lowest threshold at which the model's false alarms stay within ``max_false_alarms`` of all
    safe lines."""
    writers = sorted({writer(c) for c in comments})
    if len(writers) < 2:
        raise LabelledFileError(
            "Cross-validation needs lines from two writers or more (files named d2_*.tsv, …)."
        )
    readings = [risk_model.read(c.text) for c in comments]
    rules = [bool(reading.rules) for reading in readings]
    scores = [0.0] * len(comments)
    for held in writers:
        train = [
            (c.label == "risk", r)
            for c, r in zip(comments, readings, strict=True)
            if writer(c) != held
        ]
        try:
            model = risk_model.fit(train)
        except ValueError as exc:
            raise LabelledFileError(f"Without writer {held}: {exc}") from None
        tested = [i for i, c in enumerate(comments) if writer(c) == held]
        for i in tested:
            scores[i] = model.score(readings[i])
        progress(f"Writer {held}: trained on {len(train)} lines, scored {len(tested)}.")
    safe = [i for i, c in enumerate(comments) if c.label == "safe"]
    budget = math.floor(max_false_alarms * len(safe) + 1e-9)
    threshold = _threshold(sorted((scores[i] for i in safe), reverse=True), budget)
    urgent = [score > threshold for score in scores]
    folds = []
    for held in writers:
        lines = [i for i, c in enumerate(comments) if writer(c) == held]
        risky = [i for i in lines if comments[i].label == "risk"]
        harmless = [i for i in lines if comments[i].label == "safe"]
        folds.append(
            Fold(
                held,
                found=_tally(urgent[i] for i in risky),
                false_alarms=_tally(urgent[i] for i in harmless),
                rules_found=_tally(rules[i] for i in risky),
                rules_false_alarms=_tally(rules[i] for i in harmless),
            )
        )
    return CrossValidation(threshold=threshold, max_false_alarms=max_false_alarms, folds=folds)


def _threshold(safe_scores: list[float], budget: int) -> float:
    """Rounded up from the safe score ranked ``budget + 1``: at most ``budget`` lines exceed it."""
    if not safe_scores:
        return 0.0
    bound = safe_scores[-1] - 1 if budget >= len(safe_scores) else safe_scores[max(budget, 0)]
    return math.ceil(bound * 1000) / 1000
