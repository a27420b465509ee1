"""Forms of the Quality pages: they validate everything a user types, scans or uploads."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.models import Department, Facility, Machine, ProductionLine, User
from portal.photos import PhotoField
from production.models import ProductionOrder

from .models import Capa, CustomerReturn, InternalReject, Ncr, SopTicket
from .services.floor import CONFIRM_FLAGS, leaf_defect_codes

__all__ = ["CapaForm", "NcrForm", "RejectForm", "ReturnForm", "ReturnPhotoForm", "TicketForm", "leaf_defect_codes"]


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


class RejectForm(BootstrapMixin, forms.ModelForm):
    """Parses what the floor types, scans and photographs; ``quality.services.floor.record_reject`` decides.

    The line choices are the lines the user works on (``lines``); a line posted from outside them is parsed and
    then refused by the service (403), never silently swapped."""

    order_or_job = forms.CharField(label=_("Production order or ERP job"), max_length=40, required=False)
    # The shared scanner input (docs/scanner.md): a machine's code, typed or scanned, resolved on the line by the
    # service (an active machine of that line only)
    machine = forms.CharField(label=_("Machine"), max_length=30, required=False)
    photo = PhotoField(label=_("Photo"))
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # set by the page's one more tap after the service asked (portal/services/plausibility.py)
    confirm_quantity = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirm_new_part = forms.BooleanField(required=False, widget=forms.HiddenInput)
    confirm_new_job = forms.BooleanField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = InternalReject
        fields = ["line", "part", "quantity", "defect", "cause", "photo"]
        widgets = {"cause": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, lines=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines if lines is not None else ProductionLine.objects.none())
        line = self.fields["line"]
        line.queryset = ProductionLine.objects.select_related("facility")
        line.widget.choices = [("", line.empty_label), *((item.pk, str(item)) for item in self.lines)]
        # suggestions for the machine field (lazy: read only when the page renders them)
        self.machine_suggestions = (Machine.objects.active().filter(line__in=[item.pk for item in self.lines])
                                    .select_related("line").order_by("line__code", "code")[:300])
        self.fields["defect"].queryset = leaf_defect_codes()
        self.fields["defect"].widget = forms.RadioSelect()
        self.fields["defect"].empty_label = None
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs.setdefault("class", "form-select form-select-lg")
            elif name not in ("defect", "idempotency_key") and not field.widget.is_hidden:
                field.widget.attrs.setdefault("class", "form-control form-control-lg")

    def reject_data(self) -> dict:
        """What the service records: the order or job scanned resolved to an order, or kept as an ERP job."""
        cleaned = self.cleaned_data
        code = (cleaned.get("machine") or "").strip()
        line = cleaned.get("line")
        if line is not None and code.isdigit() and len(code) < 10:
            # the id the former select posted (a reject kept offline by the older page): its code on this line
            old = Machine.objects.filter(line=line, pk=int(code), active=True).values_list("code", flat=True).first()
            code = old or code
        scanned = (cleaned.get("order_or_job") or "").strip().upper()
        order = ProductionOrder.objects.filter(number__iexact=scanned).first() if scanned else None
        return {"line": line, "machine": code, "production_order": order,
                "erp_job": order.erp_job if order is not None else scanned, "part": cleaned.get("part"),
                "quantity": cleaned.get("quantity"), "defect": cleaned.get("defect"), "cause": cleaned.get("cause"),
                "photo": cleaned.get("photo"),
                **{flag: cleaned.get(flag) for flag in CONFIRM_FLAGS}}


class TicketForm(BootstrapMixin, forms.ModelForm):
    """Parses a ticket; ``quality.services.tickets.raise_ticket`` decides. The charging department offered is the
    raiser's own (every active one only for a quality administrator, whose choice is audited)."""

    class Meta:
        model = SopTicket
        fields = ["charging_department", "charged_department", "sop_reference", "description"]

    def __init__(self, *args, user=None, **kwargs):
        from .services.tickets import charging_choices, own_departments

        super().__init__(*args, **kwargs)
        charging = self.fields["charging_department"]
        charging.queryset = charging_choices(user) if user is not None else Department.objects.none()
        own = list(own_departments(user)) if user is not None else []
        if own:
            charging.initial = own[0].pk
        charging.help_text = _("Your own department.") if own else ""
        self.fields["charged_department"].queryset = Department.objects.active()
        self.style()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("charging_department") and cleaned.get("charging_department") == cleaned.get(
                "charged_department"):
            self.add_error("charged_department", _("A department cannot charge itself."))
        return cleaned


class ReturnForm(BootstrapMixin, forms.ModelForm):
    """Parses a customer return; ``quality.services.floor.record_return`` checks the facility, time and photo.

    The facility choices are those where the user works on a line (``facilities``)."""

    photo = PhotoField(label=_("Photo"))
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = CustomerReturn
        fields = ["facility", "customer", "sales_order", "part", "lot", "quantity", "reason", "defect", "received_at"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3}),
                   "received_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, facilities=None, **kwargs):
        super().__init__(*args, **kwargs)
        facility = self.fields["facility"]
        facility.queryset = Facility.objects.all()
        facility.widget.choices = [("", facility.empty_label),
                                   *((item.pk, str(item)) for item in (facilities or []))]
        self.fields["defect"].queryset = leaf_defect_codes()
        self.style()


class ReturnPhotoForm(BootstrapMixin, forms.Form):
    image = PhotoField(label=_("Photo"), required=True)


class NcrForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Ncr
        fields = ["title", "description", "facility", "department", "owner", "severity", "due_at"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}),
                   "due_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.active()
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.fields["severity"].required = False  # major when not given; the due date follows it
        self.style()

    def clean_severity(self):
        return self.cleaned_data.get("severity") or Ncr.Severity.MAJOR


class CapaForm(BootstrapMixin, forms.ModelForm):
    class Meta:
        model = Capa
        fields = ["action", "owner", "due_date"]
        widgets = {"action": forms.Textarea(attrs={"rows": 2}), "due_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = User.objects.filter(is_active=True).order_by("username")
        self.style()
