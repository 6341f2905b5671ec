"""Spanish dates written out in full: "3 de diciembre de 2026"."""

from __future__ import annotations

DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
