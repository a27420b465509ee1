"""Eight weeks of quality for the demo plant (a demo step after the production history, see
QualityConfig.demo_steps): internal rejects on most line-days, charged to that day's order, with a defect mix a
quality manager recognises (scratches and dents lead the Pareto, the blister line has the dimensional trouble),
and a customer return every few days per facility.

Recorded through the floor's own services (``record_reject``, ``record_return``) as the quality inspector, as of
a few minutes after each (``portal.demo.as_of``); each with a fixed key, so a second run records nothing again.
Seeded, dated back from each facility's local today.
"""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import suppress

from django.contrib.auth import get_user_model

from portal.commands import Conflict
from portal.demo import as_of, history_dates, history_random
from portal.models import Facility
from portal.services.localtime import today_local
from production.models import ProductionOrder

from .models import CustomerReturn, DefectCode, InternalReject
from .services.floor import record_reject, record_return

RECORDER = "demo_quality_inspector"  # inspects every line (the Quality department holds them all)
KEYS = uuid.UUID("0c5e8f9a-3d1b-4e2f-8a7c-6b5d4e3f2a1b")
# defect code -> weight (a Pareto, not a flat bar chart)
MIX = {"SUR-SCR": 9, "SUR-DNT": 6, "ASM-MIS": 4, "DIM-OVR": 3, "ASM-LBL": 3, "DIM-UND": 2, "SUR-COL": 1}
CAUSES = ["Guide worn", "Operator training", "Supplier lot", "Setting drifted", "Handling damage"]
CUSTOMERS = ["ACME", "Globex", "Initech", "Umbrella"]


def build_history() -> None:
    inspector = get_user_model().objects.filter(username=RECORDER).first()
    codes = {code.code: code for code in DefectCode.objects.filter(code__in=MIX)}
    if inspector is None or len(codes) < len(MIX):
        return
    done = set(InternalReject.objects.filter(created_by=inspector, idempotency_key__isnull=False)
               .values_list("idempotency_key", flat=True))
    returned = set(CustomerReturn.objects.filter(created_by=inspector).values_list("sales_order", flat=True))
    orders = {order.number: order for order in ProductionOrder.objects.filter(number__startswith="WO-")}
    # the plant's shift-run facilities, as the downtime and production histories (the laser shop is laser's)
    for facility in Facility.objects.filter(active=True, shifts__isnull=False).distinct().order_by("code"):
        tz = facility.tzinfo
        today = today_local(facility)
        lines = list(facility.lines.active().order_by("code"))
        rng = history_random(f"quality:{facility.code}")
        for day in history_dates(today):
            for line in lines:
                weights = dict(MIX, **({"DIM-OVR": 8} if line.code.endswith("L03") else {}))
                count = rng.choice((0, 1, 1, 2))
                # every draw of the day first: a reject kept from an earlier run draws the same as a new one
                draws = [(rng.choices(list(weights), list(weights.values()))[0], rng.randint(2, 30),
                          rng.randint(7 * 60, 21 * 60), rng.choice(CAUSES), f"P-{100 + rng.randint(0, 9)}")
                         for _n in range(count)]
                for n, (code, quantity, minute, cause, part) in enumerate(draws):
                    key = uuid.uuid5(KEYS, f"{line.code}:{day}:{n}")
                    if key in done:
                        continue
                    at = dt.datetime.combine(day, dt.time(), tzinfo=tz) + dt.timedelta(minutes=minute)
                    order = orders.get(f"WO-{line.code}-{day:%y%m%d}")
                    data = {"line": line, "production_order": order, "part": part,
                            "quantity": quantity, "defect": codes[code], "cause": cause, "occurred_at": at}
                    # suppress: recorded by an earlier run and deleted since, so left deleted
                    with as_of(at + dt.timedelta(minutes=10)), suppress(Conflict):
                        record_reject(inspector, data, key=key)
            if rng.random() < 0.25:
                sales_order = f"SO-{facility.code}-{day:%y%m%d}"
                at = dt.datetime.combine(day, dt.time(10), tzinfo=tz)
                data = {"facility": facility, "customer": rng.choice(CUSTOMERS), "sales_order": sales_order,
                        "part": f"P-{100 + rng.randint(0, 9)}", "lot": f"L-{rng.randint(4000, 4999)}",
                        "quantity": rng.randint(5, 60), "reason": "Damaged on arrival", "received_at": at,
                        "defect": codes[rng.choice(("SUR-SCR", "SUR-DNT", "ASM-LBL"))]}
                if sales_order in returned:
                    continue
                with as_of(at + dt.timedelta(minutes=10)), suppress(Conflict):
                    record_return(inspector, data, key=f"demo-return-{sales_order}")
