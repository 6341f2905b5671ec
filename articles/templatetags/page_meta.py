"""Tags for the <head>: one title and description shared by every meta tag, the canonical
address, and the article's JSON-LD."""

from __future__ import annotations

from typing import Any

from django import template
from django.template.base import Parser, Token
from django.utils.safestring import SafeString, mark_safe

from articles.languages import ARTICLE_LANGUAGES, ArticleLanguage
from articles.structured_data import article_json_ld, json_ld_script
from kith.reversing import remembered_reverse

register = template.Library()


class CaptureNode(template.Node):
    # Blocks inside are still found and overridden by child templates (see child_nodelists).
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist: template.NodeList, name: str) -> None:
        self.nodelist = nodelist
        self.name = name

    def render(self, context: template.Context) -> str:
        # Rendered template output is already escaped: keep it from being escaped twice.
        context[self.name] = mark_safe(" ".join(self.nodelist.render(context).split()))
        return ""


@register.tag
def capture(parser: Parser, token: Token) -> CaptureNode:
    """``{% capture as name %}…{% endcapture %}`` renders its content once into ``name``, so
    a page's ``{% block title %}`` can fill <title>, og:title and twitter:title alike."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}.")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def canonical_url(context: dict[str, Any]) -> str:
    """This page's address without tracking or filter parameters (a page number is kept)."""
    request = context.get("request")
    if request is None:
        return ""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and page != "1" else url


@register.simple_tag(takes_context=True)
def absolute_url(context: dict[str, Any], path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


@register.simple_tag(takes_context=True)
def article_structured_data(context: dict[str, Any], article) -> SafeString | str:
    request = context.get("request")
    if request is None:
        return ""
    return json_ld_script(article_json_ld(article, request))


@register.simple_tag
def article_languages() -> list[ArticleLanguage]:
    """Kith's article languages, for the per-language feed links every page advertises."""
    return list(ARTICLE_LANGUAGES.values())


@register.simple_tag
def fixed_url(name: str, *args: object) -> str:
    """``{% url name arg … %}``, reversed once per process for the same arguments
    (``kith.reversing``): every page links a dozen addresses, an article page two dozen."""
    return remembered_reverse(name, *args)
