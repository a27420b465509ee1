"""Planning configuration in the admin: routings with their stages, capacity overrides; the plan's records for
reference (changed on the planning pages, where the server validates moves)."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from portal.admin import DeactivateNotDeleteAdmin
from portal.admin_mixins import ReadOnlyAdminMixin
from portal.imports.admin import PortalImportExportModelAdmin

from .models import (
    CapacityOverride,
    CapacityTarget,
    Operation,
    OrderItem,
    PlanException,
    PlanningOrder,
    Reallocation,
    Routing,
    RoutingStage,
)
from .resources import PlanningOrderResource


class StageInline(admin.TabularInline):
    model = RoutingStage
    extra = 1
    fields = ["sequence", "name", "line", "machine_type", "rate_per_hour"]
    autocomplete_fields = ["line"]


@admin.register(Routing)
class RoutingAdmin(DeactivateNotDeleteAdmin):
    list_display = ["product_family", "description", "active"]
    list_filter = ["active"]
    search_fields = ["product_family", "description", "stages__name"]
    inlines = [StageInline]


@admin.register(CapacityOverride)
class CapacityOverrideAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["line", "first_day", "last_day", "units_per_day", "reason", "created_by"]
    list_filter = ["line__facility", "line"]
    search_fields = ["line__code", "line__name", "reason"]
    date_hierarchy = "first_day"
    autocomplete_fields = ["line"]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(CapacityTarget)
class CapacityTargetAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ["facility", "line", "machine_type", "period", "units", "valid_from", "note"]
    list_filter = ["facility", "period", "line", "machine_type"]
    search_fields = ["line__code", "machine_type", "note"]
    autocomplete_fields = ["line"]
    readonly_fields = ["created_by"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ItemInline(admin.TabularInline):
    model = OrderItem
    extra = 0
    fields = ["product", "description", "quantity", "so_line_id"]


@admin.register(PlanningOrder)
class PlanningOrderAdmin(AuditlogHistoryAdminMixin, PortalImportExportModelAdmin):
    resource_classes = [PlanningOrderResource]
    show_auditlog_history_link = True
    list_display = ["number", "facility", "routing", "customer", "priority", "due_date", "state", "source"]
    list_filter = ["state", "facility", "routing", "source", "priority"]
    search_fields = ["number", "customer", "erp_reference", "items__product"]
    date_hierarchy = "due_date"
    list_select_related = ["facility", "routing"]
    readonly_fields = ["state", "state_entered_at", "hold_reason", "cancel_reason", "created_by", "created_at"]
    inlines = [ItemInline]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # cancel instead (a workflow transition with a reason)


class ReadOnlyPlanAdmin(ReadOnlyAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True


@admin.register(Operation)
class OperationAdmin(ReadOnlyPlanAdmin):
    list_display = ["order", "sequence", "stage", "line", "machine", "planned_start", "planned_end", "units"]
    list_filter = ["line__facility", "line", "machine_type"]
    search_fields = ["order__number", "stage", "machine__code"]
    list_select_related = ["order", "line__facility", "machine"]


@admin.register(PlanException)
class PlanExceptionAdmin(ReadOnlyPlanAdmin):
    list_display = ["kind", "detail", "state", "assignee", "detected_at"]
    list_filter = ["kind", "state"]
    search_fields = ["detail", "order__number", "resolution_reason"]


@admin.register(Reallocation)
class ReallocationAdmin(ReadOnlyPlanAdmin):
    list_display = ["operation", "from_line", "from_machine", "to_line", "to_machine", "by", "at"]
    search_fields = ["operation__order__number", "justification"]
    list_select_related = ["operation__order", "from_line", "from_machine", "to_line", "to_machine", "by"]
