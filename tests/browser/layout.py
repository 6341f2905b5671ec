"""Layout faults a screenshot shows at a glance, found by script in Chromium.

``layout_problems(page)`` lists what makes a page scroll sideways or cuts content off: the
document wider than the window, and any element that sticks out of its container. It skips
what nobody sees (``display: none``, the 1-pixel ``.visually-hidden`` pattern) and what sits
inside a container that scrolls sideways on purpose (a wide table in the article's text); such a
container must itself be marked as allowed to scroll (``ALLOWED_SCROLLERS``), else its overflow
is reported too, because an admin table that scrolls hides its last columns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

# Containers that may scroll sideways: a wide table or code block in an article's text.
ALLOWED_SCROLLERS = ".prose table, .prose pre, [data-may-scroll]"

LAYOUT_JS = (Path(__file__).resolve().parent / "layout.js").read_text(encoding="utf-8")


def layout_problems(page: Any) -> list[str]:
    """What scrolls sideways or sticks out of its container on the page as it is now."""
    return page.evaluate(LAYOUT_JS, ALLOWED_SCROLLERS)
