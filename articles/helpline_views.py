"""The reader's country for helplines: a small page with one select, POST/redirect/GET.

The choice is kept in a plain cookie (not a session: the page cache keeps serving shared pages
to the reader) and read by ``articles.helplines.reader_country``. No account, no IP lookup.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_countries import countries

from articles.helplines import (
    COUNTRY_COOKIE,
    COUNTRY_COOKIE_MAX_AGE,
    INTERNATIONAL,
    reader_country,
)


def _choices() -> list[tuple[str, str]]:
    return [(INTERNATIONAL, gettext("Every country we list (international)")), *countries]


class CountryForm(forms.Form):
    country = forms.ChoiceField(
        label=_("Your country"),
        choices=_choices,
        error_messages={
            "required": _("Choose a country from the list."),
            "invalid_choice": _("Choose a country from the list; “%(value)s” is not one we know."),
        },
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


def _safe_next(request: HttpRequest, target: str) -> str:
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed and target.startswith("/") else ""


@require_http_methods(["GET", "HEAD", "POST"])
def choose_country(request: HttpRequest) -> HttpResponse:
    """Show the chooser (GET) or remember the choice and go back to the page (POST)."""
    if request.method == "POST":
        form = CountryForm(request.POST)
        if form.is_valid():
            target = _safe_next(request, form.cleaned_data["next"])
            response = HttpResponseRedirect(target or f"{reverse('articles:helpline-country')}")
            response.set_cookie(
                COUNTRY_COOKIE,
                form.cleaned_data["country"],
                max_age=COUNTRY_COOKIE_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE or request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
            return response
        status = 400
    else:
        current = reader_country(request) or INTERNATIONAL
        form = CountryForm(initial={"country": current, "next": request.GET.get("next", "")})
        status = 200
    return render(request, "articles/helpline_country.html", {"form": form}, status=status)
