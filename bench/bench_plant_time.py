"""Cost of plant-local time and Spanish labels in the downtime export (run on demand:
``.venv/bin/python bench/bench_plant_time.py [--events N]``).

A year of downtime events (bench_downtime's loader) on two facilities in two zones (Chicago, New York). Times the
whole Excel export of the summary's columns as they are (start/end converted to each event's facility zone and
labelled, names through their Spanish twins, in English and in Spanish) against the same export with plain
columns (the server's zone, main names only), and the summary's first page. Best and median of 3.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_downtime  # noqa: E402


def _timed(function, runs: int = 3) -> tuple[float, float]:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args()
    bench_downtime._django(f"sqlite:///{tempfile.gettempdir()}/portal_bench_plant_time.sqlite3")
    bench_downtime.load_year(args.events)

    from django.test.utils import override_settings
    from django.utils import translation

    from downtime.models import DowntimeEvent
    from downtime.views.summary import DowntimeSummaryView
    from portal.lists.columns import Column
    from portal.lists.views import PortalListView
    from portal.lists.xlsx import write_xlsx
    from portal.models import Facility
    from portal.services.localtime import several_zones

    Facility.objects.filter(code="B1").update(time_zone="America/New_York")
    Facility.objects.get(code="B1").save()  # refreshes the cached zones
    assert several_zones()
    queryset = DowntimeEvent.objects.select_related("line__facility", "shift", "category__parent", "created_by")
    local = list(DowntimeSummaryView.columns)
    plain = [Column(c.key, c.label, kind=c.kind, sort=c.sort, width=c.width) for c in local]
    count = queryset.count()

    def export(columns):
        def run():
            rows, prepared = PortalListView().export_rows(queryset.order_by("-production_date", "-pk"), columns)
            handle, written = write_xlsx(rows, columns, prepared=prepared)
            handle.close()
            assert written == count
        return run

    print(f"Excel export of {count:,} events, two facilities in two zones (SQLite, DEBUG off):")
    with override_settings(DEBUG=False):
        for name, columns, language in (("plain columns (server zone, main names)", plain, "en"),
                                        ("plant-local times + labels, English", local, "en"),
                                        ("plant-local times + labels, Spanish", local, "es")):
            with translation.override(language):
                median, best = _timed(export(columns))
            print(f"  {name}: median {median / 1000:.2f} s, best {best / 1000:.2f} s")


if __name__ == "__main__":
    main()
