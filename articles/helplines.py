"""Helplines: crisis and support services shown on every article and beside the comment form."""

from __future__ import annotations

from django.db import models


class Helpline(models.Model):
    """A crisis or support service shown on every article and beside the comment form."""

    name = models.CharField("name", max_length=120, help_text="e.g. “Samaritans”.")
    description = models.CharField(
        "description",
        max_length=250,
        blank=True,
        help_text="Who it is for and when it is open, e.g. “Free, 24 hours a day”.",
    )
    phone = models.CharField(
        "phone", max_length=40, blank=True, help_text="As it should be dialled."
    )
    text_number = models.CharField(
        "text / SMS", max_length=80, blank=True, help_text="e.g. “Text SHOUT to 85258”."
    )
    url = models.URLField("website", blank=True)
    region = models.CharField(
        "region", max_length=60, blank=True, help_text="Where it answers, e.g. “UK” or “US”."
    )
    display_order = models.PositiveSmallIntegerField("display order", default=0)
    is_active = models.BooleanField("shown", default=True)

    class Meta:
        ordering = ["display_order", "name"]
        verbose_name = "helpline"
        verbose_name_plural = "helplines"

    def __str__(self) -> str:
        return self.name

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
