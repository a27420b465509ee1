"""``PortalImportView``: the one import page outside the admin (orders, local BOMs... for non-admin users).

Same rules as the admin imports (it shares their storage): upload -> dry-run preview with every row and field
error and nothing written -> confirm -> all rows in one transaction, or none. The upload waits between the two
steps in ``portal.PendingImport`` for its uploader and the resource's model only. A subclass declares::

    class OrderImportView(PortalImportView):
        permission_required = "planning.add_productionorder"
        resource_class = OrderResource
        title = _("Import production orders")
        success_url_name = "planning:order-list"

``?template=xlsx`` downloads an empty workbook with the resource's columns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from import_export.formats import base_formats
from import_export.resources import ModelResource
from import_export.results import Result

from portal.access import CapabilityRequiredMixin

from .admin import importing_as
from .storage import PendingImportNotFound, PendingImportStorage, pending_for

FORMATS = {".xlsx": base_formats.XLSX, ".csv": base_formats.CSV}


class UploadForm(forms.Form):
    import_file = forms.FileField(label=_("File to import (.xlsx or .csv)"))

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if PurePath(upload.name).suffix.lower() not in FORMATS:
            raise forms.ValidationError(_("Choose an Excel (.xlsx) or CSV (.csv) file."), code="format")
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("This file is %(size)s; imports accept files up to %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)},
                code="too_large",
            )
        return upload


@dataclass
class RowProblem:
    row: int
    messages: list[str] = field(default_factory=list)


def problems_of(result: Result) -> list[RowProblem]:
    """Every error of a dry run as (file row number, messages), the header being row 1."""
    found: dict[int, RowProblem] = {}
    for number, errors in result.row_errors():
        found.setdefault(number, RowProblem(number + 1)).messages.extend(str(e.error) for e in errors)
    for invalid in result.invalid_rows:
        problem = found.setdefault(invalid.number, RowProblem(invalid.number + 1))
        for name, texts in invalid.error_dict.items():
            prefix = "" if name == NON_FIELD_ERRORS else f"{name}: "
            problem.messages.extend(prefix + str(text) for text in texts)
    base = [RowProblem(0, [str(e.error) for e in result.base_errors])] if result.base_errors else []
    return base + [found[key] for key in sorted(found)]


class PortalImportView(CapabilityRequiredMixin, View):
    resource_class: type[ModelResource]
    title = ""
    intro = ""
    success_url_name = ""
    template_name = "imports/import.html"

    # --- hooks -------------------------------------------------------------------------------------------------
    def get_resource(self) -> ModelResource:
        return self.resource_class()

    def model_label(self) -> str:
        return self.resource_class._meta.model._meta.label_lower

    def success_url(self) -> str:
        return reverse(self.success_url_name) if self.success_url_name else self.request.path

    # --- steps -------------------------------------------------------------------------------------------------
    def get(self, request):
        if request.GET.get("template") == "xlsx":
            return self.template_file()
        return self.page(UploadForm())

    def post(self, request):
        if "token" in request.POST:
            return self.confirm(request)
        return self.preview(request)

    def preview(self, request):
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form)
        upload = form.cleaned_data["import_file"]
        input_format = FORMATS[PurePath(upload.name).suffix.lower()]()
        data = upload.read()
        dataset = self._dataset(form, input_format, data)
        if dataset is None:
            return self.page(form)
        result = self._run(dataset, dry_run=True)
        problems = problems_of(result)
        token = ""
        if not problems:
            with importing_as(request.user):
                storage = PendingImportStorage(model_label=self.model_label())
                storage.save(data)
                token = storage.name
        return self.page(form, result=result, problems=problems, token=token,
                         file_format=input_format.get_extension())

    def confirm(self, request):
        token = request.POST.get("token", "")
        file_format = request.POST.get("format", "")
        input_format = FORMATS.get(f".{file_format}")
        if input_format is None or pending_for(token, request.user, self.model_label()) is None:
            messages.error(request, gettext(
                "This import cannot be confirmed: the file was not uploaded by you here, or it waited longer than "
                "%(minutes)s minutes. Upload the file again.") % {"minutes": settings.IMPORT_PENDING_MINUTES})
            return redirect(request.path)
        with importing_as(request.user):
            storage = PendingImportStorage(name=token, model_label=self.model_label(), read_mode="rb")
            try:
                data = storage.read()
            except PendingImportNotFound:
                return redirect(request.path)
            form = UploadForm()
            dataset = self._dataset(form, input_format(), data)
            if dataset is None:
                return self.page(form)
            result = self._run(dataset, dry_run=False)
            problems = problems_of(result)
            if problems:  # the data changed since the check: the chunk with the error was rolled back
                written = getattr(result, "written", 0)
                if written:
                    messages.warning(request, gettext(
                        "The first %(count)s rows were imported before the data changed; the rows below were not. "
                        "Fix them and import them again.") % {"count": written})
                return self.page(form, result=result, problems=problems, token="")
            storage.remove()
        totals = result.totals
        messages.success(request, gettext("Imported: %(new)s new, %(update)s updated, %(skip)s unchanged.") % {
            "new": totals["new"], "update": totals["update"], "skip": totals["skip"]})
        return redirect(self.success_url())

    # --- helpers -----------------------------------------------------------------------------------------------
    def _dataset(self, form, input_format, data: bytes):
        try:
            payload = data if input_format.is_binary() else data.decode("utf-8-sig")
            dataset = input_format.create_dataset(payload)
        except Exception:  # noqa: BLE001 - any parser error of a malformed file: tell the user, never a 500
            form.add_error(None, gettext("The file could not be read as %(format)s. Save it again as .xlsx or "
                                         ".csv (UTF-8) and retry.") % {"format": input_format.get_title()})
            return None
        if not dataset or not dataset.headers:
            form.add_error(None, gettext("The file has no rows to import under a header row."))
            return None
        return dataset

    def _run(self, dataset, *, dry_run: bool) -> Result:
        return self.get_resource().import_data(
            dataset, dry_run=dry_run, raise_errors=False, use_transactions=True,
            rollback_on_validation_errors=True, user=self.request.user,
        )

    def template_file(self) -> HttpResponse:
        resource = self.get_resource()
        dataset = resource.export(queryset=resource._meta.model._default_manager.none())
        content = base_formats.XLSX().export_data(dataset)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        name = f"{self.model_label().replace('.', '-')}-template.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def page(self, form, **extra):
        context = {"title": self.title, "intro": self.intro, "form": form,
                   "max_size": filesizeformat(settings.IMPORT_MAX_BYTES), **extra}
        return render(self.request, self.template_name, context)
