"""An article: its text, its place among topics, its clinical review and its workflow.

Every change of status is a method here (``submit_for_review``, ``mark_reviewed``,
``return_to_draft``, ``publish``, ``archive``): each checks the actor against the one table
of transitions (``articles/workflow.py``), records who and when (in the row and in its
history) and saves with ``update_fields``. The admin's actions and buttons call them.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import RegexValidator
from django.db import connections, models, router
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.article_revisions import ArticleRevision, MinorEditGrant
from articles.authors import ArticleAuthor, Author
from articles.helplines import Helpline, HelplineCountry
from articles.images import ArticleImage
from articles.languages import native_name
from articles.querysets import (
    LISTING_UNSHOWN_FIELDS,
    UNSHOWN_FIELDS,
    ArticleQuerySet,
    page_prefetches,
    topics_prefetch,
)
from articles.readability import reading_grade
from articles.review import ClinicalReviewer, Reference
from articles.reviewed_content import REVIEWED_FIELDS, refuse_unreviewed_change
from articles.search import stored_document_vector, stored_title_vector, uses_stored_vector
from articles.workflow import (
    KEY_POINT_MAX_CHARS,
    KEY_POINTS_MAX,
    TRANSITIONS,
    ArticleStatus,
    review_cycle,
)
from kith.derived_fields import include_derived
from kith.markup import page_headings, plain_text, reading_minutes, render_markdown
from kith.reversing import remembered_reverse
from topics.models import Topic

__all__ = [
    "LISTING_UNSHOWN_FIELDS",
    "UNSHOWN_FIELDS",
    "Article",
    "ArticleAuthor",
    "ArticleImage",
    "ArticleQuerySet",
    "ArticleRevision",
    "Author",
    "ClinicalReviewer",
    "Helpline",
    "HelplineCountry",
    "MinorEditGrant",
    "Reference",
    "TaggedArticle",
    "page_prefetches",
    "topics_prefetch",
]


class TaggedArticle(TaggedItemBase):
    """Keywords join articles through a real foreign key (faster than taggit's generic one)."""

    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("article keyword")
        verbose_name_plural = _("article keywords")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]


class ArticleKind(models.TextChoices):
    # The order is Mental Help Net's section order, which topic pages follow.
    BASIC = "basic", _("Basic Information")
    MORE = "more", _("More Information")
    NEWS = "news", _("Latest News")
    QA = "qa", _("Questions and Answers")
    BLOG = "blog", _("Blog Entries")
    VIDEO = "video", _("Videos")
    LINK = "link", _("Links")
    BOOK = "book", _("Book Reviews")


class Article(models.Model):
    Kind = ArticleKind
    Status = ArticleStatus

    KINDS_WITH_EXTERNAL_URL = (Kind.VIDEO, Kind.LINK)
    # The fields the stored search vectors are made from (with the keywords).
    SEARCH_SOURCES = frozenset({"title", "summary", "question", "body", "language"})

    # Reader safety and clinical review first: the history's compare page lists changed fields
    # in this order.
    content_note = models.CharField(
        _("content note"),
        max_length=300,
        blank=True,
        help_text=_("Optional, shown before the article, e.g. “This article discusses suicide.”"),
    )
    about_suicide = models.BooleanField(
        _("about suicide or self-harm"),
        default=False,
        help_text=_(
            "Tick when the article is about suicide or self-harm: helplines are then "
            "shown at the top of the page as well as at the bottom."
        ),
    )
    key_points = models.TextField(
        _("key points"),
        blank=True,
        max_length=KEY_POINTS_MAX * (KEY_POINT_MAX_CHARS + 2),
        help_text=format_lazy(
            _(
                "Optional: up to {count} short points, one per line, shown at the top of the "
                "article."
            ),
            count=KEY_POINTS_MAX,
        ),
    )
    reading_grade = models.DecimalField(
        _("reading grade"),
        max_digits=4,
        decimal_places=1,
        null=True,
        editable=False,
        help_text=_(
            "School grade of the question and body (Flesch–Kincaid in English, Crawford in "
            "Spanish), computed on save."
        ),
    )
    reviewed_by = models.ForeignKey(
        "articles.ClinicalReviewer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewed_articles",
        verbose_name=_("reviewed by"),
        help_text=_("The clinician who last reviewed the article. Set by “Mark reviewed”."),
    )
    last_reviewed = models.DateField(
        _("page last reviewed"),
        null=True,
        blank=True,
        help_text=_("Moves only when a clinical review is recorded, never on a small edit."),
    )
    next_review_due = models.DateField(
        _("next review due"),
        null=True,
        blank=True,
        help_text=_("Defaults to the last review plus the review cycle."),
    )
    review_notes = models.TextField(
        _("review notes"),
        blank=True,
        max_length=2000,
        help_text=_("What the reviewer checked or asked to change. Not shown to readers."),
    )
    review_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("review recorded by"),
    )
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("status changed by"),
    )
    status_changed_at = models.DateTimeField(_("status changed"), null=True, editable=False)

    # The article itself.
    title = models.CharField(_("title"), max_length=200, help_text=_("The headline readers see."))
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_(
            "The last part of the article's address, e.g. sleep-well for "
            "/articles/sleep-well/. Filled in from the title."
        ),
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind.choices,
        default=Kind.BASIC,
        help_text=_("The section of the topic page the article is listed in."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two plain sentences for listings, search results and search engines."),
    )
    question = models.TextField(
        _("question"),
        blank=True,
        max_length=2000,
        help_text=_("For Questions and Answers: the reader's question, shown above the answer."),
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "The article in Markdown: ## headings, **bold**, *italic*, - lists, "
            "[links](https://…). Raw HTML is shown as text."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(
        _("body as plain text"),
        editable=False,
        default="",
        help_text=_("The body without formatting, for search and search-result snippets."),
    )
    search_vector = SearchVectorField(
        _("search vector"),
        null=True,
        editable=False,
        help_text=_("PostgreSQL full-text index of the article; empty on SQLite (see search.py)."),
    )
    title_search_vector = SearchVectorField(
        _("title search vector"),
        null=True,
        editable=False,
        help_text=_(
            "PostgreSQL full-text index of the title alone, stemmed in the article's "
            "language; empty on SQLite (see search.py)."
        ),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        default="en",
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(?:-[a-z0-9]{2,4})?$",
                _(
                    "Use an ISO 639-1 language code such as “en” or “fr”, optionally with a "
                    "region such as “en-gb”."
                ),
            )
        ],
        help_text=_("The language the article is written in, as an ISO 639-1 code (“en”, “fr”)."),
    )
    translation_group = models.UUIDField(
        _("translation group"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Articles with the same group are translations of one another, at most one "
            "per language. Set in the admin by choosing “Translation of”."
        ),
    )
    pull_quote = models.CharField(
        _("pull quote"),
        max_length=500,
        blank=True,
        help_text=_("An optional sentence from the article to highlight beside the text."),
    )
    external_url = models.URLField(
        _("external URL"),
        max_length=500,
        blank=True,
        help_text=_("Required for Videos and Links: the address of the video or resource."),
    )
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", verbose_name=_("authors")
    )
    primary_topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="primary_articles",
        verbose_name=_("primary topic"),
        help_text=_("The topic the article belongs to first; it is also listed under “Topics”."),
    )
    topics = models.ManyToManyField(
        Topic,
        related_name="articles",
        verbose_name=_("topics"),
        blank=True,
        help_text=_(
            "Every topic page that lists this article. The primary topic is added for you."
        ),
    )
    tags = TaggableManager(
        verbose_name=_("keywords"),
        through=TaggedArticle,
        blank=True,
        help_text=_("Comma-separated keywords, e.g. “sleep, stress, coping strategies”."),
    )
    related_articles = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="related_from",
        verbose_name=_("related articles"),
        help_text=_("Shown first under “Related articles”; more are found by shared topics."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_(
            "Only published articles whose publication time has come are shown to readers."
        ),
    )
    published_at = models.DateTimeField(
        _("published"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("When readers may first see the article. A future time schedules it."),
    )
    content_updated_at = models.DateTimeField(
        _("updated"),
        null=True,
        blank=True,
        help_text=_("Shown to readers as “Updated:”. Change it for meaningful updates only."),
    )
    comments_open = models.BooleanField(
        _("comments open"),
        default=True,
        help_text=_("Untick to close reader comments on this article."),
    )
    reading_time = models.PositiveSmallIntegerField(
        _("reading time (minutes)"), default=1, editable=False
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)

    objects = ArticleQuerySet.as_manager()
    # Every saved version, with who saved it; body_html is derived, so not worth keeping.
    # Derived fields are rebuilt from the body on restore; keeping them would only bloat history.
    # Which articles are translations of one another is not the article's text: restoring an
    # old version leaves it as it is (and cannot break the one-per-language rule).
    history = HistoricalRecords(
        excluded_fields=[
            "body_html",
            "body_text",
            "search_vector",
            "title_search_vector",
            "translation_group",
        ]
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("submit_for_review", "Can submit articles for clinical review"),
            ("review_article", "Can record a clinical review of an article"),
            ("publish_article", "Can publish or schedule articles"),
            ("archive_article", "Can archive published articles"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ArticleKind.values), name="article_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=[ArticleKind.VIDEO, ArticleKind.LINK]) | ~Q(external_url=""),
                name="article_video_link_has_url",
            ),
            models.CheckConstraint(condition=~Q(slug=""), name="article_slug_not_empty"),
            models.CheckConstraint(
                condition=Q(next_review_due__isnull=True)
                | Q(last_reviewed__isnull=True)
                | Q(next_review_due__gt=models.F("last_reviewed")),
                name="article_next_review_after_review",
            ),
            # Readers are told every article is reviewed by a clinician: the data guarantees it.
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED)
                | Q(
                    reviewed_by__isnull=False,
                    last_reviewed__isnull=False,
                    next_review_due__isnull=False,
                ),
                name="article_published_is_reviewed",
            ),
            # One article per language in a group of translations (NULL: no translations).
            models.UniqueConstraint(
                fields=["translation_group", "language"], name="article_one_per_language"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_at"], name="article_pub_idx"),
            # The API's ?language= filter: “es” is language = 'es' OR LIKE 'es-%'. Without it, a
            # language with few or no published articles scanned the whole table (337 ms at
            # 100 000 articles); pattern_ops serves both the equality and the prefix.
            models.Index(
                fields=["language"],
                name="article_published_language_idx",
                opclasses=["varchar_pattern_ops"],
                condition=Q(status=ArticleStatus.PUBLISHED),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.check_reviewed_content_unchanged(kwargs.get("update_fields"))
        self.body_html = render_markdown(self.body)
        self.body_text = plain_text(self.body_html)
        text = " ".join([self.question, self.body_text])
        self.reading_time = reading_minutes(text)
        self.reading_grade = reading_grade(text, self.language)
        self.fill_next_review_due()
        self.check_review_for_status()
        for derived in ("body_html", "body_text", "reading_time", "reading_grade"):
            include_derived(kwargs, source="body", derived=derived)
        include_derived(kwargs, source="last_reviewed", derived="next_review_due")
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        fields = kwargs.get("update_fields")
        refresh_vector = uses_stored_vector(connections[using]) and (
            fields is None or not self.SEARCH_SOURCES.isdisjoint(fields)
        )
        if refresh_vector:
            # An SQL expression evaluated by the INSERT/UPDATE itself, so the keywords it
            # reads are those in the database at this moment (see refresh_search_vector).
            self.search_vector = stored_document_vector(self)
            self.title_search_vector = stored_title_vector(self)
            if fields is not None:
                kwargs["update_fields"] = {*fields, "search_vector", "title_search_vector"}
        super().save(*args, **kwargs)
        if refresh_vector:
            # Forget the expressions; reading the attributes loads the stored vectors.
            del self.__dict__["search_vector"]
            del self.__dict__["title_search_vector"]

    def get_absolute_url(self) -> str:
        return remembered_reverse("articles:detail", slug=self.slug)

    def refresh_search_vector(self) -> None:
        """Bring the stored search vector up to date with the article's keywords.

        Keywords are saved after the article (many-to-many), so the admin's ``save_related``,
        importers and the demo seed call this once the keywords are in place.
        """
        type(self).objects.filter(pk=self.pk).update_search_vectors()

    @staticmethod
    def section_slug(kind: str) -> str:
        """The URL name of a kind's topic section, e.g. ``questions-and-answers``: from the
        English label, so that an address is the same in every interface language."""
        with translation.override(None):
            return slugify(str(Article.Kind(kind).label))

    @staticmethod
    def kind_for_section_slug(section: str) -> str | None:
        return next((k for k in Article.Kind if Article.section_slug(k) == section), None)

    @property
    def section_slug_value(self) -> str:
        return self.section_slug(self.kind)

    def is_published(self) -> bool:
        """Mirrors ``Article.objects.published()`` for one row."""
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    is_published.boolean = True  # type: ignore[attr-defined]

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def page_headings(self) -> list[tuple[str, str]]:
        """(anchor, text) of the body's h2 headings, for "On this page"."""
        return page_headings(self.body_html)

    @property
    def ordered_authors(self) -> list[Author]:
        return [link.author for link in self.article_authors.all()]

    @property
    def was_updated(self) -> bool:
        """Whether to show “Updated:” — only when it says something beyond the publish date."""
        return bool(
            self.content_updated_at
            and self.published_at
            and timezone.localdate(self.content_updated_at) > timezone.localdate(self.published_at)
        )

    # --- What the page shows ------------------------------------------------------------------

    def get_kind_display(self) -> str:
        """The kind's label, as Django's ``get_kind_display()`` gives it, without translating all
        eight labels on every call as Django's does (~90 µs; every article card shows one)."""
        try:
            return str(ArticleKind(self.kind).label)
        except ValueError:  # not a kind: Django shows the stored value
            return str(self.kind)

    @property
    def key_points_list(self) -> list[str]:
        return [line.strip() for line in self.key_points.splitlines() if line.strip()]

    @property
    def is_review_overdue(self) -> bool:
        return bool(self.next_review_due and self.next_review_due < timezone.localdate())

    # --- The rule every path obeys ------------------------------------------------------------

    @property
    def has_recorded_review(self) -> bool:
        return self.reviewed_by_id is not None and self.last_reviewed is not None

    def check_review_for_status(self) -> None:
        """A published article has a recorded clinical review, whatever path published it.

        Called by ``clean()`` (the admin's forms, the seeder and the importer validate with
        ``full_clean``) and by ``save()``, so even code that skips validation cannot store a
        published article without one; the database's ``article_published_is_reviewed``
        constraint refuses the rest (``update()``, raw SQL, COPY).
        """
        if self.status == self.Status.PUBLISHED and not self.has_recorded_review:
            raise ValidationError(
                _(
                    "A published article needs a recorded clinical review (reviewed by and "
                    "page last reviewed). Record one with “Mark reviewed”, or keep it in review."
                ),
                code="review_required",
            )

    def check_reviewed_content_unchanged(self, update_fields=None) -> None:
        """A published article's reviewed content changes only through review.

        Called by ``save()`` on every path (the admin, importer, seeder, a shell): when the
        row is published in the database, a change to ``REVIEWED_FIELDS`` is refused unless a
        clinical reviewer is publishing a revision or a trusted editor a minor correction
        (``articles.article_revisions``); others save a revision instead. ``update()`` has its
        own guard (``ArticleQuerySet.update``). One query, and none for a new article or a
        save of other fields only (the workflow's transitions).
        """
        if self.pk is None or (
            update_fields is not None and set(REVIEWED_FIELDS).isdisjoint(update_fields)
        ):
            return
        live = (
            type(self)
            .objects.filter(pk=self.pk, status=self.Status.PUBLISHED)
            .values(*REVIEWED_FIELDS)
            .first()
        )
        if live is not None:
            changed = [name for name in REVIEWED_FIELDS if getattr(self, name) != live[name]]
            refuse_unreviewed_change(live["title"], changed)

    def fill_next_review_due(self) -> None:
        """The next review defaults to the last one plus the review cycle."""
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = self.last_reviewed + review_cycle()

    def clean(self) -> None:
        super().clean()
        self.fill_next_review_due()  # before the constraints, which ask for it when published
        self.check_review_for_status()
        self.check_translation_language()

    # --- Translations -------------------------------------------------------------------------

    @property
    def language_name(self) -> str:
        """The article's language in that language: “Español”."""
        return native_name(self.language)

    def translations(self) -> ArticleQuerySet:
        """The other articles of this one's translation group (every status), by language."""
        if self.translation_group is None:
            return type(self).objects.none()
        return (
            type(self)
            .objects.filter(translation_group=self.translation_group)
            .exclude(pk=self.pk)
            .order_by("language", "pk")
        )

    def published_translations(self) -> list[Article]:
        """The translations readers may see, with what a link to each needs (one query, none
        when the article has no translations)."""
        if self.translation_group is None:
            return []
        return list(self.translations().published().only("pk", "slug", "title", "language"))

    def check_translation_language(self) -> None:
        """At most one article per language in a translation group (also a constraint,
        ``article_one_per_language``; this says it in words an editor understands)."""
        if self.translation_group is None:
            return
        clash = self.translations().filter(language=self.language).first()
        if clash is not None:
            raise ValidationError(
                {
                    "language": ValidationError(
                        _(
                            "“%(other)s” is already this article's %(language)s version: a "
                            "group of translations has one article per language."
                        ),
                        code="translation_language_taken",
                        params={"other": clash.title, "language": native_name(self.language)},
                    )
                }
            )

    def join_translations_of(self, original: Article) -> None:
        """Make this article a translation of ``original`` (not saved: the caller saves it
        after ``full_clean``). ``original`` is given a group first if it has none."""
        if original.pk is None or original.pk == self.pk:
            raise ValidationError(
                _("An article cannot be a translation of itself."), code="translation_of_itself"
            )
        if original.translation_group is None:
            original.translation_group = uuid.uuid4()
            original.save(update_fields=["translation_group"])
        self.translation_group = original.translation_group

    def leave_translations(self) -> None:
        """Take this article out of its group (not saved)."""
        self.translation_group = None

    def validate_constraints(self, exclude=None) -> None:
        # clean() has already said in words what article_published_is_reviewed would repeat as
        # "Constraint … is violated": leave that one constraint out (it is the only one that
        # names reviewed_by) rather than show the editor the same error twice.
        if self.status == self.Status.PUBLISHED and not self.has_recorded_review:
            exclude = {*(exclude or ()), "reviewed_by"}
        super().validate_constraints(exclude=exclude)

    # --- Who may do what ----------------------------------------------------------------------

    def can(self, user, transition: str) -> bool:
        """Whether ``user`` may take ``transition`` now (permission and current status)."""
        step = TRANSITIONS[transition]
        return user.has_perm(step.permission) and self.status in step.sources

    def available_transitions(self, user) -> list[str]:
        return [name for name in TRANSITIONS if self.can(user, name)]

    def _check(self, user, transition: str) -> None:
        step = TRANSITIONS[transition]
        if user is None or not user.has_perm(step.permission):
            raise PermissionDenied(
                gettext("You may not do this to articles: %(step)s.") % {"step": step.label}
            )
        if self.status not in step.sources:
            raise ValidationError(
                _("A %(status)s article cannot be %(done)s."),
                code="invalid_transition",
                params={
                    "status": self.get_status_display().lower(),
                    "done": gettext(step.done),
                },
            )

    def _save_transition(self, by, transition: str, fields: list[str]) -> None:
        self._history_user = by  # simple-history records who, even outside a request.
        self._change_reason = TRANSITIONS[transition].done.capitalize()
        self.save(update_fields=[*fields, "updated_at"])

    def _set_status(self, by, status: ArticleStatus) -> list[str]:
        self.status = status
        self.status_changed_by = by
        self.status_changed_at = timezone.now()
        return ["status", "status_changed_by", "status_changed_at"]

    # --- Transitions --------------------------------------------------------------------------

    def submit_for_review(self, *, by) -> None:
        """An editor hands a draft (or an archived article to revive) to clinical review."""
        self._check(by, "submit_for_review")
        self._save_transition(by, "submit_for_review", self._set_status(by, self.Status.IN_REVIEW))

    def return_to_draft(self, *, by) -> None:
        """A reviewer sends an article back to its editors for changes."""
        self._check(by, "return_to_draft")
        self._save_transition(by, "return_to_draft", self._set_status(by, self.Status.DRAFT))

    def mark_reviewed(
        self,
        *,
        by,
        reviewer: ClinicalReviewer | None = None,
        notes: str = "",
        reviewed_on: date | None = None,
        next_due: date | None = None,
    ) -> None:
        """Record a clinical review: who reviewed, when, notes, and when the next one is due.

        ``reviewer`` defaults to the reviewer linked to ``by``'s account. Only this moves
        ``last_reviewed``; the status does not change.
        """
        self._check(by, "mark_reviewed")
        if reviewer is None:
            reviewer = getattr(by, "clinical_reviewer", None)
        if reviewer is None:
            raise ValidationError(
                _("Choose the clinical reviewer: your account is not linked to one."),
                code="reviewer_required",
            )
        if not reviewer.is_active or not reviewer.credentials.strip():
            raise ValidationError(
                _("%(reviewer)s cannot review: they need credentials and “may review” ticked."),
                code="reviewer_not_credentialed",
                params={"reviewer": reviewer.name},
            )
        today = timezone.localdate()
        reviewed_on = reviewed_on or today
        if reviewed_on > today:
            raise ValidationError(_("A review cannot be recorded ahead."), code="review_in_future")
        next_due = next_due or reviewed_on + review_cycle()
        if next_due <= reviewed_on:
            raise ValidationError(
                _("The next review must be due after this one."), code="next_review_before_review"
            )
        self.reviewed_by = reviewer
        self.last_reviewed = reviewed_on
        self.next_review_due = next_due
        self.review_notes = notes.replace("\x00", "").strip()
        self.review_recorded_by = by
        fields = ["reviewed_by", "last_reviewed", "next_review_due", "review_notes"]
        self._save_transition(by, "mark_reviewed", [*fields, "review_recorded_by"])

    def publish(self, *, by, at: datetime | None = None) -> None:
        """Publish a reviewed article now, or at ``at`` (a future time schedules it)."""
        self._check(by, "publish")
        if not self.has_recorded_review:
            raise ValidationError(
                _("Record a clinical review (“Mark reviewed”) before publishing."),
                code="review_required",
            )
        self.published_at = at or timezone.now()
        fields = self._set_status(by, self.Status.PUBLISHED)
        self._save_transition(by, "publish", [*fields, "published_at"])

    def archive(self, *, by) -> None:
        """Take a published article away from readers; its address answers 404 again."""
        self._check(by, "archive")
        self._save_transition(by, "archive", self._set_status(by, self.Status.ARCHIVED))

    # --- Addresses ----------------------------------------------------------------------------

    def redirect_old_slug(self, old_slug: str) -> None:
        """After a published article's slug changed, send its old address here for good (301).

        Called explicitly by the admin after saving. Links to the old address keep working;
        earlier redirects to it are pointed straight here, and one from the new address (the
        slug was changed back) is dropped, so there are no chains or loops.
        """
        from django.contrib.redirects.models import Redirect

        if old_slug == self.slug or self.status != self.Status.PUBLISHED:
            return
        old_path = self._meta.model(slug=old_slug).get_absolute_url()
        new_path = self.get_absolute_url()
        site_id = settings.SITE_ID
        Redirect.objects.filter(site_id=site_id, old_path=new_path).delete()
        Redirect.objects.filter(site_id=site_id, new_path=old_path).update(new_path=new_path)
        Redirect.objects.update_or_create(
            site_id=site_id, old_path=old_path, defaults={"new_path": new_path}
        )
