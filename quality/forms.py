"""Forms of the Quality pages: they validate everything a user types, scans or uploads."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.models import Department, Machine, ProductionLine, User
from portal.services.machines import machine_on_line
from production.models import ProductionOrder

from .models import Capa, CustomerReturn, DefectCode, InternalReject, Ncr, ReturnPhoto, SopTicket


class BootstrapMixin:
    """Bootstrap classes on every widget (the pages render fields one by one)."""

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            elif not isinstance(widget, forms.RadioSelect):
                widget.attrs.setdefault("class", "form-control")


def leaf_defect_codes():
    """Active codes a record can carry: sub-codes, or main groups without active sub-codes."""
    return DefectCode.objects.active().exclude(children__active=True).select_related("parent").distinct()


class RejectForm(BootstrapMixin, forms.ModelForm):
    order_or_job = forms.CharField(label=_("Production order or ERP job"), max_length=40, required=False)
    # The shared scanner input (docs/scanner.md): a machine's code, typed or scanned, resolved on the line in clean()
    machine = forms.CharField(label=_("Machine"), max_length=30, required=False)

    class Meta:
        model = InternalReject
        fields = ["line", "machine", "part", "quantity", "defect", "cause", "photo"]
        widgets = {"cause": forms.Textarea(attrs={"rows": 2}),
                   "photo": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp",
                                                            "capture": "environment"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = ProductionLine.objects.active().select_related("facility")
        # suggestions for the machine field (lazy: read only when the page renders them)
        self.machine_suggestions = Machine.objects.active().select_related("line").order_by("line__code", "code")[:300]
        self.fields["defect"].queryset = leaf_defect_codes()
        self.fields["defect"].widget = forms.RadioSelect()
        self.fields["defect"].empty_label = None
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "form-select form-select-lg")
            elif name != "defect":
                field.widget.attrs.setdefault("class", "form-control form-control-lg")

    def clean(self):
        cleaned = super().clean()
        line, code = cleaned.get("line"), (cleaned.get("machine") or "").strip()
        cleaned["machine"] = None
        if line and code:
            old_select = (Machine.objects.filter(line=line, pk=int(code), active=True).first()
                          if code.isdigit() and len(code) < 10 else None)
            try:  # a code; or the id the former select posted (a reject kept offline by the older page)
                cleaned["machine"] = old_select or machine_on_line(line, code)
            except ValidationError as error:
                self.add_error("machine", error.message_dict["machine"])
        code = (cleaned.get("order_or_job") or "").strip().upper()
        self.instance.production_order = None
        self.instance.erp_job = ""
        if code:
            order = ProductionOrder.objects.filter(number__iexact=code).first()
            if order is not None:
                self.instance.production_order = order
                self.instance.erp_job = order.erp_job
            else:
                self.instance.erp_job = code  # an ERP job number typed or scanned
        return cleaned


class TicketForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = SopTicket
        fields = ["charging_department", "charged_department", "sop_reference", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("charging_department", "charged_department"):
            self.fields[name].queryset = Department.objects.active()
        self.style()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("charging_department") and cleaned.get("charging_department") == cleaned.get(
                "charged_department"):
            self.add_error("charged_department", _("A department cannot charge itself."))
        return cleaned


class ReturnForm(BootstrapMixin, forms.ModelForm):
    photo = forms.ImageField(label=_("Photo"), required=False,
                             validators=ReturnPhoto._meta.get_field("image").validators,
                             widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}))

    class Meta:
        model = CustomerReturn
        fields = ["facility", "customer", "sales_order", "part", "lot", "quantity", "reason", "defect", "received_at"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3}),
                   "received_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["defect"].queryset = leaf_defect_codes()
        self.style()


class ReturnPhotoForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = ReturnPhoto
        fields = ["image"]
        widgets = {"image": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp",
                                                            "class": "form-control"})}


class NcrForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Ncr
        fields = ["title", "description", "facility", "department", "owner", "due_at"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "due_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.active()
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.style()


class CapaForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Capa
        fields = ["action", "owner", "due_date"]
        widgets = {"action": forms.Textarea(attrs={"rows": 2}), "due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.style()
