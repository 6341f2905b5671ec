"""Helplines: crisis and support services shown on every article and beside the comment form."""

from __future__ import annotations

import re
from urllib.parse import quote

from django.db import models

# "Text SHOUT to 85258", "text HOME to 741741", "Text 988": an optional keyword, then the number.
SMS_TEXT = re.compile(
    r"\btext\s+(?:(?P<keyword>[A-Za-z][\w-]*)\s+to\s+)?(?P<number>\+?\d[\d ]*\d|\d)", re.I
)


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
    def sms_href(self) -> str:
        """An ``sms:`` link for "Text SHOUT to 85258" (keyword in the body) or "Text 988"; empty
        when the text names no number."""
        found = SMS_TEXT.search(self.text_number or "")
        if not found:
            return ""
        number = "".join(ch for ch in found["number"] if ch.isdigit() or ch == "+")
        if found["keyword"]:
            return f"sms:{number}?&body={quote(found['keyword'])}"
        return f"sms:{number}"

    @property
    def phone_href(self) -> str:
        return "tel:" + "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")
