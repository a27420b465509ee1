"""The OEE report: per line and shift, day, week or line over a period, each factor with its inputs, the losses,
Excel export of exactly what is shown; the same figures from ``/api/production/oee/``."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django import forms
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.xlsx import write_xlsx
from portal.models import Facility
from portal.roles import PRODUCTION_REPORT
from portal.services.figures import fraction
from portal.services.localtime import local_date, today_local
from portal.services.scoping import lines_for

from ..engine import oee as engine
from ..services import oee_inputs as data
from . import oee_charts as charts

OEE_REPORT = PRODUCTION_REPORT
MAX_DAYS = 400
GROUPS = (("shift", _("Line and shift")), ("day", _("Line and day")), ("week", _("Line and week")),
          ("line", _("Line")))


class OeeFilter(forms.Form):
    facility = forms.ModelChoiceField(Facility.objects.none(), required=False, label=_("Facility"),
                                      empty_label=_("Any"))
    line = forms.ModelChoiceField(None, required=False, label=_("Line"), empty_label=_("Any"))
    first = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    last = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    group = forms.ChoiceField(choices=GROUPS, label=_("Rows"), initial="shift")
    micro = forms.DecimalField(label=_("Micro-stop under (min)"), min_value=0, max_value=60, initial=2,
                               decimal_places=1)
    machines = forms.BooleanField(label=_("Per machine (where recorded)"), required=False,
                                  help_text=_("Machines with their own stops, output or rejects; a stop of the whole "
                                              "line counts for each of its machines."))

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["facility"].queryset = Facility.objects.filter(lines__in=lines).distinct()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-check-input" if isinstance(field.widget, forms.CheckboxInput)
                                          else "form-control")

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last and (last < first or (last - first).days > MAX_DAYS):
            raise forms.ValidationError(_("Choose a period of 1 to %(days)s days, the end after the start.")
                                        % {"days": MAX_DAYS})
        return cleaned


def _percent(value):
    return None if value is None else round(value * 100, 1)


COLUMNS = (
    Column("label", _("Line / period")),
    Column("shift_minutes", _("Shift min"), kind="decimal"),
    Column("planned_stop_minutes", _("Planned stops min"), kind="decimal"),
    Column("planned_minutes", _("Planned production min"), kind="decimal"),
    Column("downtime_minutes", _("Unplanned downtime min"), kind="decimal"),
    Column("run_minutes", _("Run time min"), kind="decimal"),
    Column("micro_stop_minutes", _("Micro-stops min"), kind="decimal"),
    Column("speed_loss_minutes", _("Speed loss min"), kind="decimal"),
    Column("produced", _("Produced"), kind="int"),
    Column("rejected", _("Rejected"), kind="int"),
    Column("ideal_minutes", _("Ideal time min"), kind="decimal"),
    Column("availability_pct", _("Availability %"), kind="percent"),
    Column("performance_pct", _("Performance %"), kind="percent"),
    Column("quality_pct", _("Quality %"), kind="percent"),
    Column("oee_pct", _("OEE %"), kind="percent"),
    Column("notes_text", _("Notes")),
)

# The engine (plain Python) writes its notes in English; the report and its export read them in the user's language.
NOTES = {
    "no ideal rate configured: performance cannot be computed":
        _("no ideal rate configured: performance cannot be computed"),
    "performance above 100 %: the ideal rate is probably set too low":
        _("performance above 100 %: the ideal rate is probably set too low"),
    data.ERP_NOTE: _("output from ERP job completions (jobs closed that day, spread over its shifts by length)"),
    data.ERP_DOWN_NOTE: _("no production movements, and the ERP could not be read for job completions"),
}


class Row:
    """A result with its label and percentages, as the table, the export and the API read it."""

    def __init__(self, label: str, result: engine.Result, period: str = "", zone: dt.tzinfo | None = None):
        self.label, self.result, self.period, self.zone = label, result, period, zone

    @property
    def notes_text(self) -> str:
        return "; ".join(str(NOTES.get(note, note)) for note in self.result.notes)

    def __getattr__(self, name):
        if name.endswith("_pct"):
            return _percent(getattr(self.result, name[:-4]))
        value = getattr(self.result, name)
        return round(value, 1) if isinstance(value, float) else value


def _bucket(local: dt.date, group: str) -> str:
    if group == "day":
        return f"{local:%Y-%m-%d}"
    year, week, _weekday = local.isocalendar()
    return f"{year}-W{week:02d}"


def group_results(results: list[engine.Result], group: str, zones: dict[str, dt.tzinfo]) -> list[Row]:
    if group == "shift":
        return [Row(f"{r.line} · {local_date(r.start, zones[r.line]):%Y-%m-%d} · {r.shift}", r,
                    f"{local_date(r.start, zones[r.line]):%Y-%m-%d}", zones[r.line]) for r in results]
    buckets: OrderedDict[tuple[str, str], list[engine.Result]] = OrderedDict()
    for r in sorted(results, key=lambda r: (r.line, r.start)):
        period = "" if group == "line" else _bucket(local_date(r.start, zones[r.line]), group)
        buckets.setdefault((r.line, period), []).append(r)
    return [Row(f"{line} · {period}" if period else line, engine.total(items, line=line), period, zones[line])
            for (line, period), items in buckets.items()]


def trend(results: list[engine.Result], zones: dict[str, dt.tzinfo], group: str) -> list[tuple[str, engine.Result]]:
    """All chosen lines together per plant day or ISO week, oldest first: the points of the trend chart."""
    buckets: dict[str, list[engine.Result]] = {}
    for r in results:
        buckets.setdefault(_bucket(local_date(r.start, zones[r.line]), group), []).append(r)
    return [(period, engine.total(items)) for period, items in sorted(buckets.items())]


def report_rows(user, cleaned: dict) -> tuple[list[engine.Result], list[Row], Row | None, dict[str, dt.tzinfo]]:
    """The report's (and the API's) figures for validated filter values: results, grouped rows, total row."""
    chosen = lines_for(user)
    if cleaned.get("facility"):
        chosen = chosen.filter(facility=cleaned["facility"])
    if cleaned.get("line"):
        chosen = chosen.filter(pk=cleaned["line"].pk)
    chosen = list(chosen.select_related("facility"))
    compute = data.machine_oee if cleaned.get("machines") else data.oee
    results = compute(chosen, cleaned["first"], cleaned["last"], float(cleaned.get("micro") or 2))
    line_zones = {line.code: line.facility.tzinfo for line in chosen}
    zones = {**line_zones, **{r.line: line_zones[data.line_of(r.line)] for r in results}}
    rows = group_results(results, cleaned.get("group") or "shift", zones)
    return results, rows, (Row(str(_("All")), engine.total(results)) if results else None), zones


def default_today(lines) -> dt.date:
    """Today at the reader's plants: their facility's date when their lines share one zone (a Johannesburg reader
    of a Johannesburg plant gets its day, not the portal's), else the portal's."""
    zones = set(Facility.objects.filter(lines__in=lines).order_by().values_list("time_zone", flat=True).distinct())
    return today_local(zones.pop() if len(zones) == 1 else None)


@capability_required(OEE_REPORT)
def report(request):
    lines = lines_for(request.user)
    today = default_today(lines)
    form = OeeFilter(request.GET or {"first": today - dt.timedelta(days=1), "last": today, "group": "shift",
                                      "micro": 2}, lines=lines)
    rows, total_row, chart, waterfall = [], None, None, None
    if form.is_valid():
        results, rows, total_row, zones = report_rows(request.user, form.cleaned_data)
        if request.GET.get("export") == "xlsx":
            handle, _count = write_xlsx(rows + ([total_row] if total_row else []), COLUMNS, title="OEE")
            return FileResponse(handle, as_attachment=True, filename=f"oee-{today:%Y%m%d}.xlsx",
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        days = (form.cleaned_data["last"] - form.cleaned_data["first"]).days
        chart = charts.trend_chart(trend(results, zones, "day" if days <= 62 else "week"))
        waterfall = charts.loss_waterfall(total_row.result) if total_row else None
    check = _check_urls(request.user, form.cleaned_data if form.is_valid() else {})
    table = [_cells(row, check) for row in rows]
    total_cells = _cells(total_row, check) if total_row else []
    return render(request, "production/oee.html", {
        "form": form, "rows": rows, "table": table, "total": total_row, "total_cells": total_cells,
        "columns": COLUMNS, "chart": chart, "waterfall": waterfall,
        "total_oee": fraction(total_row.result.oee, check_url=check(None)) if total_row else None})


def _check_urls(user, cleaned: dict):
    """The movements behind a row (its line, the report's dates): where an impossible figure is checked."""
    codes = dict(lines_for(user).values_list("code", "pk"))
    dates = f"date_after={cleaned['first']}&date_before={cleaned['last']}" if cleaned.get("first") else ""

    def url(row: Row | None) -> str:
        line = codes.get(data.line_of(row.result.line)) if row is not None and row.result.line else None
        return f"{reverse('production:movements')}?{dates}" + (f"&line={line}" if line else "")
    return url


def _cells(row: Row, check) -> list[tuple]:
    """(column, value, figure): a percentage column carries its figure, flagged when it cannot be true."""
    return [(c, c.value(row), fraction(getattr(row.result, c.key[:-4]), check_url=check(row))
             if c.kind == "percent" else None) for c in COLUMNS]
