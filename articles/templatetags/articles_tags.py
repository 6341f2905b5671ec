from __future__ import annotations

from django import template

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


@register.filter
def iso_datetime(moment) -> str:
    """A ``<time datetime>`` value that matches the JSON-LD dates exactly."""
    return iso(moment) or ""
