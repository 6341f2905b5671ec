"""Schema.org JSON-LD for an article page: a ``MedicalWebPage`` whose main entity is an ``Article``.

Clinical review (``reviewed_by``, ``last_reviewed``) and references are read with ``getattr`` so
that the properties appear as soon as the models carry them, with no change here. Dates are the
ones the page shows: the publication date, and the “Updated:” date when the page shows one.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.models import Article

SCHEMA = "https://schema.org"
AUDIENCE = [
    {"@type": "MedicalAudience", "audienceType": "Patient", "name": "Patients and carers"},
    {"@type": "MedicalAudience", "audienceType": "General public", "name": "The public"},
]

# As Django's json_script: <, > and & become \u escapes, so no text can close the element.
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def in_language(article) -> str:
    """BCP 47 tag of the article's text; Kith's English is British English."""
    return "en-GB" if article.language == "en" else article.language


def iso(moment: date | datetime | None) -> str | None:
    """A date as ISO 8601; a datetime to the second in the site's time zone.

    Templates print machine-readable times with the ``iso_datetime`` filter, which calls this,
    so the JSON-LD and the page's ``<time datetime>`` always agree. HTML allows at most three
    digits of fractions of a second, so there are none.
    """
    if moment is None:
        return None
    if isinstance(moment, datetime):
        moment = moment.replace(microsecond=0)
        return (timezone.localtime(moment) if timezone.is_aware(moment) else moment).isoformat()
    return moment.isoformat()


def modified_at(article: Article) -> datetime | None:
    """The date the page shows as “Updated:”, else the publication date."""
    return article.content_updated_at if article.was_updated else article.published_at


def person(someone: Any, request: HttpRequest) -> dict[str, Any]:
    """An author or reviewer as a schema.org Person: name, page and credentials."""
    name = getattr(someone, "name", None) or (
        someone.get_full_name() if hasattr(someone, "get_full_name") else str(someone)
    )
    data: dict[str, Any] = {"@type": "Person", "name": name or str(someone)}
    # A clinical reviewer's page is the author page linked to them, when there is one.
    page_owner = (
        someone if hasattr(someone, "get_absolute_url") else getattr(someone, "author", None)
    )
    if page_owner is not None and hasattr(page_owner, "get_absolute_url"):
        data["url"] = request.build_absolute_uri(page_owner.get_absolute_url())
    if credentials := getattr(someone, "credentials", ""):
        # Post-nominal letters such as “Ph.D., LCSW” are what schema.org calls a suffix.
        data["honorificSuffix"] = credentials
    return data


def citations(article: Article) -> list[dict[str, Any]]:
    """The article's references, whether a related manager, a list, or lines of text."""
    references = getattr(article, "references", None)
    if references is None:
        return []
    if hasattr(references, "all"):
        references = references.all()
    elif isinstance(references, str):
        references = [line.strip() for line in references.splitlines() if line.strip()]
    items = []
    for reference in references:
        item: dict[str, Any] = {"@type": "CreativeWork", "name": str(reference)}
        # A DOI resolves for ever; a plain URL may not, so the DOI link comes first.
        if url := getattr(reference, "link", "") or getattr(reference, "url", ""):
            item["url"] = url
        items.append(item)
    return items


def article_json_ld(article: Article, request: HttpRequest) -> dict[str, Any]:
    """The page's structured data. ``article`` should come from ``for_detail()``."""
    page_url = request.build_absolute_uri(article.get_absolute_url())
    home_url = request.build_absolute_uri(reverse("articles:home"))
    topics = [
        {
            "@type": "Thing",
            "name": topic.name,
            "url": request.build_absolute_uri(topic.get_absolute_url()),
        }
        for topic in article.topics.all()
    ]
    publisher = {"@type": "Organization", "name": settings.KITH_SITE_NAME, "url": home_url}
    main_entity: dict[str, Any] = {
        "@type": "Article",
        "headline": article.title,
        "description": article.summary,
        "url": page_url,
        "mainEntityOfPage": page_url,
        "articleSection": article.get_kind_display(),
        "inLanguage": in_language(article),
        "author": [person(author, request) for author in article.ordered_authors],
        "datePublished": iso(article.published_at),
        "dateModified": iso(modified_at(article)),
        "publisher": publisher,
        "keywords": ", ".join(tag.name for tag in article.tags.all()),
        "about": topics,
        "citation": citations(article),
        "isAccessibleForFree": True,
    }
    page: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "MedicalWebPage",
        "url": page_url,
        "name": article.title,
        "description": article.summary,
        "inLanguage": in_language(article),
        "about": topics,
        "medicalAudience": AUDIENCE,
        "breadcrumb": breadcrumb(article, request, page_url=page_url, home_url=home_url),
        "publisher": publisher,
        "mainEntity": main_entity,
    }
    if last_reviewed := getattr(article, "last_reviewed", None):
        page["lastReviewed"] = iso(last_reviewed)
    if reviewer := getattr(article, "reviewed_by", None):
        page["reviewedBy"] = person(reviewer, request)
    return page


def breadcrumb(
    article: Article, request: HttpRequest, *, page_url: str, home_url: str
) -> dict[str, Any]:
    """Home → primary topic → article, as the breadcrumb on the page."""
    trail = [
        ("Home", home_url),
        (
            article.primary_topic.name,
            request.build_absolute_uri(article.primary_topic.get_absolute_url()),
        ),
        (article.title, page_url),
    ]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def json_ld_script(data: dict[str, Any]) -> SafeString:
    """``<script type="application/ld+json">`` with the same escaping as ``json_script``.

    Django's ``json_script`` always writes ``type="application/json"``, which search engines do
    not read as JSON-LD. The element is data, not code, so the CSP's script-src does not apply.
    """
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_SAFE)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
