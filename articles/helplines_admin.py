"""The helplines' admin: countries inline (with their order), channels, and the source to
verify against; lines overdue for verification have a filter and a count on the admin index."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.helplines import (
    VERIFY_EVERY_DAYS,
    Helpline,
    HelplineCountry,
    HelplineQuerySet,
    country_name,
)


class VerificationFilter(admin.SimpleListFilter):
    title = _("verification")
    parameter_name = "verification"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        label = _("Verification overdue (over %(days)d days, or never)") % {
            "days": VERIFY_EVERY_DAYS
        }
        return [("overdue", label)]

    def queryset(self, request: HttpRequest, queryset: HelplineQuerySet) -> QuerySet[Helpline]:
        if self.value() == "overdue":
            return queryset.verification_overdue()
        return queryset


class CountryFilter(admin.SimpleListFilter):
    title = _("country")
    parameter_name = "country"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        codes = HelplineCountry.objects.order_by("country").values_list("country", flat=True)
        return [(code, country_name(code)) for code in dict.fromkeys(codes)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Helpline]) -> QuerySet[Helpline]:
        if self.value():
            return queryset.filter(countries__country=self.value()).distinct()
        return queryset


class HelplineCountryInline(admin.TabularInline):
    model = HelplineCountry
    fields = ["country", "position"]
    extra = 1
    verbose_name_plural = _("Countries — where readers see this line, and its place there")


@admin.register(Helpline)
class HelplineAdmin(admin.ModelAdmin):
    list_display = ["name", "country_list", "phone", "text_number", "verified", "is_active"]
    list_editable = ["is_active"]
    list_filter = [VerificationFilter, CountryFilter, "is_active"]
    search_fields = ["name", "description"]
    inlines = [HelplineCountryInline]
    fieldsets = [
        (None, {"fields": ["name", "description", "hours", "languages", "is_active"]}),
        (
            _("Ways to reach it"),
            {"fields": ["phone", "text_number", "text_keyword", "chat_url", "url"]},
        ),
        (
            _("Verification"),
            {
                "fields": ["source_url", "last_verified"],
                "description": format_lazy(
                    _(
                        "Check every detail against the source at least every {days} days, "
                        "then set the date."
                    ),
                    days=VERIFY_EVERY_DAYS,
                ),
            },
        ),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Helpline]:
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("countries"))
    def country_list(self, line: Helpline) -> str:
        rows = line.countries.all()
        return ", ".join(f"{row.country.code} ({row.position})" for row in rows) or gettext(
            "— none"
        )

    @admin.display(description=_("last verified"), ordering="last_verified")
    def verified(self, line: Helpline) -> str:
        if line.last_verified is None:
            return format_html("<strong>{}</strong>", gettext("Never — overdue"))
        text = line.last_verified.isoformat()
        if line.is_verification_overdue():
            return format_html(
                "<strong>{}</strong>", gettext("%(date)s — overdue") % {"date": text}
            )
        return text
