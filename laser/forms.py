"""Forms of the laser shop's pages (validation here; the changes happen in services/)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Client, OutboundDraft, Preset, Project


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["code", "client", "description", "material_type", "thickness_mm", "sheet_size", "sheets_required",
                  "target_date"]
        widgets = {"target_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["client"].queryset = Client.objects.filter(active=True)


class StockMoveForm(forms.Form):
    KIND_CHOICES = [("receipt", _("Receipt (sheets delivered)")), ("adjustment", _("Adjustment after counting"))]
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    sheets = forms.IntegerField(label=_("Sheets (+ in, − out)"), min_value=-100000, max_value=100000)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False,
                             help_text=_("Required for an adjustment: scrap, miscount, …"))

    def clean(self):
        data = super().clean()
        if data.get("kind") == "receipt" and data.get("sheets") is not None and data["sheets"] <= 0:
            self.add_error("sheets", _("A receipt adds at least one sheet."))
        if data.get("kind") == "adjustment":
            if not (data.get("reason") or "").strip():
                self.add_error("reason", _("Say why the count changes."))
            if data.get("sheets") == 0:
                self.add_error("sheets", _("An adjustment changes the count by at least one sheet."))
        return data


class PresetForm(forms.ModelForm):
    class Meta:
        model = Preset
        fields = ["material_type", "thickness_mm", "power_w", "speed_mm_min", "gas", "pressure_bar", "nozzle_mm",
                  "focus_mm", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class DraftForm(forms.ModelForm):
    class Meta:
        model = OutboundDraft
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
