"""Stores what a reader parsed: idempotently, validated, comments classified like new ones.

Rows are found by a natural key (an import record's source key, a slug, a topic's name) and
written only when a value differs, so importing the same file twice changes nothing. Comments
are stored by ``comment_writer``, through the posting pipeline's classification.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from articles.article_writer import (
    ArticleRelations,
    ReferenceValues,
    WriteError,
    join_translations,
    set_m2m,
    sync_row,
    write_article,
)
from articles.models import Article, Author
from articles.workflow import review_cycle
from kith.markup import own_image_path, refused_markdown_images
from topics.models import Topic
from transfer import comment_writer, completeness, editorial
from transfer.models import ImportedSource
from transfer.options import ImportOptions
from transfer.records import (
    LIMITS,
    ArticleRecord,
    AuthorRecord,
    ParseError,
    TopicRef,
    digest,
)
from transfer.report import FileChanges

FALLBACK_TOPIC = "Imported"


def save_article(
    record: ArticleRecord, *, content_hash: str, options: ImportOptions, changes: FileChanges
) -> Article:
    link = ImportedSource.objects.filter(source_key=record.source_key).first()
    existing = link.article if link is not None else None
    if existing is None and record.authoritative:
        existing = Article.objects.filter(slug=record.fields.get("slug", "")).first()
    body = record.fields.get("body", "")
    if len(body) > LIMITS["body"]:
        raise ParseError(
            f"the article text is {len(body):,} characters; the limit is {LIMITS['body']:,}"
        )
    _report_external_images(record)
    primary = _primary_topic(record, options, changes)
    values = {k: v for k, v in record.fields.items() if k != "slug"}
    values["primary_topic"] = primary
    values.update(editorial.review_values(record, changes))
    _choose_status(values, existing=existing, record=record, options=options)
    slug = existing.slug if existing else record.fields.get("slug") or _free_slug(values["title"])
    # A foreign source only adds topics and keywords (an editor's additions stay); Kith's own
    # export is the article as it was, so it sets them exactly.
    relations = ArticleRelations(
        topics=[primary, *(find_topic(ref, changes) for ref in record.topics)],
        byline=[
            find_author(a, changes, authoritative=record.authoritative) for a in record.authors
        ] if record.authors or record.authoritative else None,
        tags=record.tags,
        references=[
            ReferenceValues(r.citation, r.url, r.doi, r.accessed, r.order)
            for r in record.references
        ] if record.editorial else None,
        add_only=not record.authoritative,
    )  # fmt: skip
    try:
        written = write_article(existing=existing, slug=slug, values=values, relations=relations)
    except WriteError as exc:
        raise ParseError(str(exc)) from None
    article = written.article
    if written.new_revision:
        record.warnings.append(
            f"“{article.title}” is published under a clinical review: the new content "
            f"({', '.join(written.revision.changed)}) waits as revision {written.revision.pk} "
            "for a clinical reviewer; readers still see the reviewed version."
        )
    changes.mark("articles", article.pk, written.state)
    if written.relations_changed:
        changes.touched("articles", article.pk)

    for ref in record.related_topics:
        related = find_topic(ref, changes)
        if related != primary and not primary.related.filter(pk=related.pk).exists():
            primary.related.add(related)
            changes.touched("topics", primary.pk)
    if record.authoritative:
        link_related(article, record.related_articles, changes)

    sources = [(record.source_key, record.source_url), *record.extra_sources]
    for key, url in sources[1:] if record.authoritative else sources:
        _record_source(key, url, article, content_hash)
        record_redirect(url, article, changes)
    comment_writer.save_comments(
        article, record.comments, key_prefix=record.source_key, options=options,
        authoritative=record.authoritative, changes=changes,
    )  # fmt: skip
    return article


def _report_external_images(record: ArticleRecord) -> None:
    """Pages show only images from Kith's library: say what an imported file loses."""
    refused = refused_markdown_images(record.fields.get("body", ""))
    if refused:
        record.warnings.append(
            f"{len(refused)} external image{'s' if len(refused) != 1 else ''} dropped (pages "
            "show only images uploaded to Kith; each keeps its alt text): upload them under "
            "Images and paste their Markdown into the article"
        )
    for author in record.authors:
        if author.photo_url and own_image_path(author.photo_url) is None:
            record.warnings.append(f"external photo of {author.name} dropped")
            author.photo_url = ""


def link_related(article: Article, slugs: list[str], changes: FileChanges) -> list[str]:
    """Sets the article's related articles; returns the slugs not imported (yet)."""
    related = list(Article.objects.filter(slug__in=slugs))
    if set_m2m(article, "related_articles", related, add_only=False):
        changes.touched("articles", article.pk)
    found = {a.slug for a in related}
    return [slug for slug in slugs if slug not in found]


def link_translations(article: Article, slugs: list[str], changes: FileChanges) -> list[str]:
    """Puts the article in one group of translations with the articles of ``slugs``, validated
    as in the admin; returns a line for each that could not be linked."""
    problems = []
    found = {other.slug: other for other in Article.objects.filter(slug__in=slugs)}
    for slug in slugs:
        other = found.get(slug)
        if other is None:
            problems.append(f"{slug}: not found")
            continue
        try:
            if join_translations(article, other):
                changes.touched("articles", article.pk)
                changes.touched("articles", other.pk)
        except WriteError as exc:
            problems.append(f"{slug}: {exc}")
    return problems


def _choose_status(
    values: dict[str, Any], *, existing: Article | None, record: ArticleRecord,
    options: ImportOptions,
) -> None:  # fmt: skip
    """Drafts unless told otherwise; a re-import never unpublishes what an editor published.

    A Kith export keeps its status and its review. Whatever the path, a published article has
    a recorded clinical review: one the source or the database already has, else one by the
    ``--reviewed-by`` clinician today, else the article waits “in review” for a clinician.
    """
    if options.status:
        values["status"] = options.status
    elif record.authoritative and values.get("status"):
        pass
    elif existing is not None:
        values["status"] = existing.status
    else:
        values["status"] = Article.Status.DRAFT
    completeness.hold_back(values, record=record, existing=existing)
    if values["status"] == Article.Status.PUBLISHED and not _has_review(values, existing):
        if options.reviewer is not None:
            today = timezone.localdate()
            values["reviewed_by"] = options.reviewer
            values["last_reviewed"] = today
            values["next_review_due"] = today + review_cycle()
            values["review_recorded_by"] = options.reviewer.user
        else:
            values["status"] = Article.Status.IN_REVIEW
            record.warnings.append(
                "Published in the source but no clinical review is recorded: it waits in "
                "review (import with --reviewed-by USERNAME, or review it in the admin)."
            )
    if values["status"] == Article.Status.PUBLISHED and not values.get("published_at"):
        # Only a Kith export or an article an editor already published gets here without a
        # date of its own: keep the stored one (an export's “now” is its own publication).
        values["published_at"] = (existing and existing.published_at) or timezone.now()


def _has_review(values: dict[str, Any], existing: Article | None) -> bool:
    """Whether the article will have a reviewer and a review date once ``values`` are set."""
    return all(
        values[name] if name in values else getattr(existing, name, None)
        for name in ("reviewed_by", "last_reviewed")
    )


def _primary_topic(record: ArticleRecord, options: ImportOptions, changes: FileChanges) -> Topic:
    if record.primary_topic is not None:
        return find_topic(record.primary_topic, changes)
    if options.topic is not None:
        return options.topic
    title = record.fields.get("title", "").casefold()
    for topic in Topic.objects.order_by("-display_order", "name"):
        if topic.name.casefold() in title:
            record.warnings.append(f"No topic named: filed under “{topic.name}” from its title.")
            return topic
    record.warnings.append(f"No topic named: filed under “{FALLBACK_TOPIC}”; choose one.")
    return find_topic(TopicRef(name=FALLBACK_TOPIC, summary="Imported articles awaiting a topic."),
                      changes)  # fmt: skip


def find_topic(ref: TopicRef, changes: FileChanges) -> Topic:
    """The topic with the ref's slug or name (any case), created when there is none."""
    slug = ref.slug or slugify(ref.name)[:100] or "topic-" + digest(ref.name)[:8]
    topic = (
        Topic.objects.filter(slug=slug).first()
        or Topic.objects.filter(name__iexact=ref.name).first()
        or Topic.objects.filter(slug=slugify(ref.name)[:100]).first()
    )
    if topic is not None:
        changes.mark("topics", topic.pk, "unchanged")
        return topic
    values = {"name": ref.name or slug, "summary": ref.summary or f"Articles about {ref.name}."}
    return sync(Topic, existing=None, key={"slug": slug}, values=values, changes=changes)


def find_author(record: AuthorRecord, changes: FileChanges, *, authoritative: bool) -> Author:
    """The author with the record's slug (from the name), created or completed.

    A foreign source only fills what is blank — an editor's corrections to an author stay —
    while Kith's own export is the author as it was, so its values replace the stored ones.
    """
    slug = record.slug or slugify(record.name)[:120] or "author-" + digest(record.name)[:8]
    record.bio = record.bio[: LIMITS["bio"]]
    author = Author.objects.filter(slug=slug).first()
    fields = ("name", "credentials", "bio", "photo_url")
    wanted = {f: getattr(record, f) for f in fields if getattr(record, f) or authoritative}
    if author is not None and not authoritative:
        wanted = {f: v for f, v in wanted.items() if not getattr(author, f)}
    return sync(Author, existing=author, key={"slug": slug}, values=wanted, changes=changes)


def sync(
    model: type[models.Model], *, existing: models.Model | None, key: dict[str, Any],
    values: dict[str, Any], changes: FileChanges,
) -> Any:  # fmt: skip
    """Create the row, or update the fields that differ; validate; save nothing else."""
    try:
        obj, state = sync_row(model, existing=existing, key=key, values=values)
    except WriteError as exc:
        raise ParseError(str(exc)) from None
    changes.mark(str(model._meta.verbose_name_plural), obj.pk, state)
    return obj


def _free_slug(title: str) -> str:
    base = slugify(title)[:190].strip("-") or "article-" + digest(title)[:8]
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _record_source(key: str, url: str, article: Article, content_hash: str) -> None:
    link = ImportedSource.objects.filter(source_key=key).first()
    if link is None:
        ImportedSource.objects.create(
            source_key=key, source_url=url[:500], content_hash=content_hash, article=article
        )
    elif (link.article_id, link.source_url, link.content_hash) != (article.pk, url, content_hash):
        link.article, link.source_url, link.content_hash = article, url[:500], content_hash
        link.imported_at = timezone.now()
        link.save()


def record_redirect(old_url: str, article: Article, changes: FileChanges) -> None:
    """A redirect from the old address, when the redirects app is installed.

    Without it the old address stays on the ``ImportedSource`` row (and in the admin), so
    redirects can be made once the app is added.
    """
    if not old_url or not apps.is_installed("django.contrib.redirects"):
        return
    redirect_model = apps.get_model("redirects", "Redirect")
    old_path = urlsplit(old_url).path or ""
    new_path = article.get_absolute_url()
    if not old_path.startswith("/") or old_path == new_path or len(old_path) > 200:
        return
    redirect = redirect_model.objects.filter(site_id=settings.SITE_ID, old_path=old_path).first()
    if redirect is None:
        redirect = redirect_model.objects.create(
            site_id=settings.SITE_ID, old_path=old_path, new_path=new_path
        )
        changes.mark("redirects", redirect.pk, "created")
    elif redirect.new_path != new_path:
        redirect.new_path = new_path
        redirect.save(update_fields=["new_path"])
        changes.mark("redirects", redirect.pk, "updated")
    else:
        changes.mark("redirects", redirect.pk, "unchanged")


def save_topics(topics: list[dict[str, Any]], changes: FileChanges) -> None:
    """Kith's topics file: every topic as exported, then parents and related topics by slug."""
    by_slug: dict[str, Topic] = {}
    for entry in topics:
        slug = entry["slug"]
        values = {
            k: entry[k] for k in ("name", "summary", "introduction", "display_order") if k in entry
        }
        existing = Topic.objects.filter(slug=slug).first()
        by_slug[slug] = sync(Topic, existing=existing, key={"slug": slug}, values=values,
                             changes=changes)  # fmt: skip
    for entry in topics:
        topic = by_slug[entry["slug"]]
        parent = entry.get("parent") or None
        parent_id = _topic_by_slug(by_slug, parent).pk if parent else None
        if topic.parent_id != parent_id:
            sync(Topic, existing=topic, key={}, values={"parent_id": parent_id}, changes=changes)
        related = [_topic_by_slug(by_slug, slug) for slug in entry.get("related") or []]
        wanted = {t.pk for t in related} | set(topic.related.values_list("pk", flat=True))
        if set(topic.related.values_list("pk", flat=True)) != wanted:
            topic.related.set(wanted)
            changes.touched("topics", topic.pk)


def _topic_by_slug(by_slug: dict[str, Topic], slug: str) -> Topic:
    topic = by_slug.get(slug) or Topic.objects.filter(slug=slug).first()
    if topic is None:
        raise ParseError(f"the topic {slug!r} is referred to but not defined")
    return topic
