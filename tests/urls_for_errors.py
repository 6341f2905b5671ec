"""A test-only URLconf: the real site plus a view that fails, to exercise handler500."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from kith.urls import handler400, handler403, handler404  # noqa: F401  (the same error pages)


def failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("A deliberate failure for the 500-page test.")


urlpatterns = [
    path("test-failure/", failing_view),
    path("", include("kith.urls")),
]
