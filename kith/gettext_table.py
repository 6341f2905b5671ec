"""One dictionary per interface language for ``gettext``, instead of a walk through catalogues.

Django keeps a language's translations as a list of catalogues (one per plural rule) with a
chain of fallback catalogues behind it: for "en-gb" nine catalogues and eight fallbacks, each
holding almost nothing, so most of the ~130 strings an article page translates miss in every
one of them before coming back untranslated. That walk was about a tenth of the time to build a
page. At start-up each interface language's answer to every message any of its catalogues knows
is worked out once, by Django's own ``gettext``, and kept in one dictionary: the same answers,
one lookup each. ``pgettext`` goes through ``gettext``; plural forms are left to Django.

A translation object built later (the development server reloading a changed ``.mo`` file, a
test overriding ``LOCALE_PATHS``) simply keeps Django's own lookup.
"""

from __future__ import annotations

from gettext import GNUTranslations, NullTranslations

from django.conf import settings
from django.utils.translation import trans_real


def _messages(translation: NullTranslations) -> set[str]:
    """Every message id a translation or its fallbacks could answer for."""
    messages: set[str] = set()
    level: NullTranslations | None = translation
    while level is not None:
        catalog = getattr(level, "_catalog", None)
        catalogs = getattr(catalog, "_catalogs", None) or ([catalog] if catalog else [])
        for each in catalogs:
            for key in each:
                messages.add(key[0] if isinstance(key, tuple) else key)
        level = getattr(level, "_fallback", None)
    messages.discard("")  # the catalogue header
    return messages


def flatten(translation: NullTranslations) -> None:
    """Answer ``gettext`` for ``translation`` from one dictionary with the same answers."""
    if not isinstance(translation, GNUTranslations) or "gettext" in vars(translation):
        return
    table = {message: translation.gettext(message) for message in _messages(translation)}
    table = {message: answer for message, answer in table.items() if answer != message}
    translation.gettext = lambda message: table.get(message, message)


def flatten_interface_languages() -> None:
    """Build and flatten the translation of each language in ``settings.LANGUAGES``."""
    if not settings.USE_I18N:
        return
    for code, _name in settings.LANGUAGES:
        flatten(trans_real.translation(code))
