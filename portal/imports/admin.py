"""The admin side of the one import mechanism: every importing ModelAdmin mixes in ``PortalImportMixin``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from import_export.admin import ExportMixin, ImportExportModelAdmin, ImportMixin
from import_export.forms import ImportForm

from .formats import SafeCSV, SafeXLSX
from .storage import PendingImportStorage, current_importer, pending_for


@contextmanager
def importing_as(user) -> Iterator[None]:
    """Bind the pending-upload storage to ``user`` for the duration of one import request."""
    token = current_importer.set(user)
    try:
        yield
    finally:
        current_importer.reset(token)


class LimitedImportForm(ImportForm):
    """The upload step: refuses files above IMPORT_MAX_BYTES before anything is read or stored."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _("This file is %(size)s; imports accept files up to %(limit)s."),
                params={"size": filesizeformat(upload.size), "limit": filesizeformat(settings.IMPORT_MAX_BYTES)},
                code="too_large",
            )
        return upload


class PortalImportMixin(ImportMixin):
    """Preview, then confirm; the file waits in the portal's database, for its uploader and this model only."""

    tmp_storage_class = PendingImportStorage
    import_form_class = LimitedImportForm

    def get_tmp_storage_class_kwargs(self) -> dict:
        return {**super().get_tmp_storage_class_kwargs(), "model_label": self.opts.label_lower}

    def import_action(self, request, **kwargs):
        with importing_as(request.user):
            return super().import_action(request, **kwargs)

    @method_decorator(require_POST)
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        token = request.POST.get("import_file_name", "")
        if pending_for(token, request.user, self.opts.label_lower) is None:
            # Someone else's upload, another model's, an expired one or a made-up name: refuse, delete nothing.
            self.message_user(
                request,
                _("This import cannot be confirmed: the file was not uploaded by you for %(model)s, or it waited "
                  "longer than %(minutes)s minutes. Upload the file again.")
                % {"model": self.opts.verbose_name_plural, "minutes": settings.IMPORT_PENDING_MINUTES},
                messages.ERROR,
            )
            app_label, model_name = self.get_model_info()
            return redirect(reverse(f"admin:{app_label}_{model_name}_import", current_app=self.admin_site.name))
        with importing_as(request.user):
            return super().process_import(request, **kwargs)


class SafeExportFormatsMixin:
    """Admin exports (CSV, Excel) that never turn text into formulas (portal/imports/formats.py)."""

    @property
    def export_formats(self) -> list:
        return [SafeCSV, SafeXLSX]


class PortalImportExportModelAdmin(SafeExportFormatsMixin, PortalImportMixin, ImportExportModelAdmin):
    """ImportExportModelAdmin with the portal's import rules and formula-safe exports."""


def import_admins_bypassing_the_mechanism(site: admin.AdminSite) -> list[str]:
    """Registered admins that import without PortalImportMixin, or export without the formula-safe formats (the
    meta-test expects none)."""
    return sorted(
        f"{model._meta.label_lower}: {type(model_admin).__name__}"
        for model, model_admin in site._registry.items()
        if (isinstance(model_admin, ImportMixin) and not isinstance(model_admin, PortalImportMixin))
        or (isinstance(model_admin, ExportMixin) and not isinstance(model_admin, SafeExportFormatsMixin))
    )
