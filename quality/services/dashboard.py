"""The quality dashboard's figures, aggregated in the database (a few GROUP BY queries whatever the row count)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.utils import timezone

from portal.models import Escalation

from ..models import CustomerReturn, InternalReject, Ncr, SopTicket
from .rejects import COUNTED

AGE_BUCKETS = ((1, "< 1 d"), (3, "1–3 d"), (7, "3–7 d"), (None, "> 7 d"))


def pareto(start: dt.datetime, end: dt.datetime) -> list[dict]:
    """Rejected and returned units per defect code, largest first, with the cumulative share (%)."""
    totals: dict[tuple[str, str], int] = defaultdict(int)
    rejects = InternalReject.objects.filter(COUNTED, occurred_at__gte=start, occurred_at__lt=end)
    for code, name, qty in rejects.values_list("defect__code", "defect__name").annotate(q=Sum("quantity")):
        totals[(code, name)] += qty
    returns = CustomerReturn.objects.filter(received_at__gte=start, received_at__lt=end, defect__isnull=False)
    for code, name, qty in returns.values_list("defect__code", "defect__name").annotate(q=Sum("quantity")):
        totals[(code, name)] += qty
    grand = sum(totals.values()) or 1
    rows, running = [], 0
    for (code, name), qty in sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])):
        running += qty
        rows.append({"code": code, "name": name, "units": qty, "cumulative": round(100 * running / grand, 1)})
    return rows


def by_line(start: dt.datetime, end: dt.datetime) -> list[dict]:
    return list(InternalReject.objects.filter(COUNTED, occurred_at__gte=start, occurred_at__lt=end)
                .values("line__code", "line__name").annotate(units=Sum("quantity"), rejects=Count("pk"))
                .order_by("-units", "line__code"))


def week_starts(start: dt.datetime, end: dt.datetime, zone) -> list[dt.datetime]:
    """Monday 00:00 in ``zone`` of every week that overlaps [start, end), as aware datetimes (DST-correct)."""
    local = timezone.localtime(start, zone).date()
    monday = local - dt.timedelta(days=local.weekday())
    starts = []
    while (moment := dt.datetime.combine(monday, dt.time(), zone)) < end:
        starts.append(moment)
        monday += dt.timedelta(days=7)
    return starts


def _weekly(queryset, field: str, starts: list[dt.datetime], end: dt.datetime) -> list[int]:
    """Units per week in ONE scan: a conditional sum per week over plain timestamp ranges (no per-row time-zone
    function, which SQLite would run in Python)."""
    bounds = [*starts[1:], end]
    sums = {f"w{i}": Sum("quantity", filter=Q(**{f"{field}__gte": a, f"{field}__lt": b}), default=0)
            for i, (a, b) in enumerate(zip(starts, bounds, strict=True))}
    row = queryset.aggregate(**sums) if sums else {}
    return [row.get(f"w{i}", 0) for i in range(len(starts))]


def by_week(start: dt.datetime, end: dt.datetime, zone) -> list[dict]:
    """Rejected and returned units per week (weeks begin on Monday in ``zone``)."""
    starts = week_starts(start, end, zone)
    rejected = _weekly(InternalReject.objects.filter(COUNTED, occurred_at__gte=start, occurred_at__lt=end),
                       "occurred_at", starts, end)
    returned = _weekly(CustomerReturn.objects.filter(received_at__gte=start, received_at__lt=end), "received_at",
                       starts, end)
    return [{"week": s.date(), "rejected": r, "returned": t}
            for s, r, t in zip(starts, rejected, returned, strict=True) if r or t]


def _ages(queryset, department_field: str, now: dt.datetime) -> list[dict]:
    """Open records per department and age bucket (from when they were opened)."""
    whens = [When(created_at__gt=now - dt.timedelta(days=days), then=Value(i))
             for i, (days, _label) in enumerate(AGE_BUCKETS) if days is not None]
    bucket = Case(*whens, default=Value(len(AGE_BUCKETS) - 1), output_field=IntegerField())
    table: dict[str, list[int]] = {}
    for name, index, n in (queryset.annotate(bucket=bucket).values_list(f"{department_field}__name", "bucket")
                           .annotate(n=Count("pk")).values_list(f"{department_field}__name", "bucket", "n")):
        table.setdefault(name, [0] * len(AGE_BUCKETS))[index] += n
    return [{"department": name, "counts": counts, "total": sum(counts)} for name, counts in sorted(table.items())]


def open_by_department(now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    tickets = SopTicket.objects.filter(state__in=[SopTicket.State.OPEN, SopTicket.State.DISPUTED])
    ncrs = Ncr.objects.exclude(state=Ncr.State.CLOSED)
    return {"buckets": [label for _days, label in AGE_BUCKETS],
            "tickets": _ages(tickets, "charged_department", now), "ncrs": _ages(ncrs, "department", now)}


def escalations_this_week(now: dt.datetime | None = None, zone=None) -> list[dict]:
    """Escalations sent since Monday 00:00 (in ``zone``) by record type and level."""
    now = now or timezone.now()
    local = timezone.localtime(now, zone)
    monday = (local - dt.timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    models = {m._meta.model_name: m._meta.verbose_name_plural for m in (SopTicket, Ncr, InternalReject,
                                                                        CustomerReturn)}
    rows = (Escalation.objects.filter(escalated_at__gte=monday, content_type__app_label="quality")
            .values_list("content_type__model", "level").annotate(n=Count("pk")).order_by("content_type__model",
                                                                                          "level"))
    return [{"record": str(models.get(model, model)), "level": level, "count": n} for model, level, n in rows]


def dashboard(start: dt.datetime, end: dt.datetime, zone) -> dict:
    return {"pareto": pareto(start, end), "lines": by_line(start, end), "weeks": by_week(start, end, zone),
            "open": open_by_department(), "escalations": escalations_this_week(zone=zone)}
