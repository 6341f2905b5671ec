"""Moving the test database to an earlier migration and back, for tests of data migrations
(in a ``TransactionTestCase``: migrations cannot run inside a test's transaction)."""

from __future__ import annotations

from django.apps.registry import Apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets: list[tuple[str, str]]) -> Apps:
    """Apply or unapply migrations until ``targets`` (``[(app, migration)]``) are the latest;
    returns the models as they were then (``apps.get_model(...)``)."""
    executor = MigrationExecutor(connection)  # a fresh one: it reads what is applied now
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def migrate_to_latest() -> None:
    """Leave the schema as every other test expects it: all migrations applied."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
