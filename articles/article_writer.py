"""Writing an article with its relations: the one function ``seed_demo`` and ``import_content``
both store articles through.

One function, so that both paths obey the same rules the same way: every row is validated
with ``full_clean`` (a published article without a recorded clinical review is refused in the
same words as in the admin), a row is written only when a value differs (running either
command twice changes nothing, not even ``updated_at``), and the keywords are indexed for
search once they are in place. It lives in ``articles`` because it writes only articles and
what they point to; the importer (``transfer``) may import it, ``articles`` imports neither
``transfer`` nor ``comments``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from contextlib import nullcontext as _no_context
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction

from articles.article_revisions import ArticleRevision, live_content, propose_revision
from articles.models import Article, ArticleAuthor, Author, Reference
from articles.reviewed_content import (
    REFERENCES,
    REVIEWED_FIELDS,
    changed_fields,
    reference_row,
    reviewed_change,
)
from topics.models import Topic

# Fields save() derives from others: validating them before the first save would fail.
DERIVED_FIELDS = ("body_html", "body_text", "reading_time", "reading_grade", "bio_html",
                  "introduction_html")  # fmt: skip


class WriteError(ValueError):
    """A row or relation the database would refuse, said in words: “article {…}: title: …”."""


@dataclass(frozen=True)
class ReferenceValues:
    """One cited source, in the order it is numbered on the page."""

    citation: str
    url: str = ""
    doi: str = ""
    accessed: date | None = None
    order: int = 0

    def as_row(self) -> tuple[Any, ...]:
        return (self.citation, self.url, self.doi, self.accessed, self.order)


REFERENCE_KEYS = ("citation", "url", "doi", "accessed", "order")


@dataclass
class ArticleRelations:
    """What to set besides the article's own row; ``None`` leaves that relation as it is.

    ``add_only`` adds topics and keywords to those already there instead of replacing them
    (an import from another site must not undo an editor's additions).
    """

    topics: Sequence[Topic] | None = None
    byline: Sequence[Author] | None = None
    tags: Sequence[str] | None = None
    references: Sequence[ReferenceValues] | None = None
    add_only: bool = False


@dataclass
class Written:
    """What ``write_article`` did: the row's state and whether any relation changed.

    ``revision`` is the revision waiting for review that holds the new content of an article
    already published (readers still see the reviewed version); ``new_revision`` says whether
    this call made it.
    """

    article: Article
    state: str  # "created", "updated" or "unchanged"
    relations_changed: bool
    revision: ArticleRevision | None = None
    new_revision: bool = False


def validation_details(exc: ValidationError) -> str:
    """“field: message; field: message” — a ValidationError as one line for a command."""
    return "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())


def sync_row(
    model: type[models.Model], *, existing: models.Model | None, key: dict[str, Any],
    values: dict[str, Any],
) -> tuple[Any, str]:  # fmt: skip
    """Create the row, or update the fields that differ; validate; save nothing else."""
    if existing is None:
        obj, state = model(**key, **values), "created"
    else:
        obj = existing
        changed = {name: v for name, v in values.items() if getattr(obj, name) != v}
        if not changed:
            return obj, "unchanged"
        for name, value in changed.items():
            setattr(obj, name, value)
        state = "updated"
    try:
        obj.full_clean(exclude=[f for f in DERIVED_FIELDS if hasattr(obj, f)])
    except ValidationError as exc:
        raise WriteError(f"{model._meta.verbose_name} {key}: {validation_details(exc)}") from exc
    obj.save()
    return obj, state


def write_article(
    *, existing: Article | None, slug: str, values: dict[str, Any], relations: ArticleRelations,
    source: str = "import",
) -> Written:  # fmt: skip
    """Store the article found as ``existing`` (or a new one at ``slug``) and its relations.

    ``values`` are the row's fields, the clinical review included (``reviewed_by``,
    ``last_reviewed``, ``next_review_due``): ``full_clean`` refuses a published article
    without one. The reviewed content of an article already published is never changed here:
    a difference is stored as a revision submitted for review (``propose_revision``), and the
    live article keeps what was reviewed. Raises ``WriteError``; the caller's transaction rolls
    everything back.
    """
    revision, new_revision = None, False
    if existing is not None and existing.status == Article.Status.PUBLISHED:
        values, relations, revision, new_revision = _propose(existing, values, relations, source)
    article, state = sync_row(Article, existing=existing, key={"slug": slug}, values=values)
    # A new article's references are part of what its first review covers.
    with reviewed_change() if state == "created" else _no_context():
        changed = _write_relations(article, slug, relations)
    return Written(
        article=article, state="updated" if new_revision and state == "unchanged" else state,
        relations_changed=changed, revision=revision, new_revision=new_revision,
    )  # fmt: skip


def _propose(
    article: Article, values: dict[str, Any], relations: ArticleRelations, source: str
) -> tuple[dict[str, Any], ArticleRelations, ArticleRevision | None, bool]:
    """Split the reviewed content off ``values`` and ``relations`` into a revision."""
    proposed = {name: values[name] for name in REVIEWED_FIELDS if name in values}
    if relations.references is not None:
        proposed[REFERENCES] = [
            reference_row(dict(zip(REFERENCE_KEYS, ref.as_row(), strict=True)))
            for ref in relations.references
        ]
    rest = {name: value for name, value in values.items() if name not in proposed}
    relations = dataclasses.replace(relations, references=None)
    live = live_content(article)
    if not changed_fields(live, {**live, **proposed}):
        return rest, relations, article.revisions.open().first(), False
    before = article.revisions.open().values_list("pk", flat=True).first()
    try:
        revision = propose_revision(article, proposed, source=source, submit=True)
    except ValidationError as exc:
        raise WriteError(f"article {{'slug': {article.slug!r}}}: {exc.messages[0]}") from exc
    return rest, relations, revision, revision is not None and revision.pk != before


def _write_relations(article: Article, slug: str, relations: ArticleRelations) -> bool:
    changed = False
    if relations.topics is not None:
        changed |= set_m2m(article, "topics", relations.topics, add_only=relations.add_only)
    if relations.byline is not None:
        changed |= _set_byline(article, relations.byline)
    if relations.tags is not None and _set_tags(article, relations.tags, relations.add_only):
        # Keywords are part of the PostgreSQL search vector, which save() could not see yet.
        article.refresh_search_vector()
        changed = True
    if relations.references is not None:
        try:
            changed |= _set_references(article, relations.references)
        except WriteError as exc:
            raise WriteError(f"article {{'slug': {slug!r}}}: {exc}") from exc
    return changed


def set_m2m(obj: models.Model, field: str, targets: Sequence[Any], *, add_only: bool) -> bool:
    """Make a many-to-many relation ``targets`` (or add them); return whether it changed."""
    manager = getattr(obj, field)
    current = set(manager.values_list("pk", flat=True))
    wanted = {target.pk for target in targets}
    if add_only:
        wanted |= current
    if current == wanted:
        return False
    manager.set(wanted)
    return True


def _set_byline(article: Article, byline: Sequence[Author]) -> bool:
    wanted = [(author.pk, order) for order, author in enumerate(dict.fromkeys(byline))]
    links = article.article_authors.order_by("order", "pk")
    if list(links.values_list("author_id", "order")) == wanted:
        return False
    links.delete()
    ArticleAuthor.objects.bulk_create(
        ArticleAuthor(article=article, author_id=author_id, order=order)
        for author_id, order in wanted
    )
    return True


def _set_tags(article: Article, tags: Sequence[str], add_only: bool) -> bool:
    current = {name.casefold(): name for name in article.tags.names()}
    if add_only:
        missing = [tag for tag in tags if tag.casefold() not in current]
        if missing:
            article.tags.add(*missing)
        return bool(missing)
    if sorted(current.values()) == sorted(tags):
        return False
    article.tags.set(list(tags))
    return True


def _set_references(article: Article, references: Sequence[ReferenceValues]) -> bool:
    fields = ("citation", "url", "doi", "accessed", "order")
    current = list(article.references.order_by("order", "pk").values_list(*fields))
    if current == [ref.as_row() for ref in references]:
        return False
    rows = []
    for number, ref in enumerate(references, start=1):
        reference = Reference(article=article, **dict(zip(fields, ref.as_row(), strict=True)))
        try:
            reference.full_clean(exclude=["article"])
        except ValidationError as exc:
            raise WriteError(f"reference {number}: {validation_details(exc)}") from exc
        rows.append(reference)
    article.references.all().delete()
    Reference.objects.bulk_create(rows)
    return True


def join_translations(article: Article, other: Article) -> bool:
    """Put ``article`` and ``other`` in one group of translations, validated as in the admin
    (one article per language); False when they already share a group.

    The one without a group joins the other's. Raises ``WriteError`` when each is already in a
    different group (merging two groups is an editor's decision) or when validation refuses;
    nothing is saved then.
    """
    if article.pk == other.pk:
        raise WriteError("an article cannot be a translation of itself")
    if (
        article.translation_group is not None
        and article.translation_group == other.translation_group
    ):
        return False
    if article.translation_group is not None and other.translation_group is not None:
        raise WriteError(
            f"“{article.slug}” and “{other.slug}” are already in different groups of translations"
        )
    joining, original = (other, article) if article.translation_group else (article, other)
    with transaction.atomic():  # the original's new group goes too if validation refuses
        try:
            joining.join_translations_of(original)
            joining.full_clean(exclude=[f for f in DERIVED_FIELDS if hasattr(joining, f)])
        except ValidationError as exc:
            joining.translation_group = None
            original.refresh_from_db(fields=["translation_group"])
            transaction.set_rollback(True)
            raise WriteError(validation_details(exc)) from None
        joining.save(update_fields=["translation_group"])
    return True
