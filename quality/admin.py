"""The Quality configuration panel: defect codes and escalation steps (deactivate instead of delete), and the
records themselves for quality admins (read and correct; states change only through the workflow)."""

from django.contrib import admin

from portal.admin import DeactivateNotDeleteAdmin

from .models import Capa, CustomerReturn, DefectCode, EscalationStep, InternalReject, Ncr, ReturnPhoto, SopTicket
from .resources import DefectCodeResource


class NoDelete:
    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DefectCode)
class DefectCodeAdmin(DeactivateNotDeleteAdmin):
    resource_classes = (DefectCodeResource,)
    list_display = ("code", "name", "name_es", "parent", "sort_order", "active")
    list_filter = ("active", "parent")
    search_fields = ("code", "name", "name_es")
    list_editable = ("sort_order", "active")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":  # two levels only: a code's main group is itself a main group
            kwargs["queryset"] = DefectCode.objects.filter(parent__isnull=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(EscalationStep)
class EscalationStepAdmin(NoDelete, admin.ModelAdmin):
    list_display = ("applies_to", "after_hours", "notify", "group", "label", "active")
    list_editable = ("active",)
    list_filter = ("applies_to", "active")


class WorkflowRecordAdmin(NoDelete, admin.ModelAdmin):
    readonly_fields = ("state", "state_entered_at")


@admin.register(SopTicket)
class SopTicketAdmin(WorkflowRecordAdmin):
    list_display = ("__str__", "charging_department", "charged_department", "state", "created_at")
    list_filter = ("state", "charged_department")
    search_fields = ("sop_reference", "description")


@admin.register(InternalReject)
class InternalRejectAdmin(WorkflowRecordAdmin):
    list_display = ("__str__", "line", "part", "quantity", "defect", "state", "occurred_at")
    list_filter = ("state", "line", "defect")
    search_fields = ("part", "erp_job")
    raw_id_fields = ("production_order",)


class ReturnPhotoInline(admin.TabularInline):
    model = ReturnPhoto
    extra = 0
    readonly_fields = ("uploaded_by", "uploaded_at")


@admin.register(CustomerReturn)
class CustomerReturnAdmin(WorkflowRecordAdmin):
    list_display = ("__str__", "part", "lot", "quantity", "state", "disposition", "received_at")
    list_filter = ("state", "disposition", "facility")
    search_fields = ("customer", "sales_order", "part", "lot")
    inlines = [ReturnPhotoInline]


class CapaInline(admin.TabularInline):
    model = Capa
    extra = 0
    fields = ("action", "owner", "due_date", "state")
    readonly_fields = ("state",)


@admin.register(Ncr)
class NcrAdmin(WorkflowRecordAdmin):
    list_display = ("__str__", "department", "owner", "severity", "due_at", "state")
    list_filter = ("state", "department")
    search_fields = ("title", "description")
    raw_id_fields = ("sop_ticket", "reject", "customer_return")
    inlines = [CapaInline]


@admin.register(Capa)
class CapaAdmin(WorkflowRecordAdmin):
    list_display = ("__str__", "ncr", "owner", "due_date", "state")
    list_filter = ("state",)
