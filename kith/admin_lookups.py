"""Admin changelists that apply only the filters they show.

Django's admin applies any lookup on a model's own fields from the URL (``?email__regex=^a``,
``?client_hash__startswith=3f``), so a staff member who may only *view* a list can recover a
hidden value one character at a time by watching the count change. A ModelAdmin holding
personal data takes this mixin: a URL may filter only through its ``list_filter`` (and
``date_hierarchy``); anything else gets Django's own refusal (400 "Filtering by … not allowed").
"""

from __future__ import annotations

from django.contrib.admin import SimpleListFilter
from django.db.models.constants import LOOKUP_SEP
from django.http import HttpRequest

# The lookups Django's own field list filters put in the URL after a field's path.
FIELD_FILTER_LOOKUPS = frozenset({"exact", "isnull", "isempty", "gte", "lt", "id__exact"})
DATE_HIERARCHY_LOOKUPS = frozenset({"year", "month", "day"})


class OfferedFiltersOnlyMixin:
    """``lookup_allowed`` says yes only to the parameters of the filters the list offers."""

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        if lookup not in self.offered_lookups(request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def offered_lookups(self, request: HttpRequest | None) -> set[str]:
        list_filter = self.get_list_filter(request) if request is not None else self.list_filter
        offered: set[str] = set()
        for item in list_filter:
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                offered.add(item.parameter_name)
                continue
            path = item[0] if isinstance(item, (list, tuple)) else item
            offered.add(path)
            offered.update(f"{path}{LOOKUP_SEP}{lookup}" for lookup in FIELD_FILTER_LOOKUPS)
        if self.date_hierarchy:
            offered.update(
                f"{self.date_hierarchy}{LOOKUP_SEP}{part}" for part in DATE_HIERARCHY_LOOKUPS
            )
        return offered
