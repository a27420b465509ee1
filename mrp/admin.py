"""MRP runs in the Django admin: read-only history, never deleted here (runs are created by the Refresh button, the
schedule or the ``mrp_run`` command; old ones are purged after each successful run)."""

from django.contrib import admin

from mrp.models import MrpRun
from portal.admin_mixins import ReadOnlyAdminMixin


@admin.register(MrpRun)
class MrpRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("id", "created_at", "finished_at", "status", "trigger", "requested_by", "progress", "step")
    list_filter = ("status", "trigger")
    list_select_related = ("requested_by",)
    exclude = ("components",)  # can be thousands of entries; the purchasing report shows them
