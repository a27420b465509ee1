"""Migration tests: move the test database to given migrations and back to the newest of every app."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate_to(targets):
    """Migrate to ``targets`` ([(app, migration), ...]); returns the apps registry of that state."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    """Every app at its newest migration: going back to an older portal migration also unapplied the other apps'
    later migrations that depend on it, and the next tests on this worker need the whole schema."""
    return MigrationExecutor(connection).loader.graph.leaf_nodes()
