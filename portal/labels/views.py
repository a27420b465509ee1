"""Label printing: pick the kind (orders, ERP jobs, machines, lots), type or scan the codes, pick the label stock,
get a PDF for the label printer (4x6 in, 2x1 in) or an A4 sheet of 24."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from portal.access import capability_required
from portal.pdf import pdf_download, render_pdf
from portal.roles import PRINT_LABELS, VIEW_REPORTS

from . import codes as symbols
from .actions import labels_redirect
from .kinds import kind_choices, label_sources
from .services import MAX_LABELS, SIZES, labels_for, pages, parse_codes
from .sources import capped


class LabelForm(forms.Form):
    kind = forms.ChoiceField(choices=kind_choices, label=_("Labels for"))
    codes = forms.CharField(label=_("Codes (one per line: type or scan)"), max_length=20_000,
                            widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}))
    size = forms.ChoiceField(choices=[(s.key, s.label) for s in SIZES.values()], label=_("Label size"))
    copies = forms.IntegerField(label=_("Copies of each"), min_value=1, max_value=50, initial=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-select" if isinstance(field.widget, forms.Select)
                                          else "form-control")

    def clean_codes(self):
        codes = parse_codes(self.cleaned_data["codes"])
        if not codes:
            raise forms.ValidationError(_("Enter at least one code."))
        return codes

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("codes") and cleaned.get("copies") and len(cleaned["codes"]) * cleaned["copies"] > MAX_LABELS:
            raise forms.ValidationError(_("At most %(max)s labels at a time.") % {"max": MAX_LABELS})
        return cleaned


@capability_required(PRINT_LABELS)
def labels(request):
    form = LabelForm(request.POST or None, initial={"kind": request.GET.get("kind", "order"), "size": "4x6",
                                                    "codes": request.GET.get("codes", "")})
    missing = []
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        found, missing = labels_for(values["kind"], values["codes"], values["copies"])
        if found and not missing:
            return pdf_download(label_pdf(found, values["size"]), f"labels-{values['kind']}.pdf")
    return render(request, "portal/labels/pick.html", {"form": form, "missing": missing})


@capability_required(PRINT_LABELS)
def labels_from_list(request, source: str):
    """"Print labels" of a portal list: the labels page with the codes of the list's filtered rows (filtered as the
    list filters them), at most MAX_LABELS (the message names the cap). Needs the list's own permission too."""
    if source not in label_sources():
        raise Http404
    return _from_source(request, source)


@capability_required(PRINT_LABELS, VIEW_REPORTS)  # the open jobs list's own permission
def labels_for_erp_jobs(request):
    """"Print labels" of the live open jobs list (both permissions declared for the URL walk)."""
    return _from_source(request, "erp-jobs")


def _from_source(request, source: str):
    origin = label_sources()[source]
    if not request.user.has_perm(origin.permission):
        raise PermissionDenied
    codes, total = capped(origin.codes_for(request))
    if not codes:
        messages.warning(request, _("The filtered list has no rows to label."))
    return labels_redirect(request, origin.kind, codes, total=total)


def label_pdf(found, size_key: str) -> bytes:
    size = SIZES[size_key]
    cells = [{"code": label.code, "title": label.title, "lines": label.lines,
              "bar": symbols.code128_data_uri(label.code),
              "qr": "" if size.compact else symbols.qr_data_uri(label.code)} for label in found]
    sheets = [[page[r * size.columns:(r + 1) * size.columns] for r in range(size.rows)]
              for page in pages(cells, size)]
    return render_pdf("portal/labels/labels_pdf.html", {"pages": sheets, "size": size}, title=str(_("Labels")))
