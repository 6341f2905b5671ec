"""Where a page of threads starts: a position in the thread order, not an offset.

Threads under an article are ordered by ``(published_at, id)``. ``?page=1000`` as an OFFSET
makes the database step over 49 950 threads first; a page reached by "Later comments" instead
starts right after the last thread of the page before — a range condition on the thread-order
index (``comment_thread_order_idx``), as fast on page 1 000 as on page 1.

The position travels in the address as ``<microseconds since the epoch>-<id>`` (e.g.
``?page=3&after=1733050800123456-98765``), so finding the page needs no query of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db.models import BooleanField, Expression, F

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_MICROSECOND = timedelta(microseconds=1)
_CURSOR = re.compile(r"(\d{1,17})-(\d{1,18})")
# Positions outside what a datetime and a bigint hold are not positions (hostile input).
_LATEST = (datetime(9999, 12, 31, tzinfo=UTC) - _EPOCH) // _ONE_MICROSECOND
_LARGEST_ID = 2**63 - 1


@dataclass(frozen=True)
class Position:
    published_at: datetime
    pk: int

    @classmethod
    def of(cls, thread: Any) -> Position:
        return cls(thread.published_at, thread.pk)

    @classmethod
    def parse(cls, value: str | None) -> Position | None:
        """The position in ``value``, or None when it is missing or malformed."""
        match = _CURSOR.fullmatch(value or "")
        if match is None:
            return None
        micros, pk = int(match.group(1)), int(match.group(2))
        if micros > _LATEST or pk > _LARGEST_ID:
            return None
        return cls(_EPOCH + timedelta(microseconds=micros), pk)

    def __str__(self) -> str:
        return f"{(self.published_at - _EPOCH) // _ONE_MICROSECOND}-{self.pk}"


class RowComparison(Expression):
    """``(published_at, id) > (%s, %s)`` (or ``<``): a row comparison, which a B-tree index on
    ``(…, published_at, id)`` answers as one range. The equivalent ``published_at > x OR
    (published_at = x AND id > y)`` is only a filter, read over every earlier thread."""

    conditional = True

    def __init__(self, operator: str, position: Position) -> None:
        if operator not in (">", "<"):
            raise ValueError(f"unsupported operator {operator!r}")
        super().__init__(output_field=BooleanField())
        self.operator = operator
        self.position = position
        self.columns = [F("published_at"), F("pk")]

    def get_source_expressions(self) -> list:
        return self.columns

    def set_source_expressions(self, expressions: list) -> None:
        self.columns = expressions

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list]:
        sql, params = [], []
        for column in self.columns:
            column_sql, column_params = compiler.compile(column)
            sql.append(column_sql)
            params.extend(column_params)
        value = connection.ops.adapt_datetimefield_value(self.position.published_at)
        return f"({sql[0]}, {sql[1]}) {self.operator} (%s, %s)", [*params, value, self.position.pk]
