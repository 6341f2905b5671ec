from __future__ import annotations

from django import template

from articles import helpline_block
from articles.structured_data import iso
from kith import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def helplines(
    context: template.Context,
    *,
    heading: str = helpline_block.DEFAULT_HEADING,
    heading_id: str = helpline_block.DEFAULT_HEADING_ID,
) -> str:
    """The helplines block for the reader's country, on every article page, beside the comment
    form and after posting. A marker on pages that pass through the page cache, which fills in
    each reader's block on the way out (see ``articles.helpline_block``)."""
    request = context.get("request")
    arguments = {"heading": heading, "heading_id": heading_id}
    marker = page_cache.late_fragment(request, helpline_block.NAME, **arguments)
    return marker if marker is not None else helpline_block.render_block(request, arguments)


@register.filter
def iso_datetime(moment) -> str:
    """A ``<time datetime>`` value that matches the JSON-LD dates exactly."""
    return iso(moment) or ""
