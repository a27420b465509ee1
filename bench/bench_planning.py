"""Job planning engine: 2,000 orders x 5 stages on 20 machines (10,000 bookings over a quarter).

Measures the server-side computations behind the Gantt (a month's rows plus its conflicts) and the utilization of a
quarter per machine and day. ENGINE ONLY: the bookings are built in memory; the database read and the page of the
planning app are not built yet, so these figures leave out the query and the rendering.
Run: .venv/bin/python bench/bench_planning.py
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planning.engine import Booking, conflicts, gantt_rows, utilization  # noqa: E402

ZONE = ZoneInfo("America/Chicago")
ORDERS, STAGES, MACHINES = 2000, 5, 20
QUARTER_START = dt.date(2026, 1, 1)
QUARTER_DAYS = 90


def build() -> list[Booking]:
    rng = random.Random(11)
    machines = [f"M{n:02d}" for n in range(MACHINES)]
    bookings, next_id = [], 1
    for order in range(ORDERS):
        start = dt.datetime.combine(QUARTER_START, dt.time(6), tzinfo=ZONE) + dt.timedelta(
            hours=rng.randrange(0, 24 * (QUARTER_DAYS - 5)))
        for stage in range(1, STAGES + 1):
            hours = rng.randint(2, 10)
            end = start + dt.timedelta(hours=hours)
            bookings.append(Booking(next_id, f"PO{order:05d}", stage, rng.choice(machines), start, end, hours * 100))
            next_id += 1
            start = end + dt.timedelta(hours=rng.randint(0, 4))
    return bookings


def timed(fn, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def main() -> None:
    bookings = build()
    machines = sorted({b.resource for b in bookings})
    month_start = dt.datetime(2026, 2, 1, tzinfo=ZONE)
    month_end = dt.datetime(2026, 3, 1, tzinfo=ZONE)
    last = QUARTER_START + dt.timedelta(days=QUARTER_DAYS - 1)
    capacity = {(m, QUARTER_START + dt.timedelta(days=d)): 2400.0 for m in machines for d in range(QUARTER_DAYS)}

    def gantt_month():
        rows = gantt_rows(bookings, month_start, month_end)
        return rows, conflicts([b for row in rows.values() for b in row])

    gantt_ms, (rows, found) = timed(gantt_month)
    util_ms, loads = timed(lambda: utilization(bookings, capacity, ZONE, QUARTER_START, last, machines))
    over = sum(1 for row in loads if row.over_capacity)
    print(f"{len(bookings):,} bookings ({ORDERS:,} orders x {STAGES} stages) on {MACHINES} machines")
    print(f"Gantt month (rows + conflicts): {gantt_ms:.1f} ms median of 5 "
          f"({sum(len(r) for r in rows.values()):,} bars, {len(found):,} conflicts)  target < 500 ms")
    print(f"Utilization quarter: {util_ms:.1f} ms median of 5 ({len(loads):,} machine-days, {over:,} over capacity)"
          "  target < 500 ms")


if __name__ == "__main__":
    main()
