"""Authors: the credentialed people named in bylines, each with a page of their own."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.images import validate_library_image_path
from kith.derived_fields import include_derived
from kith.markup import render_markdown


class AuthorQuerySet(models.QuerySet):
    def with_published_work(self) -> AuthorQuerySet:
        """Authors credited on an article readers may see: only they have a public page."""
        from articles.models import Article  # articles.models imports this module

        published_links = ArticleAuthor.objects.filter(
            author=OuterRef("pk"), article__in=Article.objects.published()
        )
        return self.filter(Exists(published_links))


class Author(models.Model):
    name = models.CharField(
        _("name"), max_length=120, help_text=_("Full name, e.g. “Amara Okafor”.")
    )
    credentials = models.CharField(
        _("credentials"),
        max_length=120,
        blank=True,
        help_text=_("Degrees and licences as readers should see them, e.g. “Ph.D.” or “LCSW”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        help_text=_("The author page's address: /authors/<slug>/."),
    )
    bio = models.TextField(
        _("biography"),
        blank=True,
        help_text=_("Training, experience and any conflicts of interest. Markdown."),
    )
    bio_html = models.TextField(editable=False, default="")
    photo_url = models.CharField(
        _("photo"),
        max_length=200,
        blank=True,
        validators=[validate_library_image_path],
        help_text=_(
            "Optional portrait: upload it under Images, then paste its address here "
            "(/media/images/…)."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        verbose_name=_("admin account"),
        help_text=_(
            "The staff account of this author, if any: their replies to comments on "
            "their own articles carry the “Author” badge."
        ),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        constraints = [models.CheckConstraint(condition=~Q(slug=""), name="author_slug_not_empty")]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args, **kwargs) -> None:
        self.bio_html = render_markdown(self.bio)
        include_derived(kwargs, source="bio", derived="bio_html")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})

    @property
    def display_name(self) -> str:
        """“Harry Mills, Ph.D.” — the name with credentials, as bylines show it."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class ArticleAuthor(models.Model):
    """An author's place in an article's byline: first author first."""

    article = models.ForeignKey("Article", on_delete=models.CASCADE, related_name="article_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="article_links")
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower comes first.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("byline author")
        verbose_name_plural = _("byline (in order)")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_article_author")
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"
