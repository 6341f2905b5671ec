"""English dates as Kith writes them: "3 December 2026" (Django's en_GB abbreviates months)."""

from __future__ import annotations

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
