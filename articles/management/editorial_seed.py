"""The editorial part of ``seed_demo``: clinical reviewers, reviews and references, and the
transparency pages. Idempotent like the rest: rows are found by natural key and written only
when a value differs.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.management.base import CommandError

from articles.article_writer import ReferenceValues
from articles.models import ClinicalReviewer
from articles.workflow import review_cycle
from kith.markup import render_markdown


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CommandError(f"{where}: {value!r} is not an ISO date.") from exc


def seed_reviewers(entries: list[dict[str, Any]]) -> tuple[dict[str, ClinicalReviewer], int]:
    reviewers, written = {}, 0
    for entry in entries:
        name, credentials = entry.get("name"), entry.get("credentials")
        if not name or not credentials:
            raise CommandError("A reviewer needs a name and credentials.")
        reviewer, created = ClinicalReviewer.objects.get_or_create(
            name=name, defaults={"credentials": credentials}
        )
        if not created and reviewer.credentials != credentials:
            reviewer.credentials = credentials
            reviewer.save(update_fields=["credentials"])
            written += 1
        written += created
        reviewers[name] = reviewer
    return reviewers, written


def review_values(
    entry: dict[str, Any] | None, reviewers: dict[str, ClinicalReviewer], where: str
) -> dict[str, Any]:
    """The article's editorial fields, to write with the rest of its row."""
    entry = entry or {}
    reviewer = entry.get("reviewed_by")
    if reviewer is not None and reviewer not in reviewers:
        raise CommandError(f"{where}: unknown reviewer {reviewer!r}.")
    last_reviewed = _date(entry.get("last_reviewed"), where)
    if (reviewer is None) != (last_reviewed is None):
        raise CommandError(f"{where}: a review needs both reviewed_by and last_reviewed.")
    key_points = "\n".join(
        line.strip() for line in str(entry.get("key_points") or "").splitlines() if line.strip()
    )
    next_due = _date(entry.get("next_review_due"), where)
    if next_due is not None and (last_reviewed is None or next_due <= last_reviewed):
        raise CommandError(f"{where}: next_review_due must come after last_reviewed.")
    if last_reviewed is not None and next_due is None:
        # Computed here, not left to save(), so that a second run compares equal values.
        next_due = last_reviewed + review_cycle()
    return {
        "reviewed_by_id": reviewers[reviewer].pk if reviewer else None,
        "last_reviewed": last_reviewed,
        "next_review_due": next_due,
        "content_note": " ".join(str(entry.get("content_note") or "").split()),
        "about_suicide": bool(entry.get("about_suicide", False)),
        "key_points": key_points,
    }


def reference_values(entries: list[dict[str, Any]], where: str) -> list[ReferenceValues]:
    """The article's references as the file lists them, numbered in that order."""
    return [
        ReferenceValues(
            citation=str(ref.get("citation") or "").strip(),
            url=str(ref.get("url") or ""),
            doi=str(ref.get("doi") or ""),
            accessed=_date(ref.get("accessed"), where),
            order=order,
        )
        for order, ref in enumerate(entries)
    ]


def seed_pages(entries: list[dict[str, Any]]) -> int:
    """Create or refresh the transparency pages; returns how many were written."""
    site = Site.objects.get_current()
    written = 0
    for entry in entries:
        url, title = entry.get("url"), entry.get("title")
        if not url or not title:
            raise CommandError("A page needs a url and a title.")
        content = render_markdown(str(entry.get("content") or ""))
        page = FlatPage.objects.filter(url=url).first()
        if page is None:
            page = FlatPage.objects.create(url=url, title=title, content=content)
            written += 1
        elif (page.title, page.content) != (title, content):
            page.title, page.content = title, content
            page.save(update_fields=["title", "content"])
            written += 1
        if not page.sites.filter(pk=site.pk).exists():
            page.sites.add(site)
    return written
