from __future__ import annotations

from django.apps import AppConfig


class KithConfig(AppConfig):
    """The project package as an app: its deployment checks, and one-lookup translations."""

    name = "kith"
    verbose_name = "Kith"

    def ready(self) -> None:
        from kith import checks  # noqa: F401  (registers the checks)
        from kith.gettext_table import flatten_interface_languages

        flatten_interface_languages()
