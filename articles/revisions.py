"""A readable comparison of two saved versions of an article, for the admin's history.

django-simple-history finds which fields changed (``diff_against``); this module turns each
change into something an editor can read: long texts as a word-level diff, choices by their
label, related rows by name. All text is escaped here; only the <ins>/<del> markup is ours.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Texts long enough that "old → new" would be unreadable: shown as a word diff instead.
LONG_TEXT_FIELDS = ("summary", "question", "body", "pull_quote", "key_points", "review_notes")
# Bookkeeping that changes on every save and says nothing about the content.
IGNORED_FIELDS = ("updated_at", "reading_time", "reading_grade", "status_changed_at")
_TOKENS = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    diff: SafeString | None  # a word diff for long texts, else None


def word_diff(old: str, new: str) -> SafeString:
    """``old`` → ``new`` as escaped text with <del>/<ins> around the words that changed."""
    before, after = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(None, before, after)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(escape("".join(before[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f'<del class="diff-del">{escape("".join(before[i1:i2]))}</del>')
        if j2 > j1:
            parts.append(f'<ins class="diff-ins">{escape("".join(after[j1:j2]))}</ins>')
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped


def _display(record: models.Model, field: models.Field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        try:
            return str(getattr(record, field.name))
        except ObjectDoesNotExist:
            return f"(deleted, id {value})"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def compare(older, newer) -> list[FieldChange]:
    """The fields that differ between two historical records, in the model's field order."""
    delta = newer.diff_against(older, excluded_fields=IGNORED_FIELDS)
    changed = {change.field: change for change in delta.changes}
    rows = []
    for field in newer.instance_type._meta.concrete_fields:
        change = changed.get(field.name)
        if change is None:
            continue
        old = _display(older, field, change.old)
        new = _display(newer, field, change.new)
        diff = (
            word_diff(change.old or "", change.new or "")
            if field.name in LONG_TEXT_FIELDS
            else None
        )
        rows.append(FieldChange(str(field.verbose_name), old, new, diff))
    return rows
