"""What an import did: created / updated / unchanged / failed, per kind of object."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from transfer.records import ArticleRecord

KINDS = ("files", "articles", "authors", "reviewers", "topics", "comments", "redirects")
STATES = ("created", "updated", "unchanged", "failed")


class FileChanges:
    """The rows one file touched; a row counts once, at its most changed state.

    Kept apart from the run's totals until the file's transaction commits, so a file that
    fails (and is rolled back) adds nothing but its failure to the summary.
    """

    def __init__(self) -> None:
        self.states: dict[tuple[str, Any], str] = {}

    def mark(self, kind: str, pk: Any, state: str) -> None:
        key = (kind, pk)
        if self.states.get(key) in (None, "unchanged"):
            self.states[key] = state

    def touched(self, kind: str, pk: Any) -> None:
        """A relation of the row changed: an unchanged row becomes an updated one."""
        if self.states.get((kind, pk)) == "unchanged":
            self.states[(kind, pk)] = "updated"


class ImportReport:
    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {kind: Counter() for kind in KINDS}
        self.failures: list[tuple[str, str]] = []
        self.warnings: list[tuple[str, str]] = []
        self.found: list[tuple[str, list[str]]] = []  # per file: what was read, and from where

    def add(self, changes: FileChanges, *, file: bool = True) -> None:
        for (kind, _pk), state in changes.states.items():
            self.counts[kind][state] += 1
        if not file:
            return
        states = set(changes.states.values())
        state = next((s for s in ("created", "updated") if s in states), "unchanged")
        self.counts["files"][state] += 1

    def fail(self, path: str, reason: str, *, kind: str = "articles") -> None:
        self.failures.append((path, reason))
        self.counts["files"]["failed"] += 1
        if kind != "files":
            self.counts[kind]["failed"] += 1

    def table(self) -> str:
        width = max(len(kind) for kind in KINDS) + 2
        lines = ["".ljust(width) + "".join(state.rjust(11) for state in STATES)]
        for kind in KINDS:
            counts = self.counts[kind]
            lines.append(kind.ljust(width) + "".join(str(counts[s]).rjust(11) for s in STATES))
        return "\n".join(lines)

    @property
    def failed(self) -> bool:
        return bool(self.failures)


def file_summary(record: ArticleRecord) -> list[str]:
    """What was read from one file — title, authors, date, comments, language — and from where,
    and each fact it could not find (the article then waits as a draft: ``completeness``)."""

    def source(name: str) -> str:
        where = record.found.get(name)
        return f" ({where})" if where else ""

    fields = record.fields
    when = fields.get("published_at") or fields.get("content_updated_at")
    names = ", ".join(
        f"{a.name}, {a.credentials}" if a.credentials else a.name for a in record.authors
    )
    lines = [
        f"title: {fields.get('title', '')}{source('title')}",
        f"authors: {names}{source('authors')}" if names else "authors: NOT FOUND",
        f"date: {when:%Y-%m-%d}{source('date')}" if when else "date: NOT FOUND",
        f"comments: {len(record.comments)}",
        f"language: {fields['language']}{source('language')}"
        if fields.get("language")
        else "language: not stated (en assumed)",
    ]
    if record.missing:
        lines.append(
            "not found: " + ", ".join(record.missing) + " — imported as a draft with a note"
        )
    lines.extend(f"concern: {concern}" for concern in record.concerns)
    return lines
