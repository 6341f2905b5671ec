"""Scoring the risk detector against labelled comments: recall, false alarms, by category.

A labelled file is UTF-8 TSV with the header ``label<TAB>category<TAB>lang<TAB>text``: ``label``
is ``risk`` or ``safe``; ``category`` is a risk category slug (``comments.risk.CATEGORIES``) for
a risk line, or the kind of hard negative for a safe line (idiom, gratitude, third_person, …);
``lang`` is a language code such as ``en`` or ``es``. Blank lines are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from comments.classify import assess_comment_risk
from comments.risk import CATEGORY_LABELS, RiskAssessment

HEADER = ("label", "category", "lang", "text")
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
