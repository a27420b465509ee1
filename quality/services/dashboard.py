"""The quality dashboard's figures, aggregated in the database (a few GROUP BY queries whatever the row count)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import connection
from django.db.models import Case, Count, IntegerField, Q, Sum, Value, When
from django.db.models.functions import Substr, TruncWeek
from django.utils import timezone

from portal.models import Escalation, ProductionLine
from portal.services.figures import fraction
from portal.services.localtime import local_date, to_local
from portal.services.plausibility import line_capacities, refused_above

from ..models import CustomerReturn, DefectCode, InternalReject, Ncr, SopTicket
from .rejects import COUNTED

AGE_BUCKETS = ((1, "< 1 d"), (3, "1–3 d"), (7, "3–7 d"), (None, "> 7 d"))


def _rejects(start: dt.datetime, end: dt.datetime, facility=None, lines=None, outliers=()):
    """Counted rejects of [start, end); of ``facility`` only, and of ``lines`` only (a queryset of the lines the
    reader may see) when given; without the ``outliers`` (ids)."""
    rows = InternalReject.objects.filter(COUNTED, occurred_at__gte=start, occurred_at__lt=end)
    if outliers:
        rows = rows.exclude(pk__in=list(outliers))
    if lines is not None:
        rows = rows.filter(line__in=lines)
    return rows.filter(line__facility=facility) if facility is not None else rows


def _returns(start: dt.datetime, end: dt.datetime, facility=None, lines=None):
    rows = CustomerReturn.objects.filter(received_at__gte=start, received_at__lt=end)
    if lines is not None:
        rows = rows.filter(facility__in=lines.values("facility"))
    return rows.filter(facility=facility) if facility is not None else rows


def outliers(start: dt.datetime, end: dt.datetime, facility=None, lines=None) -> list[InternalReject]:
    """Counted rejects far above what their line can make (the plausibility check's refusal limit: an entry from
    before the check, or an import): left out of the figures and listed to be checked, so one bad entry does not
    spoil the Pareto and the trend."""
    line_ids = set(_rejects(start, end, facility, lines).values_list("line_id", flat=True).distinct())
    if not line_ids:
        return []
    capacities = line_capacities(ProductionLine.objects.filter(pk__in=line_ids))
    far = Q()
    for line_id in line_ids:
        far |= Q(line_id=line_id, quantity__gt=refused_above([capacities.get(line_id)]))
    return list(_rejects(start, end, facility, lines).filter(far).select_related("line", "defect")
                .order_by("-quantity")[:20])


def _reject_groups(start: dt.datetime, end: dt.datetime, facility=None,
                   lines=None, outliers=()) -> list[tuple[int, int, int, int]]:
    """(defect_id, line_id, units, rejects) of the counted rejects: ONE scan, grouped by ids (no join)."""
    return list(_rejects(start, end, facility, lines, outliers)
                .values_list("defect_id", "line_id").annotate(u=Sum("quantity"), n=Count("pk"))
                .values_list("defect_id", "line_id", "u", "n").order_by())


def pareto(start: dt.datetime, end: dt.datetime, groups: list | None = None, facility=None,
           lines=None) -> list[dict]:
    """Rejected and returned units per defect code, largest first, with the cumulative share (%)."""
    units: dict[int, int] = defaultdict(int)
    for defect_id, _line, qty, _n in groups if groups is not None else _reject_groups(start, end, facility, lines):
        units[defect_id] += qty
    returns = _returns(start, end, facility, lines).filter(defect__isnull=False)
    for defect_id, qty in returns.values_list("defect_id").annotate(q=Sum("quantity")).values_list(
            "defect_id", "q").order_by():
        units[defect_id] += qty
    codes = {c.pk: c for c in DefectCode.objects.filter(pk__in=list(units))}
    grand = sum(units.values()) or 1
    rows, running = [], 0
    top = max(units.values(), default=0) or 1
    for defect_id, qty in sorted(units.items(), key=lambda kv: (-kv[1], codes[kv[0]].code)):
        running += qty
        rows.append({"code": codes[defect_id].code, "name": codes[defect_id].localized(), "units": qty,
                     "bar": round(100 * qty / top), "share": fraction(qty / grand),
                     "cumulative": round(100 * running / grand, 1)})
    return rows


def by_line(start: dt.datetime, end: dt.datetime, groups: list | None = None, lines=None) -> list[dict]:
    totals: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for _defect, line_id, qty, n in groups if groups is not None else _reject_groups(start, end, lines=lines):
        totals[line_id][0] += qty
        totals[line_id][1] += n
    lines = {line.pk: line for line in ProductionLine.objects.filter(pk__in=list(totals))}
    rows = [{"line__code": lines[pk].code, "line__name": lines[pk].name, "units": u, "rejects": n}
            for pk, (u, n) in totals.items()]
    return sorted(rows, key=lambda r: (-r["units"], r["line__code"]))


def week_starts(start: dt.datetime, end: dt.datetime, zone) -> list[dt.datetime]:
    """Monday 00:00 in ``zone`` of every week that overlaps [start, end), as aware datetimes (DST-correct)."""
    local = local_date(start, zone)
    monday = local - dt.timedelta(days=local.weekday())
    starts = []
    while (moment := dt.datetime.combine(monday, dt.time(), zone)) < end:
        starts.append(moment)
        monday += dt.timedelta(days=7)
    return starts


def _weekly(queryset, field: str, starts: list[dt.datetime], end: dt.datetime) -> list[int]:
    """Units per plant week. PostgreSQL truncates natively in the zone; on SQLite (whose time-zone truncation runs
    in Python per row) rows are grouped by their UTC hour text and each hour is put in its plant week here."""
    zone = starts[0].tzinfo if starts else dt.UTC
    weeks = [0] * len(starts)
    index = {s.date(): i for i, s in enumerate(starts)}
    if connection.vendor == "postgresql":
        rows = queryset.annotate(week=TruncWeek(field, tzinfo=zone)).values_list("week").annotate(
            u=Sum("quantity")).values_list("week", "u").order_by()
        for week, units in rows:
            if week.date() in index:
                weeks[index[week.date()]] += units
        return weeks
    rows = queryset.annotate(hour=Substr(field, 1, 13)).values_list("hour").annotate(u=Sum("quantity")).values_list(
        "hour", "u").order_by()
    for hour, units in rows:
        moment = to_local(dt.datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=dt.UTC), zone)
        monday = moment.date() - dt.timedelta(days=moment.weekday())
        if monday in index:
            weeks[index[monday]] += units
    return weeks


def by_week(start: dt.datetime, end: dt.datetime, zone, facility=None, lines=None, outliers=()) -> list[dict]:
    """Rejected and returned units per week (weeks begin on Monday in ``zone``: the facility's, when one is
    chosen)."""
    starts = week_starts(start, end, zone)
    rejected = _weekly(_rejects(start, end, facility, lines, outliers), "occurred_at", starts, end)
    returned = _weekly(_returns(start, end, facility, lines), "received_at", starts, end)
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
    local = to_local(now, zone)
    monday = (local - dt.timedelta(days=local.weekday())).replace(hour=0, minute=0, second=0, microsecond=0)
    models = {m._meta.model_name: m._meta.verbose_name_plural for m in (SopTicket, Ncr, InternalReject,
                                                                        CustomerReturn)}
    rows = (Escalation.objects.filter(escalated_at__gte=monday, content_type__app_label="quality")
            .values_list("content_type__model", "level").annotate(n=Count("pk")).order_by("content_type__model",
                                                                                          "level"))
    return [{"record": str(models.get(model, model)), "level": level, "count": n} for model, level, n in rows]


def dashboard(start: dt.datetime, end: dt.datetime, zone, facility=None, lines=None) -> dict:
    """The figures of [start, end); with a ``facility``, only its lines' rejects and its returns (``zone`` is then
    the facility's, so its weeks begin at its own Monday midnight); with ``lines`` (the lines the reader may see,
    portal.services.scoping.history_lines_for), only their rejects and their facilities' returns."""
    suspect = outliers(start, end, facility, lines)
    ids = [reject.pk for reject in suspect]
    groups = _reject_groups(start, end, facility, lines, ids)
    return {"pareto": pareto(start, end, groups, facility, lines), "lines": by_line(start, end, groups),
            "weeks": by_week(start, end, zone, facility, lines, ids), "outliers": suspect,
            "open": open_by_department(), "escalations": escalations_this_week(zone=zone)}
