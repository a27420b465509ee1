"""Forms of the maintenance pages: report a ticket, and the work recorded on the ticket page (part, labour,
checklist, photo). Validation messages are the user's; services save all or nothing."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from maintenance.models import Priority
from portal.models import Machine, ProductionLine
from portal.photos import PhotoField
from portal.services.machines import machine_on_line


class PhotoForm(forms.Form):
    photo = PhotoField(required=True, label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class PartForm(forms.Form):
    part_number = forms.CharField(label=_("Part"), max_length=40)
    quantity = forms.CharField(label=_("Quantity"), max_length=20, initial="1")  # parsed by the service (0,5 too)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class LabourForm(forms.Form):
    minutes = forms.IntegerField(label=_("Minutes"), min_value=1, max_value=24 * 60)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


def _machine_label(machine: Machine) -> str:
    return f"{machine.line.code} · {machine.localized_name}"


class ReportForm(forms.Form):
    """A floor user reports a problem: one of their lines (``lines``: ``lines_for(user)``), optionally an active
    machine of it (typed or scanned by code), the problem, a priority and a photo (checked by ``portal.photos``).
    ``key`` makes a double tap open one ticket."""

    key = forms.UUIDField(widget=forms.HiddenInput, required=False)
    line = forms.ModelChoiceField(label=_("Line"), queryset=ProductionLine.objects.none(),
                                  widget=forms.Select(attrs={"class": "form-select form-select-lg"}))
    machine = forms.CharField(label=_("Machine (optional)"), max_length=50, required=False,
                              help_text=_("Type or scan the machine's code; leave it empty for the whole line."))
    problem = forms.CharField(label=_("Problem"), max_length=200,
                              widget=forms.TextInput(attrs={"class": "form-control form-control-lg"}))
    description = forms.CharField(label=_("Details"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}))
    priority = forms.ModelChoiceField(label=_("Priority"), queryset=Priority.objects.none(), required=False,
                                      empty_label=_("Normal (maintenance sets it)"),
                                      widget=forms.Select(attrs={"class": "form-select form-select-lg"}))
    photo = PhotoField(label=_("Photo (optional)"))

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        lines = ProductionLine.objects.none() if lines is None else lines
        self.fields["line"].queryset = lines.select_related("facility").order_by("facility__code", "code")
        self.fields["line"].label_from_instance = lambda line: f"{line.facility.code} · {line.code} · " \
                                                               f"{line.localized_name}"
        self.fields["priority"].queryset = Priority.objects.active().order_by("rank")
        # say which level an unchosen priority really opens at (the service's default: the least urgent one)
        default = Priority.objects.active().order_by("rank").last()
        if default is not None:
            self.fields["priority"].empty_label = _("%(name)s (maintenance adjusts it)") % {
                "name": getattr(default, "localized_name", default.name)}

    def clean(self):
        data = super().clean()
        line, code = data.get("line"), data.get("machine") or ""
        data["machine"] = None
        if line is not None:
            try:
                data["machine"] = machine_on_line(line, code)
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


def machine_choices(lines, limit: int = 500) -> list[tuple[str, str]]:
    """Codes of the active machines of ``lines`` for the machine field's suggestions (typing; a scanner types the
    code itself)."""
    machines = (Machine.objects.active().filter(line__in=lines).select_related("line")
                .order_by("line__code", "code")[:limit])
    return [(m.code, _machine_label(m)) for m in machines]
