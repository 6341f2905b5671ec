from __future__ import annotations

from datetime import timedelta

from django.contrib.postgres.search import SearchVectorField
from django.core.validators import RegexValidator
from django.db import connections, models, router
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.authors import Author
from articles.helplines import Helpline
from articles.readability import reading_grade
from articles.review import ClinicalReviewer, Reference
from articles.search import refresh_document_vectors, stored_document_vector, uses_stored_vector
from articles.workflow import EditorialArticle
from kith.derived_fields import include_derived
from kith.markup import page_headings, plain_text, reading_minutes, render_markdown
from kith.page_cache import bump_content
from topics.models import Topic

__all__ = [
    "Article",
    "ArticleAuthor",
    "ArticleQuerySet",
    "Author",
    "ClinicalReviewer",
    "Helpline",
    "Reference",
    "TaggedArticle",
]


# Large columns no public page shows: the Markdown source, the plain text and search vector
# (search reads them in SQL only), the reviewer's private notes.
UNSHOWN_FIELDS = ("body", "body_text", "search_vector", "review_notes")

# How many of the most recently added articles sharing a topic, and a keyword, "related
# articles" ranks (PostgreSQL).
RELATED_CANDIDATES = 200


def page_prefetches() -> list[models.Prefetch | str]:
    """What the article page shows besides the article's own row, a query each."""
    return [
        models.Prefetch("references", queryset=Reference.objects.order_by("order", "pk")),
        models.Prefetch(
            "article_authors",
            queryset=ArticleAuthor.objects.select_related("author").order_by("order", "pk"),
        ),
        models.Prefetch("topics", queryset=Topic.objects.order_by("display_order", "name")),
        "tags",
    ]


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """The only definition of “a reader may see this”: published and not scheduled ahead."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())

    def scheduled(self) -> ArticleQuerySet:
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())

    def review_overdue(self) -> ArticleQuerySet:
        """Published (or scheduled) articles whose next clinical review date has passed."""
        return self.filter(
            status=Article.Status.PUBLISHED, next_review_due__lt=timezone.localdate()
        )

    def review_due_within(self, days: int) -> ArticleQuerySet:
        """Published articles due for review in the next ``days`` days (not yet overdue)."""
        today = timezone.localdate()
        return self.filter(
            status=Article.Status.PUBLISHED,
            next_review_due__gte=today,
            next_review_due__lte=today + timedelta(days=days),
        )

    def newest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-pk")

    def for_listing(self) -> ArticleQuerySet:
        """What a list of article cards shows: the title, summary, dates and primary topic."""
        return self.select_related("primary_topic").defer(
            "body", "body_html", "body_text", "question", "search_vector"
        )

    def update_search_vectors(self) -> int:
        """Recompute the stored search vectors (PostgreSQL), e.g. after ``bulk_create`` or a
        change of keywords. Elsewhere a no-op: SQLite's search index follows by triggers.
        An ``update()`` sends no signal, so this tells the page cache itself."""
        updated = refresh_document_vectors(self)
        if updated:
            bump_content()
        return updated

    def for_page(self) -> ArticleQuerySet:
        """The article page's own row, without the columns the page never shows (the Markdown
        source, the plain text and search vector, the reviewer's notes); its relations come
        from ``prefetch_page_relations()`` only when a part of the page is not in the cache."""
        return self.select_related("primary_topic", "reviewed_by__author").defer(*UNSHOWN_FIELDS)

    def for_detail(self) -> ArticleQuerySet:
        """Everything about an article, its relations included, in a fixed number of queries."""
        return self.select_related("primary_topic", "reviewed_by__author").prefetch_related(
            *page_prefetches()
        )

    def sections_of(self, topic) -> list[dict[str, str]]:
        """The sections (article kinds) ``topic`` has articles in, in the topic page's order,
        as ``{"label", "slug"}``: one query."""
        kinds = set(self.filter(topics=topic).order_by().values_list("kind", flat=True).distinct())
        return [
            {"label": label, "slug": Article.section_slug(kind)}
            for kind, label in Article.Kind.choices
            if kind in kinds
        ]

    def related_to(self, article: Article, *, limit: int = 5) -> ArticleQuerySet:
        """Explicitly related articles first, then those sharing most topics and keywords.

        Uses the article's prefetched topics and tags, so it costs one query.
        """
        topic_ids = [topic.pk for topic in article.topics.all()]
        tag_ids = [tag.pk for tag in article.tags.all()]
        explicit = Article.related_articles.through.objects.filter(from_article_id=article.pk)
        sharing_topic = Article.topics.through.objects.filter(topic_id__in=topic_ids).values(
            "article_id"
        )
        sharing_tag = TaggedArticle.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        if connections[router.db_for_read(Article)].features.supports_slicing_ordering_in_compound:
            # Rank the latest few hundred added sharing a topic or keyword, not all of them: a
            # topic of 100 000 articles has thousands (28 ms to rank 1 000, every time the
            # content changes). SQLite cannot limit the parts of a UNION; its sites are small.
            sharing_topic = sharing_topic.order_by("-article_id")[:RELATED_CANDIDATES]
            sharing_tag = sharing_tag.order_by("-content_object_id")[:RELATED_CANDIDATES]
        # One IN over a UNION, not three INs joined by OR: PostgreSQL turns the OR into a filter
        # over every published article (130 ms at 100 000 articles), the UNION into lookups.
        candidates = explicit.values("to_article_id").union(sharing_topic, sharing_tag)
        return (
            self.exclude(pk=article.pk)
            .filter(pk__in=candidates)
            .annotate(
                is_explicit=Exists(explicit.filter(to_article_id=OuterRef("pk"))),
                shared_topics=models.Count("topics", filter=Q(topics__in=topic_ids), distinct=True),
            )
            .order_by("-is_explicit", "-shared_topics", "-published_at", "-pk")
            .for_listing()[:limit]
        )


class TaggedArticle(TaggedItemBase):
    """Keywords join articles through a real foreign key (faster than taggit's generic one)."""

    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = "article keyword"
        verbose_name_plural = "article keywords"
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="unique_article_tag")
        ]


class ArticleKind(models.TextChoices):
    # The order is Mental Help Net's section order, which topic pages follow.
    BASIC = "basic", "Basic Information"
    MORE = "more", "More Information"
    NEWS = "news", "Latest News"
    QA = "qa", "Questions and Answers"
    BLOG = "blog", "Blog Entries"
    VIDEO = "video", "Videos"
    LINK = "link", "Links"
    BOOK = "book", "Book Reviews"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    IN_REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    ARCHIVED = "archived", "Archived"


class Article(EditorialArticle):
    Kind = ArticleKind
    Status = ArticleStatus

    KINDS_WITH_EXTERNAL_URL = (Kind.VIDEO, Kind.LINK)
    # The fields the stored search vector is made from (with the keywords).
    SEARCH_SOURCES = frozenset({"title", "summary", "question", "body"})

    title = models.CharField("title", max_length=200, help_text="The headline readers see.")
    slug = models.SlugField(
        "slug",
        max_length=200,
        unique=True,
        help_text="The last part of the article's address, e.g. sleep-well for "
        "/articles/sleep-well/. Filled in from the title.",
    )
    kind = models.CharField(
        "kind",
        max_length=10,
        choices=Kind.choices,
        default=Kind.BASIC,
        help_text="The section of the topic page the article is listed in.",
    )
    summary = models.CharField(
        "summary",
        max_length=300,
        help_text="One or two plain sentences for listings, search results and search engines.",
    )
    question = models.TextField(
        "question",
        blank=True,
        max_length=2000,
        help_text="For Questions and Answers: the reader's question, shown above the answer.",
    )
    body = models.TextField(
        "body",
        blank=True,
        help_text="The article in Markdown: ## headings, **bold**, *italic*, - lists, "
        "[links](https://…). Raw HTML is shown as text.",
    )
    body_html = models.TextField(editable=False, default="")
    body_text = models.TextField(
        "body as plain text",
        editable=False,
        default="",
        help_text="The body without formatting, for search and search-result snippets.",
    )
    search_vector = SearchVectorField(
        "search vector",
        null=True,
        editable=False,
        help_text="PostgreSQL full-text index of the article; empty on SQLite (see search.py).",
    )
    language = models.CharField(
        "language",
        max_length=8,
        default="en",
        validators=[
            RegexValidator(
                r"^[a-z]{2,3}(?:-[a-z0-9]{2,4})?$",
                "Use an ISO 639-1 language code such as “en” or “fr”, optionally with a "
                "region such as “en-gb”.",
            )
        ],
        help_text="The language the article is written in, as an ISO 639-1 code (“en”, “fr”).",
    )
    pull_quote = models.CharField(
        "pull quote",
        max_length=500,
        blank=True,
        help_text="An optional sentence from the article to highlight beside the text.",
    )
    external_url = models.URLField(
        "external URL",
        max_length=500,
        blank=True,
        help_text="Required for Videos and Links: the address of the video or resource.",
    )
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", verbose_name="authors"
    )
    primary_topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        related_name="primary_articles",
        verbose_name="primary topic",
        help_text="The topic the article belongs to first; it is also listed under “Topics”.",
    )
    topics = models.ManyToManyField(
        Topic,
        related_name="articles",
        verbose_name="topics",
        blank=True,
        help_text="Every topic page that lists this article. The primary topic is added for you.",
    )
    tags = TaggableManager(
        verbose_name="keywords",
        through=TaggedArticle,
        blank=True,
        help_text="Comma-separated keywords, e.g. “sleep, stress, coping strategies”.",
    )
    related_articles = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="related_from",
        verbose_name="related articles",
        help_text="Shown first under “Related articles”; more are found by shared topics.",
    )
    status = models.CharField(
        "status",
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Only published articles whose publication time has come are shown to readers.",
    )
    published_at = models.DateTimeField(
        "published",
        null=True,
        blank=True,
        db_index=True,
        help_text="When readers may first see the article. A future time schedules it.",
    )
    content_updated_at = models.DateTimeField(
        "updated",
        null=True,
        blank=True,
        help_text="Shown to readers as “Updated:”. Change it for meaningful updates only.",
    )
    comments_open = models.BooleanField(
        "comments open",
        default=True,
        help_text="Untick to close reader comments on this article.",
    )
    reading_time = models.PositiveSmallIntegerField(
        "reading time (minutes)", default=1, editable=False
    )
    created_at = models.DateTimeField("created", auto_now_add=True)
    updated_at = models.DateTimeField("last saved", auto_now=True)

    objects = ArticleQuerySet.as_manager()
    # Every saved version, with who saved it; body_html is derived, so not worth keeping.
    # Derived fields are rebuilt from the body on restore; keeping them would only bloat history.
    history = HistoricalRecords(excluded_fields=["body_html", "body_text", "search_vector"])

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "article"
        verbose_name_plural = "articles"
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
        ]
        indexes = [models.Index(fields=["status", "published_at"], name="article_pub_idx")]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        self.body_html = render_markdown(self.body)
        self.body_text = plain_text(self.body_html)
        text = " ".join([self.question, self.body_text])
        self.reading_time = reading_minutes(text)
        self.reading_grade = reading_grade(text)
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
            if fields is not None:
                kwargs["update_fields"] = {*fields, "search_vector"}
        super().save(*args, **kwargs)
        if refresh_vector:
            # Forget the expression; reading the attribute loads the stored vector.
            del self.__dict__["search_vector"]

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def refresh_search_vector(self) -> None:
        """Bring the stored search vector up to date with the article's keywords.

        Keywords are saved after the article (many-to-many), so the admin's ``save_related``,
        importers and the demo seed call this once the keywords are in place.
        """
        type(self).objects.filter(pk=self.pk).update_search_vectors()

    @staticmethod
    def section_slug(kind: str) -> str:
        """The URL name of a kind's topic section, e.g. ``questions-and-answers``."""
        return slugify(Article.Kind(kind).label)

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

    def prefetch_page_relations(self) -> None:
        """Load references, bylines, topics and keywords (four queries, once per instance)."""
        models.prefetch_related_objects([self], *page_prefetches())

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


class ArticleAuthor(models.Model):
    """An author's place in an article's byline: first author first."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="article_links")
    order = models.PositiveSmallIntegerField("order", default=0, help_text="Lower comes first.")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "byline author"
        verbose_name_plural = "byline (in order)"
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"
