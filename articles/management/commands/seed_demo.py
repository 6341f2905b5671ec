"""Load Kith's demo content (articles/demo_content.yaml) so that `make run` shows a real site.

Idempotent: each row is found by its natural key (slug, or name for helplines) and written only
when a value differs, so a second run changes nothing — not even ``updated_at`` — and reports
every row as unchanged. Relations (topics, keywords, byline, related articles and topics) are
set to exactly what the file says. Each article is written with its relations and review by
``articles.article_writer.write_article``, the function ``import_content`` uses too.

Dates in the file are fixed. The one scheduled article says ``published_at: scheduled``: the
first run schedules it ``SCHEDULE_DAYS_AHEAD`` days ahead at midnight UTC, and later runs keep
that date while it is still in the future (so re-running does not move it). Once the date has
passed, the next run schedules it again, so the demo always has one scheduled article.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml
from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.utils import timezone

from articles.article_writer import (
    ArticleRelations,
    WriteError,
    join_translations,
    set_m2m,
    sync_row,
    write_article,
)
from articles.languages import DEFAULT_LANGUAGE
from articles.management import editorial_seed
from articles.management.demo_image import ensure_demo_image
from articles.models import Article, Author, Helpline, HelplineCountry
from topics.models import Topic

DEMO_CONTENT = Path(__file__).resolve().parents[2] / "demo_content.yaml"
SCHEDULE_DAYS_AHEAD = 30
SCHEDULED = "scheduled"


class SeedReport:
    """Which rows a run created, updated or left unchanged (a row counts once, at its worst)."""

    def __init__(self) -> None:
        self.states: dict[tuple[str, Any], str] = {}

    def mark(self, obj: models.Model, state: str) -> None:
        key = (obj._meta.label, obj.pk)
        if self.states.get(key) in (None, "unchanged"):
            self.states[key] = state

    def touched(self, obj: models.Model) -> None:
        """A relation of ``obj`` changed: an unchanged row becomes an updated one."""
        if self.states.get((obj._meta.label, obj.pk)) == "unchanged":
            self.states[(obj._meta.label, obj.pk)] = "updated"

    def summary(self) -> str:
        per_model = Counter(label for label, _pk in self.states)
        states = Counter(self.states.values())
        rows = ", ".join(
            f"{per_model[model._meta.label]} {model._meta.verbose_name_plural}"
            for model in (Topic, Author, Article, Helpline)
        )
        return (
            f"Demo content ({rows}): {states['created']} created, "
            f"{states['updated']} updated, {states['unchanged']} unchanged."
        )


class Command(BaseCommand):
    help = "Create or refresh Kith's demo topics, authors, articles and helplines. Safe to re-run."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--data",
            type=Path,
            default=DEMO_CONTENT,
            help="The YAML file to load (default: articles/demo_content.yaml).",
        )

    def handle(self, *args, data: Path, **options) -> None:
        content = _load(data)
        report = SeedReport()
        with transaction.atomic():
            reviewers, reviewers_written = editorial_seed.seed_reviewers(
                content.get("reviewers") or []
            )
            _image, image_written = ensure_demo_image()  # before the article that shows it
            topics = _seed_topics(_entries(content, "topics"), report)
            authors = _seed_authors(_entries(content, "authors"), report)
            editorial = {"reviewers": reviewers, "reviews": content.get("reviews") or {}}
            _seed_articles(_entries(content, "articles"), topics, authors, report, editorial)
            _seed_helplines(_entries(content, "helplines"), report)
            pages_written = editorial_seed.seed_pages(content.get("pages") or [])
        # The editorial line comes first: the last line stays the content summary.
        self.stdout.write(f"Image library: 1 demo diagram ({int(image_written)} written).")
        self.stdout.write(
            f"Editorial: {len(reviewers)} clinical reviewers ({reviewers_written} written), "
            f"{len(content.get('pages') or [])} transparency pages ({pages_written} written)."
        )
        self.stdout.write(self.style.SUCCESS(report.summary()))


# --- Reading the file -------------------------------------------------------------------------


def _load(path: Path) -> dict[str, Any]:
    try:
        content = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CommandError(f"Cannot read the demo content file {path}: {exc}") from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CommandError(f"The demo content file {path} is not valid YAML: {exc}") from exc
    if not isinstance(content, dict):
        raise CommandError(f"The demo content file {path} must hold a mapping of sections.")
    return content


def _entries(content: dict[str, Any], section: str) -> list[dict[str, Any]]:
    entries = content.get(section)
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise CommandError(f"The demo content needs a list of {section}.")
    return entries


def _required(entry: dict[str, Any], key: str, where: str) -> Any:
    value = entry.get(key)
    if value in (None, "", []):
        raise CommandError(f"{where}: “{key}” is required.")
    return value


def _text(entry: dict[str, Any], key: str) -> str:
    """Block scalars end with a newline; stored text should not."""
    value = entry.get(key)
    return "" if value is None else str(value).strip()


def _datetime(value: Any, where: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError as exc:
        raise CommandError(f"{where}: {value!r} is not an ISO date and time.") from exc
    if timezone.is_naive(parsed):
        raise CommandError(f"{where}: {value!r} needs a UTC offset, e.g. +00:00.")
    return parsed


def _lookup(index: dict[str, models.Model], slugs: Any, where: str) -> list[Any]:
    if not isinstance(slugs, list):
        slugs = [slugs]
    missing = [slug for slug in slugs if slug not in index]
    if missing:
        raise CommandError(f"{where}: unknown {', '.join(map(str, missing))}.")
    return [index[slug] for slug in slugs]


# --- Writing rows -----------------------------------------------------------------------------


def _sync(
    model: type[models.Model], *, key: dict[str, Any], values: dict[str, Any], report: SeedReport
) -> Any:
    """Create the row found by ``key``, or update the fields that differ; save nothing else."""
    try:
        obj, state = sync_row(
            model, existing=model.objects.filter(**key).first(), key=key, values=values
        )
    except WriteError as exc:
        raise CommandError(str(exc)) from exc
    report.mark(obj, state)
    return obj


def _set_m2m(obj: models.Model, field: str, targets: list[Any], report: SeedReport) -> None:
    if set_m2m(obj, field, targets, add_only=False):
        report.touched(obj)


def _seed_topics(entries: list[dict[str, Any]], report: SeedReport) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    for entry in entries:
        slug = _required(entry, "slug", "A topic")
        where = f"Topic {slug}"
        parent = entry.get("parent")
        if parent is not None and parent not in topics:
            raise CommandError(f"{where}: parent {parent} must be listed before it.")
        topics[slug] = _sync(
            Topic,
            key={"slug": slug},
            values={
                "name": _required(entry, "name", where),
                "summary": _text(entry, "summary"),
                "introduction": _text(entry, "introduction"),
                "parent_id": topics[parent].pk if parent else None,
                "display_order": int(entry.get("display_order", 0)),
            },
            report=report,
        )
    # "Related" is symmetrical: a link listed on either topic belongs to both.
    related: dict[str, set[str]] = {slug: set() for slug in topics}
    for entry in entries:
        for other in _lookup(topics, entry.get("related") or [], f"Topic {entry['slug']}"):
            related[entry["slug"]].add(other.slug)
            related[other.slug].add(entry["slug"])
    for slug, topic in topics.items():
        _set_m2m(topic, "related", [topics[other] for other in sorted(related[slug])], report)
    return topics


def _seed_authors(entries: list[dict[str, Any]], report: SeedReport) -> dict[str, Author]:
    authors: dict[str, Author] = {}
    for entry in entries:
        slug = _required(entry, "slug", "An author")
        authors[slug] = _sync(
            Author,
            key={"slug": slug},
            values={
                "name": _required(entry, "name", f"Author {slug}"),
                "credentials": _text(entry, "credentials"),
                "bio": _text(entry, "bio"),
                "photo_url": _text(entry, "photo_url"),
            },
            report=report,
        )
    return authors


def _published_at(entry: dict[str, Any], slug: str, where: str) -> datetime | None:
    if entry.get("published_at") != SCHEDULED:
        return _datetime(entry.get("published_at"), where)
    existing = Article.objects.filter(slug=slug).values_list("published_at", flat=True).first()
    if existing is not None and existing > timezone.now():
        return existing  # Already scheduled: keep the date so re-running is a no-op.
    day = timezone.now().date() + timedelta(days=SCHEDULE_DAYS_AHEAD)
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


def _article_values(entry: dict[str, Any], slug: str, topics: dict[str, Topic]) -> dict[str, Any]:
    where = f"Article {slug}"
    kind = _required(entry, "kind", where)
    status = entry.get("status", Article.Status.PUBLISHED)
    if kind not in Article.Kind.values or status not in Article.Status.values:
        raise CommandError(f"{where}: unknown kind {kind!r} or status {status!r}.")
    if kind == Article.Kind.QA and not _text(entry, "question"):
        raise CommandError(f"{where}: Questions and Answers need a question.")
    if kind in Article.KINDS_WITH_EXTERNAL_URL and not _text(entry, "external_url"):
        raise CommandError(f"{where}: Videos and Links need an external_url.")
    if status == Article.Status.PUBLISHED and not entry.get("published_at"):
        raise CommandError(f"{where}: a published article needs published_at.")
    (primary,) = _lookup(topics, _required(entry, "primary_topic", where), where)
    return {
        "title": _required(entry, "title", where),
        "kind": kind,
        "status": status,
        "summary": " ".join(_text(entry, "summary").split()),
        "question": _text(entry, "question"),
        "body": _text(entry, "body"),
        "pull_quote": " ".join(_text(entry, "pull_quote").split()),
        "external_url": _text(entry, "external_url"),
        "primary_topic_id": primary.pk,
        "published_at": _published_at(entry, slug, where),
        "content_updated_at": _datetime(entry.get("content_updated_at"), where),
        "comments_open": bool(entry.get("comments_open", True)),
        "language": str(entry.get("language") or DEFAULT_LANGUAGE),
    }


def _seed_articles(
    entries: list[dict[str, Any]],
    topics: dict[str, Topic],
    authors: dict[str, Author],
    report: SeedReport,
    editorial: dict[str, Any],
) -> dict[str, Article]:
    articles: dict[str, Article] = {}
    reviews = editorial["reviews"]
    unknown = set(reviews) - {entry.get("slug") for entry in entries}
    if unknown:
        raise CommandError(f"Reviews for unknown articles: {', '.join(sorted(unknown))}.")
    for entry in entries:
        slug = _required(entry, "slug", "An article")
        where = f"Article {slug}"
        values = _article_values(entry, slug, topics)
        review = reviews.get(slug) or {}
        values.update(editorial_seed.review_values(review, editorial["reviewers"], where))
        # The primary topic is always one of the topics, as the admin ensures too.
        relations = ArticleRelations(
            topics=[
                topics[entry["primary_topic"]],
                *_lookup(topics, entry.get("topics") or [], where),
            ],
            byline=_lookup(authors, _required(entry, "authors", where), where),
            tags=[str(tag) for tag in entry.get("tags") or []],
            references=editorial_seed.reference_values(review.get("references") or [], where),
        )
        try:
            written = write_article(
                existing=Article.objects.filter(slug=slug).first(),
                slug=slug,
                values=values,
                relations=relations,
                source="seed_demo",
            )
        except WriteError as exc:
            raise CommandError(str(exc)) from exc
        article = articles[slug] = written.article
        report.mark(article, written.state)
        if written.relations_changed:
            report.touched(article)
    for entry in entries:  # Related articles and originals may point forward in the file.
        where = f"Article {entry['slug']}"
        related = _lookup(articles, entry.get("related") or [], where)
        _set_m2m(articles[entry["slug"]], "related_articles", related, report)
        if original := entry.get("translation_of"):
            (original,) = _lookup(articles, original, where)
            _link_translation(articles[entry["slug"]], original, report, where)
    return articles


def _link_translation(article: Article, original: Article, report: SeedReport, where: str) -> None:
    """Put ``article`` in ``original``'s group of translations, validated as in the admin."""
    try:
        if not join_translations(article, original):
            return
    except WriteError as exc:
        raise CommandError(f"{where}: {exc}") from exc
    report.touched(article)
    report.touched(original)


def _seed_helplines(entries: list[dict[str, Any]], report: SeedReport) -> None:
    for entry in entries:
        name = _required(entry, "name", "A helpline")
        where = f"Helpline {name}"
        line = _sync(
            Helpline,
            key={"name": name},
            values={
                "description": _text(entry, "description"),
                "hours": _text(entry, "hours"),
                "languages": _text(entry, "languages"),
                "phone": _text(entry, "phone"),
                "text_number": _text(entry, "text_number"),
                "text_keyword": _text(entry, "text_keyword"),
                "chat_url": _text(entry, "chat_url"),
                "url": _text(entry, "url"),
                "source_url": _text(entry, "source_url"),
                "last_verified": _date(entry.get("last_verified"), where),
                "is_active": bool(entry.get("is_active", True)),
            },
            report=report,
        )
        places = _required(entry, "countries", where)
        if not isinstance(places, dict):
            raise CommandError(f"{where}: “countries” maps country codes to positions.")
        for code, position in places.items():
            key = {"helpline": line, "country": str(code).upper()}
            try:
                _place, state = sync_row(
                    HelplineCountry,
                    existing=HelplineCountry.objects.filter(**key).first(),
                    key=key,
                    values={"position": int(position)},
                )
            except WriteError as exc:
                raise CommandError(f"{where}: {exc}") from exc
            if state != "unchanged":
                report.touched(line)
        stale = line.countries.exclude(country__in=[str(code).upper() for code in places])
        if stale.exists():
            stale.delete()
            report.touched(line)


def _date(value: Any, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise CommandError(f"{where}: “{value}” is not a date (YYYY-MM-DD).") from exc
