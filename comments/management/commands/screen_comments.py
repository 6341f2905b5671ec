"""Check texts against the classifier and the admin's word lists, one comment per input line.

printf 'I want to kill myself tonight\nlovely article\n' | manage.py screen_comments
{"line": 1, "reasons": ["risk"]}
{"line": 2, "reasons": []}
"""

from __future__ import annotations

import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from comments import moderation


class Command(BaseCommand):
    help = (
        "Reads texts from standard input, one comment per line, and prints one JSON object per "
        'line with its hold reasons, e.g. {"line": 3, "reasons": ["risk", "links"]}.'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--link-limit",
            type=int,
            default=None,
            help=f"Hold at this many links (default: {settings.KITH_COMMENTS_LINK_LIMIT}).",
        )

    def handle(self, *args, link_limit: int | None = None, **options) -> None:
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


def _decode(raw: bytes, number: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CommandError(f"Line {number} is not valid UTF-8 (byte {exc.start}).") from None
