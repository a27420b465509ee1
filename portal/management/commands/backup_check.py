"""Back up the portal's database and prove the backup restores: ``manage.py backup_check --output DIR``.

PostgreSQL: ``pg_dump --format=custom`` into DIR, ``pg_restore`` into a new, temporary database, then the same
row count in every table, the schema up to date with the code (no unapplied migration), and the temporary
database dropped. SQLite: SQLite's online backup into DIR, then ``PRAGMA integrity_check`` and the row counts.
Exit status 0 only when the restored copy matches. Run it nightly after the backup job, or before an upgrade
(docs/deployment.md, "Backups"). SQL Server backups belong to the DBA's maintenance plan (RESTORE VERIFYONLY).
"""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from django.db.migrations.executor import MigrationExecutor


class Command(BaseCommand):
    help = "Back up the portal database into --output and check that the backup restores into a new database."

    def add_arguments(self, parser):
        parser.add_argument("--output", required=True, help="Folder for the backup file (kept).")
        parser.add_argument("--database", default="default", help="Database alias (default: default).")

    def handle(self, *args, output: str, database: str, **options):
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        connection = connections[database]
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        if connection.vendor == "postgresql":
            backup, counts, restored = self._postgresql(connection, folder / f"portal-{stamp}.dump")
        elif connection.vendor == "sqlite":
            backup, counts, restored = self._sqlite(connection, folder / f"portal-{stamp}.sqlite3")
        else:
            raise CommandError(f"{connection.vendor}: back up with the database server's own tools (see docs).")
        differing = {table: (counts[table], restored.get(table)) for table in counts if counts[table] !=
                     restored.get(table)}
        if differing:
            raise CommandError(f"The restored copy differs (table: original, restored): {differing}")
        rows = sum(counts.values())
        self.stdout.write(f"OK {backup} ({backup.stat().st_size} bytes): restored into a new database, "
                          f"{len(counts)} tables and {rows} rows match, schema current.")

    # --- PostgreSQL ---------------------------------------------------------------------------------------------
    def _postgresql(self, connection, target: Path):
        for tool in ("pg_dump", "pg_restore"):
            if shutil.which(tool) is None:
                raise CommandError(f"{tool} is missing: install the Debian package postgresql-client")
        params = connection.get_connection_params()
        env = {"PGPASSWORD": str(params.get("password") or ""), "PATH": "/usr/bin:/bin"}
        common = ["-h", str(params.get("host") or "localhost"), "-p", str(params.get("port") or 5432),
                  "-U", str(params.get("user") or "postgres")]
        source = params["dbname"]
        self._run(["pg_dump", *common, "--format=custom", "--no-owner", "-f", str(target), source], env)
        counts = self._pg_counts(connection)
        scratch = f"{source}_restore_check_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{scratch}"')
        try:
            self._run(["pg_restore", *common, "--no-owner", "--exit-on-error", "-d", scratch, str(target)], env)
            alias = f"restore_check_{scratch}"
            connections.settings[alias] = {**connection.settings_dict, "NAME": scratch}
            restored_connection = connections.create_connection(alias)
            try:
                restored = self._pg_counts(restored_connection)
                self._schema_current(restored_connection)
            finally:
                restored_connection.close()
                del connections.settings[alias]
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')
        return target, counts, restored

    @staticmethod
    def _pg_counts(connection) -> dict[str, int]:
        with connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            tables = [row[0] for row in cursor.fetchall()]
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - names from the catalogue
                counts[table] = cursor.fetchone()[0]
        return counts

    # --- SQLite -------------------------------------------------------------------------------------------------
    def _sqlite(self, connection, target: Path):
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        counts = self._sqlite_counts(connection.connection)
        with sqlite3.connect(target) as copy:
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise CommandError(f"{target}: integrity check failed")
            restored = self._sqlite_counts(copy)
        return target, counts, restored

    @staticmethod
    def _sqlite_counts(raw) -> dict[str, int]:
        tables = [row[0] for row in raw.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        return {table: raw.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608 - catalogue names
                for table in tables}

    # --- helpers ------------------------------------------------------------------------------------------------
    @staticmethod
    def _schema_current(connection) -> None:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            raise CommandError(f"The restored database lacks {len(pending)} migrations, e.g. {pending[0][0]}")

    @staticmethod
    def _run(command: list[str], env: dict) -> None:
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        if done.returncode:
            raise CommandError(f"{command[0]} failed: {done.stderr.strip()[-2000:]}")
