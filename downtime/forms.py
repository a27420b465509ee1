"""The entry form of the tablet page (also used to replay entries queued offline)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import ProductionLine, Shift
from portal.services import localtime
from portal.services.machines import machine_on_line

from .models import WAITING_CODE, Category
from .services.events import EventInput

INPUT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S")


class LocalDateTimeField(forms.Field):
    """A wall-clock time as the tablet shows it (``datetime-local``); made aware in the line's time zone later."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}, format="%Y-%m-%dT%H:%M")
    default_error_messages = {"invalid": _("Enter a date and time.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value
        for fmt in INPUT_FORMATS:
            try:
                return dt.datetime.strptime(str(value).strip(), fmt)
            except ValueError:
                continue
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class DowntimeEventForm(forms.Form):
    # Any line parses; whether the user works on it is the service's question (403, portal.services.scoping).
    line = forms.ModelChoiceField(queryset=ProductionLine.objects.select_related("facility"), label=_("Line"),
                                  error_messages={"required": _("Pick a line."),
                                                  "invalid_choice": _("Pick one of your lines.")})
    start = LocalDateTimeField(label=_("Start"), error_messages={"required": _("Enter when the stop started.")})
    end = LocalDateTimeField(label=_("End"), error_messages={"required": _("Enter when the stop ended.")})
    crew_size = forms.IntegerField(
        label=_("Crew size"), min_value=0, max_value=500, initial=0, required=False,  # empty means nobody idle
        error_messages={"invalid": _("Crew size must be a whole number, 0 or more."),
                        "min_value": _("Crew size must be a whole number, 0 or more."),
                        "max_value": _("Crew size is too large.")},
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric", "step": 1, "min": 0}),
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.active().exclude(code=WAITING_CODE).select_related("parent"), label=_("Category"),
        error_messages={"required": _("Pick a category."),
                        "invalid_choice": _("That category is no longer active; pick another.")},
    )
    job_number = forms.CharField(label=_("ERP job"), required=False, max_length=20,
                                 widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}))
    machine = forms.CharField(label=_("Machine (optional)"), required=False, max_length=30,
                              help_text=_("Scan or type the machine that stopped; empty when the whole line stopped."),
                              widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}))
    shift = forms.ModelChoiceField(queryset=Shift.objects.active().select_related("facility"), required=False,
                                   label=_("Shift"), empty_label=_("Detect from the start time"),
                                   widget=forms.Select(attrs={"class": "form-select"}))
    comments = forms.CharField(label=_("Comments"), required=False, max_length=2000,
                               widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}))
    confirm_long = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirm_overlap = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirm_quantity = forms.BooleanField(required=False, widget=forms.HiddenInput)  # a crew above the usual
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_crew_size(self):
        value = self.cleaned_data.get("crew_size")
        return 0 if value is None else value

    def clean(self):
        cleaned = super().clean()
        line = cleaned.get("line")
        cleaned["machine_obj"] = None
        if line is not None:
            try:
                cleaned["machine_obj"] = machine_on_line(line, cleaned.get("machine") or "")
            except ValidationError as exc:
                self.add_error("machine", exc.message_dict["machine"])
            for name in ("start", "end"):
                value = cleaned.get(name)
                if value is not None and timezone.is_naive(value):
                    try:  # the tablet shows the line's facility's wall clock
                        cleaned[name] = localtime.make_aware(value, line.facility)
                    except localtime.NonexistentLocalTime as skipped:
                        self.add_error(name, skipped.message)
        return cleaned

    def event_input(self) -> EventInput:
        data = self.cleaned_data
        return EventInput(
            line=data["line"], start=data["start"], end=data["end"], category=data["category"],
            crew_size=data["crew_size"], job_number=data.get("job_number") or "", shift=data.get("shift"),
            comments=data.get("comments") or "", machine=data.get("machine_obj"),
            confirm_long=bool(data.get("confirm_long")),
            confirm_overlap=bool(data.get("confirm_overlap")),
            confirm_quantity=bool(data.get("confirm_quantity")),
        )
