"""Check texts against the classifier and the admin's word lists, one comment per input line.

printf 'I want to kill myself tonight\nlovely article\n' | manage.py screen_comments
{"line": 1, "reasons": ["risk"]}
{"line": 2, "reasons": []}

With ``--evaluate``, scores the risk detector against labelled TSV files (or folders of them):

manage.py screen_comments --evaluate tests/data/risk
"""

from __future__ import annotations

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from comments import moderation
from comments.risk_evaluation import (
    Evaluation,
    LabelledFileError,
    Result,
    evaluate,
    labelled_files,
    read_labelled,
)


class Command(BaseCommand):
    help = (
        "Reads texts from standard input, one comment per line, and prints one JSON object per "
        'line with its hold reasons, e.g. {"line": 3, "reasons": ["risk", "links"]}. '
        "With --evaluate FILE.tsv|FOLDER ..., scores the risk detector on labelled comments."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--link-limit",
            type=int,
            default=None,
            help=f"Hold at this many links (default: {settings.KITH_COMMENTS_LINK_LIMIT}).",
        )
        parser.add_argument(
            "--evaluate",
            nargs="+",
            metavar="FILE.tsv",
            help="Score the risk detector on labelled TSV files (label, category, lang, text); "
            "a folder stands for the .tsv files directly in it. Prints recall, false alarms, "
            "recall by category and by language, then every miss and false alarm.",
        )

    def handle(
        self, *args, link_limit: int | None = None, evaluate: list[str] | None = None, **options
    ) -> None:
        if evaluate:
            self._evaluate(evaluate)
            return
        if link_limit is not None and link_limit < 0:
            raise CommandError("--link-limit must be 0 or more.")
        stdin = getattr(self, "stdin", None) or sys.stdin
        if stdin.isatty():
            raise CommandError("Pipe the texts in, one comment per line: ... | screen_comments")
        words = moderation.word_lists()
        source = stdin.buffer if hasattr(stdin, "buffer") else None
        for number, raw in enumerate(source if source is not None else stdin, start=1):
            text = _decode(raw, number) if isinstance(raw, bytes) else raw
            text = text.rstrip("\r\n")
            reasons = moderation.hold_reasons(
                title="", body=text, words=words, link_limit=link_limit
            )
            self.stdout.write(json.dumps({"line": number, "reasons": reasons}))

    def _evaluate(self, paths: list[str]) -> None:
        try:
            files = labelled_files(paths)
            comments = [comment for path in files for comment in read_labelled(path)]
        except LabelledFileError as exc:
            raise CommandError(str(exc)) from None
        if not comments:
            raise CommandError("The files hold no labelled comment.")
        result = evaluate(comments)
        for line in _report(result, files=len(files)):
            self.stdout.write(line)


def _decode(raw: bytes, number: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(f"Line {number} is not valid UTF-8 (byte {exc.start}).") from None


def _percent(hits: int, total: int) -> str:
    return f"{hits}/{total} = {hits / total:.1%}" if total else "0/0 = -"


def _report(result: Evaluation, *, files: int) -> list[str]:
    recall, alarms = result.recall, result.false_alarms
    lines = [
        f"Risk detector on {len(result.results)} labelled comments from {files} file(s): "
        f"{recall.total} risk, {alarms.total} safe.",
        f"Recall:       {_percent(recall.hits, recall.total)}",
        f"False alarms: {_percent(alarms.hits, alarms.total)}",
        "",
        "Recall by category (flagged; named with that category):",
    ]
    for category, (tally, named) in result.recall_by_category().items():
        lines.append(f"  {category:<16} {_percent(tally.hits, tally.total):<18} named {named}")
    lines += ["", "By language (recall; false alarms):"]
    for lang, (lang_recall, lang_alarms) in result.by_language().items():
        lines.append(
            f"  {lang:<4} recall {_percent(lang_recall.hits, lang_recall.total):<18} "
            f"false alarms {_percent(lang_alarms.hits, lang_alarms.total)}"
        )
    misses, false_alarms = result.misses(), result.false_alarm_results()
    lines += ["", f"Missed ({len(misses)}):", *(_line(r) for r in misses)]
    lines += ["", f"False alarms ({len(false_alarms)}):", *(_line(r) for r in false_alarms)]
    return lines


def _line(result: Result) -> str:
    comment = result.comment
    text = comment.text if len(comment.text) <= 120 else comment.text[:119] + "…"
    found = f"  → {result.assessment.summary()}" if result.flagged else ""
    return f"  {comment.source} [{comment.category}, {comment.lang}] {text}{found}"
