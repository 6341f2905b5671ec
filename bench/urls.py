"""The benchmark's URLconf (KITH_ROOT_URLCONF=bench.urls, set only by bench/pages.py): Kith
plus a bare Django view to compare pages with. Never used in production."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from kith.urls import handler400, handler403, handler404  # noqa: F401  (the same error pages)


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("Hello, world.", content_type="text/plain")


urlpatterns = [
    path("__hello__/", hello),
    path("", include("kith.urls")),
]
