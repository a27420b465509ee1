"""Forms of the Finance pages: a what-if scenario with its per-part cost overrides and business-unit changes."""

from __future__ import annotations

from django import forms
from django.forms import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from erp.models import Part
from finance.models import Scenario, ScenarioPartCost, ScenarioUnitChange


class ScenarioForm(forms.ModelForm):
    class Meta:
        model = Scenario
        fields = ["name", "description", "margin_threshold", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class PartCostForm(forms.ModelForm):
    class Meta:
        model = ScenarioPartCost
        fields = ["part_number", "unit_cost"]
        widgets = {"part_number": forms.TextInput(attrs={"autocapitalize": "characters"}),
                   "unit_cost": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})}

    def clean_part_number(self) -> str:
        number = self.cleaned_data["part_number"].strip().upper()
        if not Part.objects.filter(pk=number).exists():
            raise forms.ValidationError(_("%(part)s is not a part in the ERP.") % {"part": number})
        return number


class UnitChangeForm(forms.ModelForm):
    class Meta:
        model = ScenarioUnitChange
        fields = ["business_unit", "percent"]
        widgets = {"business_unit": forms.TextInput(attrs={"list": "business-units"}),
                   "percent": forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"})}

    def clean_business_unit(self) -> str:
        unit = self.cleaned_data["business_unit"].strip()
        known = Part.objects.filter(business_unit__iexact=unit).values_list("business_unit", flat=True).first()
        if known is None:
            raise forms.ValidationError(_("No ERP part belongs to the business unit %(unit)s.") % {"unit": unit})
        return known  # spelled as the ERP spells it, so the engine matches it


class _UniqueRows(BaseInlineFormSet):
    """One row per part (per business unit): a second one is a field error, not a database error."""

    key = ""
    message = ""

    def clean(self) -> None:
        # Before the model formset's own check, which would only say "correct the duplicate data" above the table.
        seen: set[str] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            value = form.cleaned_data.get(self.key)
            if value and value.upper() in seen:
                form.add_error(self.key, self.message % {"value": value})
            elif value:
                seen.add(value.upper())
        super().clean()


class _PartRows(_UniqueRows):
    key = "part_number"
    message = _("%(value)s is listed twice.")


class _UnitRows(_UniqueRows):
    key = "business_unit"
    message = _("%(value)s is listed twice.")


PartCostFormSet = inlineformset_factory(Scenario, ScenarioPartCost, form=PartCostForm, formset=_PartRows,
                                        extra=3, can_delete=True, max_num=2000)
UnitChangeFormSet = inlineformset_factory(Scenario, ScenarioUnitChange, form=UnitChangeForm, formset=_UnitRows,
                                          extra=2, can_delete=True, max_num=500)
