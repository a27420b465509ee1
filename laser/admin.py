"""The laser shop's configuration in the admin: clients, stock items (minimums), extra operators and stage
thresholds; deactivate, never delete. Projects change stage only through the workflow; runs, movements, presets,
drafts and reports are read here and change through the shop's pages."""

from django.contrib import admin
from django.utils.translation import gettext as _

from portal.admin import DeactivateNotDeleteAdmin
from portal.admin_mixins import ReadOnlyAdminMixin

from .models import (
    Client,
    DailyReport,
    ExtraOperator,
    FollowUpTemplate,
    InventoryItem,
    LaserRun,
    OutboundDraft,
    Preset,
    Project,
    StageThreshold,
    StockMovement,
)
from .resources import ClientResource, InventoryItemResource


@admin.register(Client)
class ClientAdmin(DeactivateNotDeleteAdmin):
    resource_classes = [ClientResource]
    list_display = ["name", "contact_name", "phone", "email", "language", "channel", "active"]
    list_filter = ["active", "language", "channel"]
    search_fields = ["name", "contact_name", "phone", "email"]


@admin.register(InventoryItem)
class InventoryItemAdmin(DeactivateNotDeleteAdmin):
    resource_classes = [InventoryItemResource]
    list_display = ["__str__", "quantity", "minimum", "active"]
    list_filter = ["active", "material_type", "thickness_mm", "sheet_size"]
    search_fields = ["material_type", "sheet_size"]
    readonly_fields = ["quantity"]  # counts change by receipts and adjustments with a reason (inventory page)


@admin.register(ExtraOperator)
class ExtraOperatorAdmin(DeactivateNotDeleteAdmin):
    list_display = ["name", "active"]
    list_filter = ["active"]
    search_fields = ["name"]


@admin.register(StageThreshold)
class StageThresholdAdmin(admin.ModelAdmin):
    list_display = ["stage", "days", "active"]
    list_editable = ["days", "active"]
    list_filter = ["active"]
    search_fields = ["stage"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead


@admin.register(FollowUpTemplate)
class FollowUpTemplateAdmin(admin.ModelAdmin):
    """The message each stage's escalation drafts, per language; placeholders in braces (listed below the form)."""

    list_display = ["stage", "language", "email_subject"]
    list_filter = ["stage", "language"]
    search_fields = ["whatsapp_text", "email_subject", "email_text"]

    def get_form(self, request, obj=None, **kwargs):
        from .models.clients import PLACEHOLDERS

        help_text = _("Placeholders: %(names)s.") % {
            "names": "; ".join(f"{{{name}}} {label}" for name, label in PLACEHOLDERS.items())}
        kwargs["help_texts"] = {"whatsapp_text": help_text, "email_text": help_text}
        return super().get_form(request, obj, **kwargs)


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    pass


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["code", "client", "material_type", "thickness_mm", "sheets_required", "target_date", "stage",
                    "state_entered_at"]
    list_filter = ["stage", "material_type", "thickness_mm"]
    search_fields = ["code", "client__name", "description"]
    list_select_related = ["client"]
    readonly_fields = ["stage", "state_entered_at", "created_at"]  # the stage moves only through the workflow

    def has_add_permission(self, request) -> bool:
        return False  # created on the projects page

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Preset)
class PresetAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "power_w", "speed_mm_min", "gas", "pressure_bar", "created_by", "created_at"]
    list_filter = ["material_type", "thickness_mm"]
    search_fields = ["material_type", "notes"]


@admin.register(LaserRun)
class LaserRunAdmin(ReadOnlyAdmin):
    list_display = ["pk", "project", "machine", "operator", "status", "started_at", "ended_at", "sheets_used",
                    "override_reason"]
    list_filter = ["status", "material_type"]
    search_fields = ["project__code", "operator__username", "notes"]
    list_select_related = ["project", "machine", "operator"]


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdmin):
    list_display = ["at", "item", "kind", "quantity", "balance_after", "reason", "user"]
    list_filter = ["kind"]
    search_fields = ["reason"]
    list_select_related = ["item", "user"]


@admin.register(OutboundDraft)
class OutboundDraftAdmin(ReadOnlyAdmin):
    list_display = ["project", "client", "stage", "channel", "language", "created_at", "sent_at", "withdrawn_at"]
    list_filter = ["channel", "language", "stage"]
    search_fields = ["project__code", "client__name", "body"]


@admin.register(DailyReport)
class DailyReportAdmin(ReadOnlyAdmin):
    list_display = ["day", "version", "generated_at", "generated_by"]
    search_fields = ["text"]
