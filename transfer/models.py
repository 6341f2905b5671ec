"""Where imported content came from: the key that makes re-imports idempotent, and the old URL."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from comments.models import Comment


class ImportedSource(models.Model):
    """One imported page or file and the article it became.

    ``source_key`` is the source's URL or id when it has one, else a hash of its title and
    byline, so importing the same page again updates the same article instead of adding one.
    """

    source_key = models.CharField(
        _("source key"),
        max_length=255,
        unique=True,
        help_text=_("What identifies the source: “url:…”, “id:…” or “hash:…”."),
    )
    source_url = models.CharField(
        _("old address"),
        max_length=500,
        blank=True,
        help_text=_("The page's address on the old site, kept so it can redirect to the article."),
    )
    content_hash = models.CharField(
        _("content hash"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of the file last imported from this source."),
    )
    article = models.ForeignKey(
        Article,
        on_delete=models.CASCADE,
        related_name="import_sources",
        verbose_name=_("article"),
        help_text=_("The article this source was imported into."),
    )
    imported_at = models.DateTimeField(
        _("last imported"), default=timezone.now, help_text=_("When the source was last imported.")
    )

    class Meta:
        ordering = ["-imported_at", "pk"]
        verbose_name = _("imported source")
        verbose_name_plural = _("imported sources")

    def __str__(self) -> str:
        return self.source_url or self.source_key


class ImportedComment(models.Model):
    """A reader comment brought from another site, so a re-import finds it instead of adding it.

    The key hashes the comment as it was on the old site; a moderator's later redaction or
    decision therefore never makes the importer think it is new.
    """

    source_key = models.CharField(
        _("source key"),
        max_length=255,
        unique=True,
        help_text=_("The article's source key and a hash of the original comment."),
    )
    comment = models.ForeignKey(
        Comment,
        on_delete=models.CASCADE,
        related_name="import_sources",
        verbose_name=_("comment"),
        help_text=_("The comment this source became."),
    )

    class Meta:
        ordering = ["pk"]
        verbose_name = _("imported comment")
        verbose_name_plural = _("imported comments")

    def __str__(self) -> str:
        return self.source_key
