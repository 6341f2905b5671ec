"""The languages Kith's articles are written in, and what each one needs.

An article's ``language`` is an ISO 639-1 code (``Article.language``). The languages Kith
publishes in are listed here with their name in English (for editors), their name in their
own language (for readers: “Also in: Español”) and the PostgreSQL text search configuration
that stems them. An article in another language (an imported French page) is still stored
and shown; it is searched without stemming (``simple``) and named as Django knows it.

To add a language: add it here, and a migration that recomputes the stored search vectors of
its articles (see ``migrations/*_search_in_article_language.py``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ArticleLanguage:
    code: str
    name: str  # in the admin's language (translated lazily)
    native_name: str  # in the language itself, for readers
    search_config: str  # PostgreSQL text search configuration


ARTICLE_LANGUAGES: dict[str, ArticleLanguage] = {
    "en": ArticleLanguage("en", _("English"), "English", "english"),
    "es": ArticleLanguage("es", _("Spanish"), "Español", "spanish"),
}
DEFAULT_LANGUAGE = "en"
# Words of a language Kith has no stemmer for are indexed as they are written.
UNSTEMMED_CONFIG = "simple"


def base_code(code: str) -> str:
    """“es-mx” → “es”."""
    return (code or "").lower().split("-")[0]


def article_language(code: str) -> ArticleLanguage | None:
    return ARTICLE_LANGUAGES.get(base_code(code))


def native_name(code: str) -> str:
    """The language's name in itself: “Español”, “Français”; the code when nobody knows it."""
    known = article_language(code)
    if known is not None:
        return known.native_name
    try:
        return get_language_info(base_code(code))["name_local"].capitalize()
    except KeyError:
        return code


def search_config(code: str) -> str:
    known = article_language(code)
    return known.search_config if known is not None else UNSTEMMED_CONFIG


def search_configs() -> list[str]:
    """Every configuration stored vectors are made with, Kith's languages first."""
    configs = [language.search_config for language in ARTICLE_LANGUAGES.values()]
    return [*dict.fromkeys(configs), UNSTEMMED_CONFIG]


def language_choices(current: str = "") -> list[tuple[str, str]]:
    """The admin's choice of language: Kith's languages, and the article's own if another."""
    choices = [(lang.code, lang.name) for lang in ARTICLE_LANGUAGES.values()]
    if current and current not in ARTICLE_LANGUAGES:
        choices.append((current, f"{native_name(current)} ({current})"))
    return choices


def search_config_of_column(column: str = "language") -> Case:
    """SQL for the search configuration of each row's language: what ``search_config`` says
    for one code, as an expression PostgreSQL evaluates per row (for ``UPDATE``s)."""
    whens = [
        When(
            Q(**{column: language.code}) | Q(**{f"{column}__startswith": f"{language.code}-"}),
            then=Value(language.search_config),
        )
        for language in ARTICLE_LANGUAGES.values()
    ]
    return Case(*whens, default=Value(UNSTEMMED_CONFIG), output_field=models.TextField())


def default_version(versions: Sequence[Any]) -> Any:
    """Of one article's versions (objects with ``language`` and ``pk``), the one for readers
    whose language has none (hreflang ``x-default``): the one in Kith's default language,
    else the oldest."""
    default = [v for v in versions if base_code(v.language) == DEFAULT_LANGUAGE]
    return min(default or versions, key=lambda version: version.pk)
