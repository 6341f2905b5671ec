from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferConfig(AppConfig):
    name = "transfer"
    # The label it always had (it was ``transfer`` before it became an app of its
    # own): its tables, migration history, content types and permissions keep their names.
    label = "transfer"
    verbose_name = _("Import and export")
