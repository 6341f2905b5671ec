"""Running axe-core (vendored by setup.sh) in a Playwright page."""

from __future__ import annotations

from typing import Any

# WCAG 2.2 level A and AA, as axe-core tags them.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def axe_violations(page: Any, axe_source: str, *, plant: str = "") -> list[dict]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now.

    The script is evaluated through the DevTools protocol, so the page's Content-Security-Policy
    (no inline script) does not stop it. ``plant`` is JavaScript run first (tests of the scan).
    """
    page.evaluate(axe_source)
    return page.evaluate(
        "([plant, options]) => { if (plant) { new Function(plant)(); }"
        " return axe.run(document, options).then(r => r.violations); }",
        [plant, {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}],
    )


def describe(violations: list[dict]) -> str:
    """One readable block per violation, with the failing elements."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"  {node['target']}: {node['failureSummary']}" for node in violation["nodes"])
    return "\n".join(lines)
