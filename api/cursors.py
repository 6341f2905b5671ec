"""Opaque cursors for keyset pagination.

A page starts right after the last row of the page before: a position ``(published_at, pk)``
compared as a row (``comments.models.keyset``), which an index answers as one range, so page
5 000 costs what page 1 costs. The position travels signed, so a client cannot hand us a
made-up one (and it stays opaque: its form may change without breaking anyone).
"""

from __future__ import annotations

from django.core import signing

from comments.models.keyset import Position

SALT = "kith.api.cursor"
# A signed cursor is ~70 characters; anything much longer is not one of ours.
MAX_CURSOR_LENGTH = 200


class InvalidCursor(ValueError):
    """The cursor was not issued by this API (edited, truncated or from another key)."""


def encode_cursor(position: Position | str) -> str:
    return signing.dumps(str(position), salt=SALT, compress=False)


def decode_text_cursor(value: str) -> str:
    """The text a cursor was made from (e.g. the last author's slug)."""
    if len(value) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("The cursor is not one this API gave out.")
    try:
        raw = signing.loads(value, salt=SALT)
    except (signing.BadSignature, ValueError, UnicodeError) as exc:
        raise InvalidCursor("The cursor is not one this API gave out.") from exc
    if not isinstance(raw, str):
        raise InvalidCursor("The cursor is not one this API gave out.")
    return raw


def decode_cursor(value: str) -> Position:
    position = Position.parse(decode_text_cursor(value))
    if position is None:
        raise InvalidCursor("The cursor is not one this API gave out.")
    return position
