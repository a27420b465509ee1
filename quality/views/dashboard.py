"""The quality dashboard (reports hub): Pareto by defect code, by line and week, open tickets/NCRs, escalations."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal.access import capability_required
from portal.models import Facility
from portal.roles import VIEW_QUALITY
from portal.services.localtime import today_local, zone_of
from portal.services.scoping import history_lines_for

from ..services.dashboard import dashboard


class PeriodForm(forms.Form):
    facility = forms.ModelChoiceField(Facility.objects.none(), required=False, label=_("Facility"),
                                      empty_label=_("All facilities"),
                                      widget=forms.Select(attrs={"class": "form-select"}))
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date",
                                                                                            "class": "form-control"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date",
                                                                                        "class": "form-control"}))

    def __init__(self, *args, facilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities if facilities is not None else Facility.objects.none()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError(_("“From” must not be after “To”."))
        return cleaned


@capability_required(VIEW_QUALITY)
def quality_dashboard(request):
    """Dates and weeks are the chosen facility's (its midnight, its Monday); for all facilities together they are
    the portal's, and the page says which zone it counts in."""
    lines = history_lines_for(request.user)  # the lines whose figures the user may read (fail closed)
    facilities = Facility.objects.filter(active=True, pk__in=lines.values("facility")).order_by("code")
    form = PeriodForm(request.GET or None, facilities=facilities)
    facility = None
    if form.is_valid():
        facility = form.cleaned_data["facility"]
    elif not form.is_bound and len(facilities) == 1:
        facility = facilities[0]  # one plant: its own calendar without asking
    zone = zone_of(facility)
    today = today_local(zone)
    start_day, end_day = today - dt.timedelta(weeks=12), today
    if form.is_valid():
        start_day = form.cleaned_data["start"] or start_day
        end_day = form.cleaned_data["end"] or end_day
    start = dt.datetime.combine(start_day, dt.time(), zone)
    end = dt.datetime.combine(end_day + dt.timedelta(days=1), dt.time(), zone)
    data = dashboard(start, end, zone, facility, lines)
    return render(request, "quality/dashboard.html", {"form": form, "start": start_day, "end": end_day,
                                                      "facility": facility, "zone_name": str(zone), **data})
