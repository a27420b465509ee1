"""Maintenance configuration in the admin (priorities and SLA targets, preventive plans; the working calendar is the
portal's: portal.WorkingDays, portal.Holiday) and
a read-only view of tickets for audits; tickets are worked on the portal's pages."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from portal.admin import DeactivateNotDeleteAdmin
from portal.admin_mixins import FacilityTimeZoneAdminMixin, ReadOnlyAdminMixin

from .models import PlanStep, PreventivePlan, Priority, Ticket


@admin.register(Priority)
class PriorityAdmin(DeactivateNotDeleteAdmin):
    list_display = ("rank", "name", "name_es", "response_hours", "resolution_hours", "colour", "active")
    list_display_links = ("name",)
    list_filter = ("active",)
    search_fields = ("name", "name_es")
    fields = ("name", "name_es", "rank", "response_hours", "resolution_hours", "colour", "active")


class PlanStepInline(admin.TabularInline):
    model = PlanStep
    fields = ("order", "text", "text_es")
    extra = 1


@admin.register(PreventivePlan)
class PreventivePlanAdmin(DeactivateNotDeleteAdmin):
    list_display = ("name", "machine", "trigger", "interval", "start_date", "priority", "last_completed_at", "active")
    list_filter = ("active", "trigger", "priority", "machine__line__facility")
    search_fields = ("name", "name_es", "machine__code", "machine__name", "machine__line__code")
    list_select_related = ("machine", "machine__line", "priority")
    autocomplete_fields = ("machine",)
    inlines = (PlanStepInline,)
    fields = ("machine", "name", "name_es", "trigger", "interval", "start_date", "priority", "instructions",
              "last_completed_at", "active")


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdminMixin, FacilityTimeZoneAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    facility_zone = "line.facility"
    list_display = ("id", "problem", "line", "machine", "kind", "priority", "state", "assigned_to", "opened_at")
    list_filter = ("state", "kind", "source", "priority", "line__facility")
    search_fields = ("problem", "machine__code", "line__code")
    list_select_related = ("line", "machine", "priority", "assigned_to")
    show_auditlog_history_link = True
