"""Eight weeks of production for the demo plant (a demo step after the downtime history, see
ProductionConfig.demo_steps): each line runs one planned order a day, IN at the first shift's start with the
day's plan, OUT at the end of each shift with what the shift made, which is what its stops left of the shift
(the downtime history's events, read here) at a believable speed (88-97 % of the line's capacity). So OEE, the
balances and the movements agree with the downtime summary.

Bulk-created, not recorded through ``record_movement``: the service costs about 10 ms a movement and eight weeks
are about 2,700 movements (bench/bench_demo.py). The rows are what the ledger stores (plant date, balance row with
its totals), without audit entries or command keys, being the demo's starting data. Seeded, dated back from each
facility's local today, idempotent per order (a second run keeps them; a run days later adds the missing days).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Sum
from django.utils import timezone

from downtime.models import DowntimeEvent
from portal.demo import as_of, history_dates, history_random
from portal.models import Facility, ProductionCapacity
from portal.services.localtime import today_local

from .models import AndonBoard, Balance, Movement, ProductionOrder

RECORDER = "demo_production_admin"  # works on every line (plant-wide role)


def order_number(line_code: str, day: dt.date) -> str:
    return f"WO-{line_code}-{day:%y%m%d}"


def build_history() -> None:
    recorder = get_user_model().objects.filter(username=RECORDER).first()
    if recorder is None:
        return
    now = timezone.now()
    for facility in Facility.objects.filter(active=True, lines__isnull=False).distinct().order_by("code"):
        # the floor TV of each facility (its link is on the admin's andon page)
        AndonBoard.objects.get_or_create(facility=facility, defaults={"name": f"{facility.name} floor",
                                                                      "created_by": recorder})
        tz = facility.tzinfo
        today = today_local(facility)
        shifts = list(facility.shifts.filter(active=True).order_by("start_time"))
        if not shifts:
            continue
        for line in facility.lines.active().select_related("facility").order_by("code"):
            rng = history_random(f"production:{line.code}")
            capacity = dict(ProductionCapacity.objects.filter(line=line).values_list("shift_id", "units_per_shift"))
            stopped = {(row["production_date"], row["shift_id"]): row["minutes"] for row in
                       DowntimeEvent.objects.filter(line=line, production_date__gte=today - dt.timedelta(days=60))
                       .values("production_date", "shift_id").annotate(minutes=Sum("duration_minutes"))}
            existing = set(ProductionOrder.objects.filter(number__startswith=f"WO-{line.code}-")
                           .values_list("number", flat=True))
            for day in [*history_dates(today), today]:
                # drawn every day, kept or not: the same plant on every run
                speeds, spare = [rng.uniform(0.88, 0.97) for _shift in shifts], rng.randint(20, 120)
                number = order_number(line.code, day)
                if number in existing:
                    continue
                outs = []
                for shift, speed in zip(shifts, speeds, strict=True):
                    begin = dt.datetime.combine(day, shift.start_time, tzinfo=tz)
                    end = begin + shift.duration
                    minutes = shift.duration.total_seconds() / 60
                    share = 1.0
                    if end > now:  # the shift under way: what it made so far, recorded a few minutes ago
                        if begin > now - dt.timedelta(minutes=30):
                            break
                        end = now
                        share = (now - begin).total_seconds() / 60 / minutes
                    running = max(minutes * share - stopped.get((day, shift.pk), 0), 0)
                    made = round(capacity.get(shift.pk, 0) * running / minutes * speed)
                    if made > 0:
                        outs.append((end - dt.timedelta(minutes=5), made))
                    if share < 1:
                        break
                if not outs:
                    continue
                _record_day(recorder, line, number, dt.datetime.combine(day, shifts[0].start_time, tzinfo=tz),
                            sum(made for _at, made in outs) + spare, outs)


def _record_day(recorder, line, number: str, first_start: dt.datetime, planned: int,
                outs: list[tuple[dt.datetime, int]]) -> None:
    """One day's order of a line as the ledger stores it: the IN of the plan, the OUTs, the balance row."""
    with as_of(first_start):
        order = ProductionOrder.objects.create(number=number, created_by=recorder)
    movements = [Movement(order=order, line=line, direction=Movement.Direction.IN, quantity=planned, user=recorder,
                          at=first_start, idempotency_key=f"demo-{number}-in")]
    movements += [Movement(order=order, line=line, direction=Movement.Direction.OUT, quantity=made, user=recorder,
                           at=at, idempotency_key=f"demo-{number}-out-{n}") for n, (at, made) in enumerate(outs)]
    for movement in movements:
        movement.plant_date = movement.at.astimezone(line.facility.tzinfo).date()
    Movement.objects.bulk_create(movements)
    made = sum(made for _at, made in outs)
    Balance.objects.create(order=order, line=line, quantity_in=planned, quantity_out=made, balance=planned - made,
                           last_movement_at=outs[-1][0])
