"""The demo's history: time to generate about eight weeks of a 12-line plant on a fresh database (target < 60 s).

    .venv/bin/python bench/bench_demo.py                  # 56 days, a fresh SQLite portal database, demo ERP 1x
    .venv/bin/python bench/bench_demo.py --days 28

Runs ``manage.py portal_demo`` as ``bin/demo`` does (the demo ERP is built first and not counted) and prints each
step's wall and CPU time; the figure is the sum of the ``... history`` steps. Wall time depends on the machine's
load (the development machine is shared), CPU time much less: both are printed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 60.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=56)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench_demo_"))
    sys.path.insert(0, str(ROOT))
    os.environ.update({"DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_DEBUG": "false",
                       "LOG_LEVEL": "WARNING", "DATABASE_URL": f"sqlite:///{work / 'portal.sqlite3'}",
                       "ERP_DATABASE_URL": f"sqlite:///{work / 'erp.sqlite3'}"})
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from portal.demo import DemoStep

    settings.VAR_DIR = work
    call_command("migrate", verbosity=0)
    call_command("erp_demo", verbosity=0)
    times: dict[str, tuple[float, float]] = {}
    real_run = DemoStep.run

    def timed(step: DemoStep):
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return real_run(step)
        finally:
            times[step.name] = (time.perf_counter() - wall, time.process_time() - cpu)

    DemoStep.run = timed
    with open(os.devnull, "w") as quiet:
        call_command("portal_demo", history_days=args.days, stdout=quiet)
    for name, (wall, cpu) in times.items():
        print(f"{name:<22} wall {wall:6.1f} s   cpu {cpu:6.1f} s")
    history = [value for name, value in times.items() if name.endswith("history")]
    wall, cpu = sum(w for w, _c in history), sum(c for _w, c in history)
    load = os.getloadavg()[0]
    print(f"\nhistory of {args.days} days: target < {TARGET_S:.0f} s, wall {wall:.1f} s (ratio {wall / TARGET_S:.2f}), "
          f"cpu {cpu:.1f} s (ratio {cpu / TARGET_S:.2f}); load average {load:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
