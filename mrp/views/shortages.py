"""Purchasing shortage report: component shortfalls of the latest run, by urgency, customer and text."""

from __future__ import annotations

from django import forms
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mrp import reports
from mrp.services import latest_run
from portal.access import capability_required
from portal.lists.columns import Column
from portal.lists.xlsx import write_xlsx
from portal.roles import USE_MRP

COLUMNS = (
    Column("component", _("Component"), width=16),
    Column("description", _("Description"), width=34),
    Column("uom", _("UoM"), width=6),
    Column("on_hand", _("On hand"), kind="decimal"),
    Column("open_po", _("Open PO qty"), kind="decimal"),
    Column("shortfall", _("Total shortfall"), kind="decimal"),
    Column("earliest_due", _("Earliest due"), kind="date"),
    Column("lines", _("Lines"), kind="int"),
    Column("customers_text", _("Customers"), width=40),
    Column("so_text", _("Sales orders"), width=40),
)


_days_label = lazy(lambda days: ngettext("%(days)s day", "%(days)s days", days) % {"days": days}, str)


class ShortageFilterForm(forms.Form):
    urgency = forms.TypedChoiceField(
        label=_("Due within"), required=False, coerce=int, empty_value=None,
        # Lazy, so the choice labels follow each request's language (the form class is built once, at import).
        choices=[("", _("Any time")),
                 *[(d, _days_label(d)) for d in reports.URGENCY_DAYS]],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    customer = forms.CharField(label=_("Customer"), required=False, max_length=100,
                               widget=forms.TextInput(attrs={"class": "form-control"}))
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"class": "form-control", "type": "search",
                                                      "placeholder": _("Search…")}))


@capability_required(USE_MRP)
def shortage_report(request):
    form = ShortageFilterForm(request.GET or None)
    run = latest_run()
    rows: list[reports.ShortageRow] = []
    if run is not None and (not form.is_bound or form.is_valid()):
        data = form.cleaned_data if form.is_bound else {}
        rows = reports.shortages(run, today=timezone.localdate(), within_days=data.get("urgency"),
                                 customer=data.get("customer", ""), text=data.get("q", ""))
    title = _("Purchasing shortage report")
    if request.GET.get("export") == "xlsx":
        handle, _count = write_xlsx(rows, COLUMNS, title=str(title))
        name = f"{slugify(str(title))}-{timezone.localtime():%Y%m%d-%H%M}.xlsx"
        return FileResponse(handle, as_attachment=True, filename=name,
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    query = request.GET.copy()
    query.pop("export", None)
    return render(request, "mrp/shortages.html", {
        "title": title, "form": form, "rows": rows, "run": run, "query": query.urlencode(),
        "total_shortfall_lines": sum(r.lines for r in rows),
    })
