"""Evidence behind an article: the credentialed people who review it and the sources it cites.

Kept out of ``articles/models.py`` (which re-exports both models) so that each module stays
about one thing. Nothing here imports ``articles.models``: the article is named by string.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.reviewed_content import REFERENCES, in_reviewed_change, refuse_unreviewed_change
from articles.workflow import ArticleStatus

# A DOI is "10.<registrant>/<suffix>"; the suffix may hold almost anything but spaces.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


def validate_doi(value: str) -> None:
    if not DOI_PATTERN.match(value):
        raise ValidationError(
            _("Enter a DOI such as 10.1000/xyz123 (without https://doi.org/)."), code="invalid_doi"
        )


class ClinicalReviewer(models.Model):
    """A credentialed clinician whose review readers see: “Reviewed by NAME, CREDENTIALS”."""

    name = models.CharField(
        _("name"), max_length=120, help_text=_("Full name, e.g. “Ruth Adeyemi”.")
    )
    credentials = models.CharField(
        _("credentials"),
        max_length=120,
        help_text=_(
            "Required: the qualifications that make this person a clinical reviewer, "
            "e.g. “MBBS, MRCPsych” or “Ph.D., licensed psychologist”."
        ),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clinical_reviewer",
        verbose_name=_("admin account"),
        help_text=_(
            "The account this reviewer signs in with; their reviews are recorded as theirs."
        ),
    )
    author = models.OneToOneField(
        "articles.Author",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="clinical_reviewer",
        verbose_name=_("author page"),
        help_text=_("Optional: the reviewer's author page, linked from “Reviewed by”."),
    )
    is_active = models.BooleanField(
        _("may review"),
        default=True,
        help_text=_("Untick when this person no longer reviews; their past reviews stay visible."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("clinical reviewer")
        verbose_name_plural = _("clinical reviewers")
        constraints = [
            # Publishing rests on a *credentialed* review: the database refuses a blank one.
            models.CheckConstraint(
                condition=~Q(credentials="") & ~Q(name=""), name="reviewer_has_name_credentials"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """“Ruth Adeyemi, MRCPsych” — as the article page shows it."""
        return f"{self.name}, {self.credentials}"


def _refuse_if_published(reference_model: type[models.Model], article_ids) -> None:
    """A published article's references are reviewed content (``articles.reviewed_content``):
    they change only when a revision is published. One query, none inside that change."""
    if in_reviewed_change():
        return
    article_model = reference_model._meta.get_field("article").related_model
    title = (
        article_model._base_manager.filter(pk__in=article_ids, status=ArticleStatus.PUBLISHED)
        .values_list("title", flat=True)
        .first()
    )
    if title is not None:
        refuse_unreviewed_change(title, [REFERENCES])


class ReferenceQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        _refuse_if_published(self.model, self.values("article_id"))
        return super().update(**kwargs)

    def delete(self):
        _refuse_if_published(self.model, self.values("article_id"))
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if objs:
            _refuse_if_published(self.model, {obj.article_id for obj in objs})
        return super().bulk_create(objs, *args, **kwargs)


class Reference(models.Model):
    """One source an article cites, shown as a numbered list under the article."""

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="references"
    )
    citation = models.CharField(
        _("citation"),
        max_length=500,
        help_text=_(
            "Authors, year, title and where it was published, e.g. "
            "“Smith J, Lee K (2021). Sleep and mood. Journal of Sleep Research.”"
        ),
    )
    url = models.URLField(
        _("URL"),
        max_length=500,
        blank=True,
        help_text=_("Optional https:// address of the source."),
    )
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text=_("Optional DOI such as 10.1000/xyz123; readers get a https://doi.org/ link."),
    )
    accessed = models.DateField(
        _("accessed"), null=True, blank=True, help_text=_("When the web address was last checked.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower comes first.")
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("reference")
        verbose_name_plural = _("references (numbered in this order)")
        constraints = [models.CheckConstraint(condition=~Q(citation=""), name="reference_citation")]

    def __str__(self) -> str:
        return self.citation

    def save(self, *args, **kwargs) -> None:
        _refuse_if_published(type(self), [self.article_id])
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_if_published(type(self), [self.article_id])
        return super().delete(*args, **kwargs)

    @property
    def link(self) -> str:
        """Where the reference points: the DOI resolver first (stable), else the URL."""
        return f"https://doi.org/{self.doi}" if self.doi else self.url
