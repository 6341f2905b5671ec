from __future__ import annotations

from django.apps import AppConfig


class KithConfig(AppConfig):
    """The project package as an app only to register its deployment checks."""

    name = "kith"
    verbose_name = "Kith"

    def ready(self) -> None:
        from kith import checks  # noqa: F401  (registers the checks)
