"""A test-only URLconf: the real site plus a view that fails, to exercise handler500."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("A deliberate failure for the 500-page test.")


urlpatterns = [
    path("test-failure/", failing_view),
    path("", include("kith.urls")),
]
