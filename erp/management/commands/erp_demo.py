"""Build the demo ERP database: generated, loaded from CSV files, or exported to CSV files.

    manage.py erp_demo                    # generated, scale 1 (about 58,000 rows), a few seconds
    manage.py erp_demo --scale 10 --seed 7
    manage.py erp_demo --from DIR         # one <view>.csv per view (docs/erp-contract.md), all checked first
    manage.py erp_demo --export DIR       # write what the ERP database holds now as such CSV files
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections
from django.db.utils import Error as DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

from erp.demo import writer
from erp.demo.contract import COLUMNS
from erp.demo.csvio import InvalidCsv, MissingViews, read_dataset, write_dataset
from erp.demo.generator import DEFAULT_SEED, generate
from erp.router import ERP_DB

MAX_SCALE = 100


class Command(BaseCommand):
    @property
    def help(self) -> str:  # argparse needs a str: translated when asked for, not at import
        return _("Build the demo ERP database (generated or from CSV files), or export it to CSV files.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, help=_("Random seed (default %(default)s).") % {
            "default": DEFAULT_SEED})
        parser.add_argument("--scale", type=float, help=_("Multiply the row counts, e.g. 10 (default 1)."))
        parser.add_argument("--from", dest="source", metavar="DIR", type=Path,
                            help=_("Load one <view>.csv per ERP view from this folder instead of generating."))
        parser.add_argument("--export", metavar="DIR", type=Path,
                            help=_("Write the ERP database's current content to <view>.csv files in this folder."))
        parser.add_argument("--database", default=ERP_DB, help=_("Database alias (default %(default)s).") % {
            "default": ERP_DB})
        parser.add_argument("--quiet", action="store_true", help=_("Print nothing on success."))

    def handle(self, *args, seed, scale, source, export, database, quiet, **options) -> None:
        if database not in connections:
            raise CommandError(_("Unknown database alias “%(alias)s”.") % {"alias": database})
        if export and (source or seed is not None or scale is not None):
            raise CommandError(_("--export writes the current ERP data: use it without --from, --seed or --scale."))
        if source and (seed is not None or scale is not None):
            raise CommandError(_("--from loads files as they are: --seed and --scale apply to generated data."))
        if scale is not None and not 0 < scale <= MAX_SCALE:
            raise CommandError(_("--scale must be above 0 and at most %(max)s.") % {"max": MAX_SCALE})

        started = time.monotonic()
        try:
            if export:
                counts = write_dataset(export, using=database)
                action = _("Exported to %(path)s") % {"path": export}
            else:
                if source:
                    tables = read_dataset(source)
                    action = _("Loaded from %(path)s") % {"path": source}
                else:
                    seed = DEFAULT_SEED if seed is None else seed
                    scale = 1.0 if scale is None else scale
                    # The portal's "today" (TIME_ZONE), so due dates line up with what its pages call today.
                    tables = generate(seed=seed, scale=scale, today=timezone.localdate()).tables
                    action = _("Generated (seed %(seed)s, scale %(scale)s)") % {"seed": seed, "scale": scale}
                _ensure_sqlite_folder(database)
                counts = writer.rebuild(tables, using=database)
        except (InvalidCsv, MissingViews, writer.ErpDemoRefused) as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(
                _("The ERP database “%(alias)s” refused: %(error)s") % {"alias": database, "error": error}
            ) from error
        except OSError as error:
            raise CommandError(str(error)) from error

        if not quiet:
            self._summary(action, database, counts, time.monotonic() - started)

    def _summary(self, action: str, database: str, counts: dict[str, int], seconds: float) -> None:
        width = max(len(view) for view in COLUMNS)
        self.stdout.write(f"{action} — {_('database')} “{database}”")
        self.stdout.write(f"  {_('view'):<{width}}  {_('rows'):>9}")
        for view in COLUMNS:
            self.stdout.write(f"  {view:<{width}}  {counts.get(view, 0):>9,}")
        self.stdout.write(f"  {_('total'):<{width}}  {sum(counts.values()):>9,}")
        self.stdout.write(self.style.SUCCESS(_("Done in %(seconds).1f s.") % {"seconds": seconds}))


def _ensure_sqlite_folder(alias: str) -> None:
    """A first run creates var/ (where the default SQLite demo ERP lives) if it is not there yet."""
    settings_dict = connections[alias].settings_dict
    name = str(settings_dict.get("NAME") or "")
    if settings_dict["ENGINE"].endswith("sqlite3") and name and ":memory:" not in name and "mode=memory" not in name:
        Path(name).parent.mkdir(parents=True, exist_ok=True)
