"""Scheduling in the admin: the aging-bucket bounds (editable), projections and their history (read-only)."""

from __future__ import annotations

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from portal.admin_mixins import ReadOnlyAdminMixin

from .models import AgingBucket, GridPreference, Projection, ProjectionChange


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Rows written by the grid only: the admin shows them, never edits or deletes them."""


class ProjectionChangeInline(admin.TabularInline):
    model = ProjectionChange
    fields = ("changed_at", "changed_by", "field", "old_value", "new_value", "version")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-changed_at", "-id")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Projection)
class ProjectionAdmin(AuditlogHistoryAdminMixin, ReadOnlyAdmin):
    list_display = ("so_number", "line_number", "so_line_id", "low_risk_qty", "high_risk_qty", "version",
                    "updated_by", "updated_at", "archived")
    list_filter = ("archived",)
    search_fields = ("so_number", "=so_line_id")
    list_select_related = ("updated_by",)
    inlines = [ProjectionChangeInline]
    show_auditlog_history_link = True


@admin.register(ProjectionChange)
class ProjectionChangeAdmin(ReadOnlyAdmin):
    list_display = ("changed_at", "projection", "field", "old_value", "new_value", "changed_by")
    list_filter = ("field",)
    search_fields = ("projection__so_number", "changed_by__username")
    list_select_related = ("projection", "changed_by")
    date_hierarchy = "changed_at"


@admin.register(GridPreference)
class GridPreferenceAdmin(ReadOnlyAdmin):
    list_display = ("user", "hidden_columns", "updated_at")
    search_fields = ("user__username",)


@admin.register(AgingBucket)
class AgingBucketAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "first_max_days", "second_max_days", "updated_at")
    fields = ("first_max_days", "second_max_days")
    show_auditlog_history_link = True

    def has_add_permission(self, request) -> bool:
        # One row: add it once (or edit the existing one).
        return super().has_add_permission(request) and not AgingBucket.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

