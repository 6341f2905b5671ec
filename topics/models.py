from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from kith.derived_fields import include_derived
from kith.markup import render_markdown
from kith.reversing import remembered_reverse


class TopicQuerySet(models.QuerySet):
    def alphabetical(self) -> TopicQuerySet:
        return self.order_by(Lower("name"), "name")

    def top_level(self) -> TopicQuerySet:
        return self.filter(parent__isnull=True)

    def for_detail(self) -> TopicQuerySet:
        return self.select_related("parent").prefetch_related(*page_prefetches())


def page_prefetches() -> list[models.Prefetch]:
    """A topic page's sub-topics and related topics, a query each."""
    return [
        models.Prefetch("subtopics", queryset=Topic.objects.order_by("display_order", "name")),
        models.Prefetch("related", queryset=Topic.objects.order_by("display_order", "name")),
    ]


class Topic(models.Model):
    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        help_text=_("As readers see it, e.g. “Grief and Loss”."),
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The topic's web address: /topics/<slug>/. Filled in from the name."),
    )
    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two plain sentences shown in topic lists and as the page description."),
    )
    introduction = models.TextField(
        _("introduction"),
        blank=True,
        help_text=_(
            "Shown at the top of the topic page. Markdown: **bold**, *italic*, "
            "[links](https://…), lists and ## headings."
        ),
    )
    introduction_html = models.TextField(editable=False, default="")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent subject"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subtopics",
        help_text=_("A broader subject this topic belongs under, e.g. “Psychology”. Optional."),
    )
    related = models.ManyToManyField(
        "self",
        verbose_name=_("related topics"),
        blank=True,
        symmetrical=True,
        help_text=_("Shown as “Related topics” on both topics' pages."),
    )
    display_order = models.PositiveIntegerField(
        _("display order"),
        default=0,
        help_text=_("Lower numbers come first where topics are listed by importance."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="topic_not_its_own_parent"),
            models.CheckConstraint(condition=~Q(slug=""), name="topic_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.introduction_html = render_markdown(self.introduction)
        include_derived(kwargs, source="introduction", derived="introduction_html")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return remembered_reverse("topics:detail", slug=self.slug)

    def prefetch_page_relations(self) -> None:
        """Load the sub-topics and related topics its page shows (two queries, once)."""
        models.prefetch_related_objects([self], *page_prefetches())

    def clean(self) -> None:
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {
                        "parent": ValidationError(
                            _("A topic cannot sit under itself or under one of its sub-topics."),
                            code="parent_cycle",
                        )
                    }
                )
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
