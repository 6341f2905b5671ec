"""Fast row writing for ``bench/generate_bulk.py``: PostgreSQL COPY (psycopg 3), SQLite
executemany.

Rows are plain lists in the model's concrete-field order, started from a *template* row that
holds every column's default as the database stores it, so a generator sets only what varies.
Primary keys are given explicitly (from the table's current maximum) and the sequences are
reset afterwards: no RETURNING, no per-row round trip.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable, Iterator
from typing import Any, TextIO

from django.core.management.color import no_style
from django.db import connection, models


class Progress:
    """A one-line progress bar on stderr: ``label [#####.....]  52%  52000/100000  3.1 s``."""

    WIDTH = 30

    def __init__(self, label: str, total: int, *, stream: TextIO | None = None) -> None:
        self.label, self.total, self.done = label, total, 0
        self.stream = stream or sys.stderr
        self.started = time.monotonic()
        self._last_drawn = -1.0
        self._drawn_done = -1

    def advance(self, count: int) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._last_drawn >= 0.2 or self.done >= self.total:
            self._last_drawn = now
            self._draw(end="")

    def finish(self) -> None:
        if self._drawn_done == self.done:
            self.stream.write("\n")  # the bar already shows the end
            self.stream.flush()
        else:
            self._draw(end="\n")

    def _draw(self, *, end: str) -> None:
        self._drawn_done = self.done
        share = self.done / self.total if self.total else 1.0
        filled = int(share * self.WIDTH)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r{self.label:<18} [{bar}] {share:>4.0%}  {self.done}/{self.total}  "
            f"{elapsed:.1f} s{end}"
        )
        self.stream.flush()


class BulkTable:
    """Writes rows of one model's table, as fast as the database allows."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.columns = [field.column for field in self.fields]
        self.position = {field.attname: i for i, field in enumerate(self.fields)}
        self.is_postgresql = connection.vendor == "postgresql"

    def next_id(self) -> int:
        found = self.model._default_manager.aggregate(top=models.Max("pk"))["top"]
        return (found or 0) + 1

    def template(self, **values: Any) -> list[Any]:
        """A row with every column's default (as stored), with ``values`` set by attname."""
        instance = self.model(**values)
        row = []
        for field in self.fields:
            value = getattr(instance, field.attname)
            row.append(None if value is None else field.get_db_prep_save(value, connection))
        return row

    def datetime(self, value: Any) -> Any:
        """A datetime as this database takes it in a raw row."""
        if value is None or self.is_postgresql:
            return value
        return connection.ops.adapt_datetimefield_value(value)

    def date(self, value: Any) -> Any:
        if value is None or self.is_postgresql:
            return value
        return connection.ops.adapt_datefield_value(value)

    def write(self, rows: Iterable[list[Any]], *, progress: Progress | None = None) -> int:
        written = 0
        for batch in _batches(rows, 5000):
            self._write_batch(batch)
            written += len(batch)
            if progress is not None:
                progress.advance(len(batch))
        return written

    def _write_batch(self, batch: list[list[Any]]) -> None:
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        with connection.cursor() as cursor:
            if self.is_postgresql:
                raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", batch)

    def reset_sequence(self) -> None:
        statements = connection.ops.sequence_reset_sql(no_style(), [self.model])
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def _batches(rows: Iterable[list[Any]], size: int) -> Iterator[list[list[Any]]]:
    batch: list[list[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
