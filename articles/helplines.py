"""Helplines: crisis and support services, shown to each reader for the country they are in.

A helpline answers in one or more countries (``HelplineCountry``, ISO 3166-1 alpha-2), each
with its own order of preference, so that Samaritans can be first in Ireland and second in the
United Kingdom. Each channel has the link a phone understands: ``tel:`` to call, ``sms:`` to
text (with the keyword as the message body where the service asks for one), ``https:`` to chat
or read more. Editors re-check every line against its ``source_url``: a line not verified for
``VERIFY_EVERY_DAYS`` is listed as overdue in the admin, like an overdue clinical review.

Which country a reader sees is decided per request (``reader_country``): the country they chose
(a cookie), else the region of their browser's preferred language (``en-GB`` → GB), else none —
then every country's lines are listed under their country's name, with an international
directory. No IP geolocation and no third-party service is involved.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import quote

from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext, trans_real
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField

# How often every line is checked against its source.
VERIFY_EVERY_DAYS = 180
# The cookie that remembers a reader's choice: a country code, or ``INTERNATIONAL``.
COUNTRY_COOKIE = "kith_country"
COUNTRY_COOKIE_MAX_AGE = 365 * 24 * 60 * 60
INTERNATIONAL = "international"
# A directory of crisis lines in many countries, for readers whose country Kith does not list.
INTERNATIONAL_DIRECTORY_NAME = "Find A Helpline"
INTERNATIONAL_DIRECTORY_URL = "https://findahelpline.com/"

_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def is_country(code: str) -> bool:
    """Whether ``code`` is an ISO 3166-1 alpha-2 country code (upper case)."""
    return len(code) == 2 and code.isalpha() and code.isupper() and code in countries


def country_name(code: str) -> str:
    return countries.name(code) if code else ""


def country_from_accept_language(header: str) -> str:
    """The region of the first preferred language that names one (``es-MX`` → ``MX``), or ""."""
    for language, _quality in trans_real.parse_accept_lang_header(header[:500].lower()):
        parts = language.split("-")
        if len(parts) > 2 and len(parts[1]) == 4:  # "zh-hant-tw": a script before the region
            del parts[1]
        if len(parts) > 1 and is_country(parts[1].upper()):
            return parts[1].upper()
    return ""


def reader_country(request: HttpRequest) -> str:
    """The reader's country code: their choice (cookie), else their browser's language region,
    else "" (unknown, or they chose the international list)."""
    chosen = request.COOKIES.get(COUNTRY_COOKIE, "")
    if chosen == INTERNATIONAL:
        return ""
    if is_country(chosen):
        return chosen
    # META, not request.headers: building that mapping cost a page-cache hit more than this.
    return country_from_accept_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))


def validate_languages(value: str) -> None:
    unknown = [code for code in split_languages(value) if not _LANGUAGE_CODE.match(code)]
    if unknown:
        raise ValidationError(
            _(
                "Write languages as two- or three-letter codes separated by commas, e.g. “en, cy”; "
                "not understood: %(codes)s."
            ),
            code="invalid_language",
            params={"codes": ", ".join(unknown)},
        )


def split_languages(value: str) -> list[str]:
    return [code.strip().lower() for code in value.split(",") if code.strip()]


def _digits(number: str) -> str:
    return "".join(ch for ch in number if ch.isdigit() or ch == "+")


class HelplineQuerySet(models.QuerySet):
    def active(self) -> HelplineQuerySet:
        return self.filter(is_active=True)

    def verification_overdue(self, today: date | None = None) -> HelplineQuerySet:
        """Active lines never verified, or not verified for ``VERIFY_EVERY_DAYS``."""
        today = today or timezone.localdate()
        cutoff = today - timedelta(days=VERIFY_EVERY_DAYS)
        return self.active().filter(
            models.Q(last_verified__isnull=True) | models.Q(last_verified__lt=cutoff)
        )


class Helpline(models.Model):
    """A crisis or support service, shown to readers in the countries it answers."""

    name = models.CharField(_("name"), max_length=120, help_text=_("e.g. “Samaritans”."))
    description = models.CharField(
        _("who it is for"),
        max_length=250,
        blank=True,
        help_text=_("Who it is for and what it offers, e.g. “Anyone who is struggling to cope”."),
    )
    hours = models.CharField(
        _("hours"),
        max_length=120,
        blank=True,
        help_text=_("When it answers, e.g. “24 hours a day, every day”."),
    )
    languages = models.CharField(
        _("languages"),
        max_length=60,
        blank=True,
        validators=[validate_languages],
        help_text=_("Language codes it answers in, separated by commas, e.g. “en, cy”."),
    )
    phone = models.CharField(
        _("call"),
        max_length=40,
        blank=True,
        help_text=_("The number to call, as it is written in that country, e.g. “116 123”."),
    )
    text_number = models.CharField(
        _("text (SMS) number"),
        max_length=80,
        blank=True,
        help_text=_("The number to text, e.g. “85258”."),
    )
    text_keyword = models.CharField(
        _("text keyword"),
        max_length=40,
        blank=True,
        help_text=_(
            "The word to send, where the service asks for one, e.g. “SHOUT”. "
            "Phones open the message with it filled in."
        ),
    )
    chat_url = models.URLField(
        _("web chat"), blank=True, help_text=_("The page where a reader can chat online.")
    )
    url = models.URLField(_("website"), blank=True)
    source_url = models.URLField(
        _("source"),
        blank=True,
        help_text=_(
            "The service's own page that lists these numbers and hours: check against "
            "it when verifying. Readers see it as a small “source” link."
        ),
    )
    last_verified = models.DateField(
        _("last verified"),
        null=True,
        blank=True,
        help_text=format_lazy(
            _(
                "When an editor last checked every detail against the source. Lines not "
                "verified for {days} days are listed as overdue."
            ),
            days=VERIFY_EVERY_DAYS,
        ),
    )
    is_active = models.BooleanField(_("shown"), default=True)

    objects = HelplineQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("helpline")
        verbose_name_plural = _("helplines")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(text_keyword__gt="") | models.Q(text_number__gt=""),
                name="helpline_keyword_needs_text_number",
                violation_error_message=_("A text keyword needs a number to text."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def phone_href(self) -> str:
        return "tel:" + _digits(self.phone)

    @property
    def text_href(self) -> str:
        """``sms:85258?&body=SHOUT``: the ``?&`` form is the one both iOS and Android read."""
        href = "sms:" + _digits(self.text_number)
        if self.text_keyword:
            href += "?&body=" + quote(self.text_keyword)
        return href

    @property
    def language_names(self) -> list[str]:
        """e.g. ["English", "Welsh"] for "en, cy" (a code Django does not name stays a code)."""
        names = []
        for code in split_languages(self.languages):
            info = LANG_INFO.get(code)
            # Django's own catalogue names languages in the reader's language ("inglés").
            names.append(gettext(info["name"]) if info and "name" in info else code)
        return names

    def is_verification_overdue(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.last_verified is None or self.last_verified < today - timedelta(
            days=VERIFY_EVERY_DAYS
        )


class HelplineCountry(models.Model):
    """One country a helpline answers in, with its place among that country's lines."""

    helpline = models.ForeignKey(
        Helpline, on_delete=models.CASCADE, related_name="countries", verbose_name=_("helpline")
    )
    country = CountryField(_("country"), help_text=_("Where readers can reach this line."))
    position = models.PositiveSmallIntegerField(
        _("order in this country"),
        default=0,
        help_text=_("Lower numbers come first among this country's lines."),
    )

    class Meta:
        ordering = ["country", "position"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(fields=["helpline", "country"], name="helpline_country_once"),
        ]

    def __str__(self) -> str:
        return f"{self.helpline} in {country_name(self.country.code)}"
