"""Eight weeks of the laser shop (a demo step after the laser demo, see LaserConfig.demo_steps): two to four runs a
working day on the shop's two machines, each ending with its sheets deducted from stock (so the stock runs low and
a delivery comes in on Mondays), and the 07:30 daily report of every past day, generated as beat generates it.

Through the shop's services (``start_run``, ``end_run``, ``inventory.receive``, ``generate_daily_report``) as of
the moment each happened (``portal.demo.as_of``), in the shop's time zone. Seeded, dated back from the shop's
local today; a second run adds nothing (run keys are spent, a stored day's report is kept).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import F

from portal.demo import as_of, history_dates, history_random
from portal.services.localtime import today_local

from .models import InventoryItem, LaserRun, Project
from .services import inventory, shop_zone
from .services.reports import generate_daily_report
from .services.runs import end_run, shop_line, shop_machines, start_run

REPORT_TIME = dt.time(7, 30)  # the beat schedule's daily report (laser/tasks.py)


def build_history() -> None:
    users = get_user_model().objects
    operator = users.filter(username="demo_laser_operator").first()
    manager = users.filter(username="demo_laser_manager").first()
    line = shop_line()
    projects = list(Project.objects.filter(code__in=("P-1001", "P-2003")).order_by("code"))
    machines = list(shop_machines().order_by("code"))
    if None in (operator, manager, line) or not projects or not machines:
        return
    zone = shop_zone()
    rng = history_random("laser")
    days = history_dates(today_local(line.facility))[:-1]  # yesterday is the laser demo's own
    if not days:
        return
    yesterday_began = dt.datetime.combine(days[-1] + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    if LaserRun.objects.filter(operator=operator, started_at__lt=yesterday_began).exists():
        return  # the history was written by an earlier run
    for day in days:
        if day.weekday() == 0:
            with as_of(dt.datetime.combine(day, dt.time(6, 45), tzinfo=zone)):
                for item in InventoryItem.objects.filter(quantity__lt=F("minimum") + 8):
                    inventory.receive(item, 20, user=manager, reason="Weekly delivery")
        if day.weekday() < 5:
            began = dt.datetime.combine(day, dt.time(7, 15), tzinfo=zone)
            for n in range(rng.randint(2, 4)):
                project = rng.choice(projects)
                sheets = rng.randint(1, 4)
                minutes = rng.randint(35, 110)
                key = f"demo-history-{day}-{n}"
                with as_of(began):
                    run, _ = start_run(project=project, machine=machines[n % len(machines)], operator=operator,
                                       key=key, at=began)
                ended = began + dt.timedelta(minutes=minutes)
                with as_of(ended):
                    end_run(run=run, sheets_used=sheets, parts_cut=sheets * rng.randint(12, 30), user=operator,
                            key=f"{key}-end", at=ended)
                began = ended + dt.timedelta(minutes=rng.randint(10, 40))
        with as_of(dt.datetime.combine(day + dt.timedelta(days=1), REPORT_TIME, tzinfo=zone)):
            generate_daily_report(day)
