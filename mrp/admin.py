"""MRP runs in the Django admin: read-only history (runs are created by the Refresh button, the schedule or the
``mrp_run`` command, never by hand)."""

from django.contrib import admin

from mrp.models import MrpRun


@admin.register(MrpRun)
class MrpRunAdmin(admin.ModelAdmin):
    list_display = ("id", "created_at", "finished_at", "status", "trigger", "requested_by", "progress", "step")
    list_filter = ("status", "trigger")
    list_select_related = ("requested_by",)
    exclude = ("components",)  # can be thousands of entries; the purchasing report shows them

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "components"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
