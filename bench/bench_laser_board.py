"""Laser pipeline board: time to render /laser/board/ for a shop with 500 open projects (target < 0.5 s).

    .venv/bin/python bench/bench_laser_board.py                # 500 projects over the five stages, 12 sheets
    .venv/bin/python bench/bench_laser_board.py --projects 2000

Measured: the whole page as a manager gets it (Django's test client, signed in): the board's service (projects,
thresholds, the material position for every block), each card's standing and the template. The query count is
printed too: it does not grow with the projects (laser/tests/test_board.py asserts it).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.5


def setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_DEBUG": "false", "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite:///{Path(tempfile.gettempdir()) / f'portal_bench_board_{os.getpid()}.sqlite3'}",
    })
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(n: int):
    from django.contrib.auth.models import Group
    from django.db import transaction
    from django.utils import timezone

    from laser.materials import THICKNESSES_MM, MaterialType
    from laser.models import InventoryItem, Project, Stage
    from laser.testing import make_shop
    from portal.models import User
    from portal.roles import LASER_MANAGER

    shop = make_shop()
    now = timezone.now()
    materials = list(MaterialType.values)
    with transaction.atomic():
        Project.objects.bulk_create([Project(
            code=f"BB-{k:05d}", client=shop["client"], material_type=materials[k % 6],
            thickness_mm=THICKNESSES_MM[k % 2], sheet_size="3000x1500", sheets_required=k % 40,
            stage=Stage.values[k % 5], target_date=(now + dt.timedelta(days=k % 30 - 10)).date(),
            state_entered_at=now - dt.timedelta(hours=k % 200)) for k in range(n)], batch_size=500)
        for k in range(12):
            InventoryItem.objects.get_or_create(material_type=materials[k % 6], thickness_mm=THICKNESSES_MM[k % 2],
                                                sheet_size="3000x1500", defaults={"quantity": 50 * k, "minimum": 5})
    manager = User.objects.create_user("bench_board_manager")
    manager.groups.add(Group.objects.get(name=LASER_MANAGER))
    return manager


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    manager = load(args.projects)
    client = Client(HTTP_HOST="localhost")
    client.force_login(manager)
    times = []
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get("/laser/board/")
            times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    median = statistics.median(times)
    print(f"laser pipeline board, {args.projects} projects, SQLite, {args.repeat} renders:")
    print(f"  page: median {median * 1000:.0f} ms, max {max(times) * 1000:.0f} ms, {len(queries)} queries, "
          f"{len(response.content) // 1024} KiB -> target < {TARGET_S} s, ratio {median / TARGET_S:.2f}: "
          f"{'MET' if median < TARGET_S else 'MISSED'}")


if __name__ == "__main__":
    main()
