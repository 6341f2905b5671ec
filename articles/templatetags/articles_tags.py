from __future__ import annotations

from django import template

from articles.models import Helpline

register = template.Library()


@register.inclusion_tag("includes/helplines.html")
def helplines(*, heading: str = "If you need help now", heading_id: str = "helplines") -> dict:
    """The active helplines, for every article page and beside the comment form."""
    return {
        "helplines": list(Helpline.objects.filter(is_active=True)),
        "heading": heading,
        "heading_id": heading_id,
    }
