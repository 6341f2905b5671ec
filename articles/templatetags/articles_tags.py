from __future__ import annotations

import re

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles import helpline_block
from articles.languages import base_code
from articles.structured_data import iso
from kith import page_cache

register = template.Library()


@register.simple_tag(takes_context=True)
def helplines(
    context: template.Context,
    *,
    heading: str = "",
    heading_id: str = helpline_block.DEFAULT_HEADING_ID,
    language: str = "",
) -> str:
    """The helplines block for the reader's country, on every article page, beside the comment
    form and after posting. A marker on pages that pass through the page cache, which fills in
    each reader's block on the way out (see ``articles.helpline_block``). A ``heading`` is
    given translated (``heading=_("…")``); without one the block says its default. With
    ``language`` the block speaks it whatever the interface language (the crisis panel speaks
    the comment's language)."""
    request = context.get("request")
    arguments = {"heading": str(heading), "heading_id": heading_id}
    if language:
        arguments["language"] = language
    marker = page_cache.late_fragment(request, helpline_block.NAME, **arguments)
    return marker if marker is not None else helpline_block.render_block(request, arguments)


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


@register.simple_tag
def lang_attr(code: str) -> str:
    """`` lang="es"`` on text written in another language than the page's, else nothing (the
    text is then in the language ``<html lang>`` already declares)."""
    if not code or base_code(code) == base_code(get_language() or settings.LANGUAGE_CODE):
        return ""
    return format_html(' lang="{}"', code)
