"""Prints bench/results/pages.json and scale.json as one table, each figure with its target."""

from __future__ import annotations

import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def _load(name: str) -> dict:
    path = RESULTS / name
    return json.loads(path.read_text()) if path.exists() else {}


def row(figure: str, values: list[str], target: str, ok: bool | None) -> str:
    verdict = "" if ok is None else ("ok" if ok else "MISSED")
    cells = "".join(f"{value:>12}" for value in values)
    return f"{figure:<46}{cells}   {target:<14}{verdict}"


def main() -> None:
    pages, scale = _load("pages.json"), _load("scale.json")
    databases = list(pages.get("databases", {}))
    lines = [row("Figure", databases, "Target", None), "-" * 100]
    dbs = pages.get("databases", {})
    # cold: the page cache off, every page built from nothing (what a reader meets on a new
    # address or after a change, and signed-in editors always); warm: from the page cache.
    # The page from nothing is compared with Wagtail on the same words by bench/peer.sh.
    if databases:  # bench/pages.py ran (scale.py alone writes no pages.json)
        modes = (
            ("cold", "from nothing", 0.25),
            ("warm", "cache warm", 0.8),
        )
        for mode, words, target in modes:
            for page in ("article", "topic", "home"):
                if mode not in dbs[databases[0]]:
                    continue
                values = [dbs[db][mode]["ratio"][page] for db in databases]
                label = f"{page} ÷ hello, {words}" + (" (50 comments)" if page == "article" else "")
                lines.append(row(
                    label, [f"{v:.3f}" for v in values], f">= {target}" if target else "(shown)",
                    min(values) >= target if target else None,
                ))  # fmt: skip
        for page in ("article", "article_busiest", "topic", "home"):
            values = [dbs[db]["queries"][page] for db in databases]
            target = "<= 9" if page.startswith("article") else "constant"
            ok = max(values) <= 9 if page.startswith("article") else None
            name = "article, most comments" if page == "article_busiest" else page
            lines.append(
                row(f"queries: {name}, from nothing", [str(v) for v in values], target, ok)
            )
        rss = [max(dbs[db]["rss_mb"]) for db in databases]
        lines.append(row("worker RSS after the runs (MB, max)", [f"{v:.0f}" for v in rss], "< 150",
                         max(rss) < 150 if rss else None))  # fmt: skip
        hello = [dbs[db]["cold"]["rps"]["hello"] for db in databases]
        lines.append(row("hello requests/s (for scale)", [f"{v:.0f}" for v in hello], "", None))
    if scale:
        lines += ["", f"PostgreSQL at scale: {scale['articles']} articles, {scale['comments']} "
                  f"comments, {scale['pending']} pending (server time in ms; page cache off)",
                  "(cpu: this process's CPU ms, sql: the queries' ms as the client saw them;"
                  " on a shared machine the wall clock also counts waiting for a core)",
                  row("Page", ["p50", "p95", "p99", "cpu p50", "cpu p95", "sql p95"], "Target",
                      None), "-" * 136]  # fmt: skip
        for name, figures in scale["pages"].items():
            keys = ("p50", "p95", "p99", "cpu_p50", "cpu_p95", "sql_p95")
            values = [f"{figures[k]:.1f}" if k in figures else "" for k in keys]
            if "(offset)" in name:  # the old way to the same page, shown for comparison
                lines.append(row(name, values, "(comparison)", None))
            else:
                lines.append(row(name, values, "p95 < 50", figures["p95"] < 50))
        if "generate_seconds" in scale:
            lines.append(row("generate_bulk 100k/1M/2k (s)", [str(scale["generate_seconds"])],
                             "< 180", scale["generate_seconds"] < 180))  # fmt: skip
        if posting := scale.get("posting"):
            lines.append(row("comments accepted per second (2 workers)",
                             [str(posting["accepted_per_second"])], ">= 100",
                             posting["accepted_per_second"] >= 100))  # fmt: skip
            lines.append(row("comments lost", [str(posting["lost"])], "0", posting["lost"] == 0))
    load = pages.get("load") or scale.get("load")
    if load:
        lines.append(f"\nLoad average when the runs started: {load[0]:.2f} "
                     f"({pages.get('cores', '?')} cores)")  # fmt: skip
    print("\n".join(lines))


if __name__ == "__main__":
    main()
