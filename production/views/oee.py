"""The OEE report: per line and shift, day, week or line over a period, each factor with its inputs, the losses,
Excel export of exactly what is shown; the same figures from ``/api/production/oee/``."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django import forms
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.xlsx import write_xlsx
from portal.models import Facility

from ..oee import data, engine
from ..services import lines_for_user

OEE_REPORT = "production.view_balance_report"
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

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines
        self.fields["facility"].queryset = Facility.objects.filter(lines__in=lines).distinct()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
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
)


class Row:
    """A result with its label and percentages, as the table and the export read it."""

    def __init__(self, label: str, result: engine.Result):
        self.label, self.result = label, result

    def __getattr__(self, name):
        if name.endswith("_pct"):
            return _percent(getattr(self.result, name[:-4]))
        value = getattr(self.result, name)
        return round(value, 1) if isinstance(value, float) else value


def group_results(results: list[engine.Result], group: str, zones: dict[str, dt.tzinfo]) -> list[Row]:
    if group == "shift":
        return [Row(f"{r.line} · {timezone.localtime(r.start, zones[r.line]):%Y-%m-%d} · {r.shift}", r)
                for r in results]
    buckets: OrderedDict[str, list[engine.Result]] = OrderedDict()
    for r in sorted(results, key=lambda r: (r.line, r.start)):
        local = timezone.localtime(r.start, zones[r.line]).date()
        if group == "day":
            key = f"{r.line} · {local:%Y-%m-%d}"
        elif group == "week":
            year, week, _weekday = local.isocalendar()
            key = f"{r.line} · {year}-W{week:02d}"
        else:
            key = r.line
        buckets.setdefault(key, []).append(r)
    return [Row(key, engine.total(items, line=items[0].line)) for key, items in buckets.items()]


@capability_required(OEE_REPORT)
def report(request):
    lines = lines_for_user(request.user)
    today = timezone.localdate()
    form = OeeFilter(request.GET or {"first": today - dt.timedelta(days=1), "last": today, "group": "shift",
                                      "micro": 2}, lines=lines)
    rows, total_row = [], None
    if form.is_valid():
        chosen = lines
        if form.cleaned_data["facility"]:
            chosen = chosen.filter(facility=form.cleaned_data["facility"])
        if form.cleaned_data["line"]:
            chosen = chosen.filter(pk=form.cleaned_data["line"].pk)
        chosen = list(chosen.select_related("facility"))
        results = data.oee(chosen, form.cleaned_data["first"], form.cleaned_data["last"],
                           float(form.cleaned_data["micro"]))
        zones = {line.code: line.facility.tzinfo for line in chosen}
        rows = group_results(results, form.cleaned_data["group"], zones)
        if results:
            total_row = Row(str(_("All")), engine.total(results))
        if request.GET.get("export") == "xlsx":
            handle, _count = write_xlsx(rows + ([total_row] if total_row else []), COLUMNS, title="OEE")
            return FileResponse(handle, as_attachment=True, filename=f"oee-{today:%Y%m%d}.xlsx",
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    table = [[(c, c.value(row)) for c in COLUMNS] for row in rows]
    total_cells = [(c, c.value(total_row)) for c in COLUMNS] if total_row else []
    return render(request, "production/oee.html", {"form": form, "rows": rows, "table": table, "total": total_row,
                                                   "total_cells": total_cells, "columns": COLUMNS})
