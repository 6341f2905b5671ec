from __future__ import annotations

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.models import Helpline
from articles.structured_data import iso

register = template.Library()


def active_helplines(context: template.Context) -> list[Helpline]:
    """The active helplines, read once per request however many blocks show them."""
    request = context.get("request")
    cached = getattr(request, "_kith_helplines", None)
    if cached is None:
        cached = list(Helpline.objects.filter(is_active=True))
        if request is not None:
            request._kith_helplines = cached
    return cached


@register.inclusion_tag("includes/helplines.html", takes_context=True)
def helplines(
    context: template.Context,
    *,
    heading: str = "If you need help now",
    heading_id: str = "helplines",
) -> dict:
    """The helplines block, for every article page, beside the comment form and after posting."""
    return {"helplines": active_helplines(context), "heading": heading, "heading_id": heading_id}


@register.filter(is_safe=True)
def paragraphs(text: str) -> str:
    """Plain text as paragraphs at its blank lines; single line breaks become spaces, so a
    reader's question flows to the width of the screen instead of keeping its source's lines."""
    blocks = re.split(r"\n\s*\n", str(text or "").replace("\r\n", "\n").strip())
    return mark_safe(
        "".join(
            format_html("<p>{}</p>", " ".join(block.split())) for block in blocks if block.strip()
        )
    )


@register.filter
def iso_datetime(moment) -> str:
    """A ``<time datetime>`` value that matches the JSON-LD dates exactly."""
    return iso(moment) or ""
