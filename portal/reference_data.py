"""Reference rows an app cannot work without (the laser stage thresholds and follow-up templates, the maintenance
priority levels): written by the app's data migration, and written again after every ``migrate`` and every
``flush`` (``post_migrate``), like Django's own permissions. A database emptied by ``flush`` (a transactional test's
teardown, a live-server test, an admin starting over) so gets them back instead of escalating nothing.

Each app names its writers in its AppConfig, ``reference_data``: dotted paths of the data migrations' own
idempotent ``fn(apps, schema_editor)`` functions (get-or-create, an admin's edits kept), so the rows are written
one way only.
"""

from __future__ import annotations

from importlib import import_module

from django.apps import apps as global_apps
from django.db import DEFAULT_DB_ALIAS


def writers() -> list:
    found = []
    for config in global_apps.get_app_configs():
        for path in getattr(config, "reference_data", ()):
            module, name = path.rsplit(".", 1)
            found.append(getattr(import_module(module), name))
    return found


def write_after_migrate(sender, using=DEFAULT_DB_ALIAS, apps=global_apps, **kwargs) -> None:
    # post_migrate fires once per app; write once, after the last app (every table exists by then).
    last = [config for config in global_apps.get_app_configs() if config.models_module][-1]
    if using != DEFAULT_DB_ALIAS or getattr(sender, "label", None) != last.label:
        return
    for write in writers():
        try:  # ``apps`` is the migration state during migrate (a model not migrated yet is absent)
            write(apps, None)
        except LookupError:
            continue
