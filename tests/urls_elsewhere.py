"""A test-only URLconf: the whole site mounted under /elsewhere/."""

from __future__ import annotations

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("kith.urls"))]
