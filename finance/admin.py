"""What-if scenarios in the Django admin: per-part costs and business-unit percentages inline; deactivate, not
delete. Stored roll-ups are read-only (rebuilt by the Refresh button)."""

from django.contrib import admin

from finance.models import CostRun, LocalBom, LocalBomLine, ProductCost, Scenario, ScenarioPartCost, ScenarioUnitChange
from portal.admin_mixins import ReadOnlyAdminMixin


class PartCostInline(admin.TabularInline):
    model = ScenarioPartCost
    extra = 1


class UnitChangeInline(admin.TabularInline):
    model = ScenarioUnitChange
    extra = 1


@admin.register(Scenario)
class ScenarioAdmin(admin.ModelAdmin):
    list_display = ("name", "margin_threshold", "active", "updated_at")
    list_filter = ("active",)
    search_fields = ("name", "description")
    inlines = (UnitChangeInline, PartCostInline)
    readonly_fields = ("created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ProductCost)
class ProductCostAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("part_number", "scenario", "cost", "margin_percent", "computed_at")
    list_filter = ("scenario",)
    search_fields = ("part_number", "description")


class LocalBomLineInline(admin.TabularInline):
    model = LocalBomLine
    extra = 3
    fields = ("sequence", "component", "quantity_per", "scrap_percent")


@admin.register(LocalBom)
class LocalBomAdmin(admin.ModelAdmin):
    """Products not yet in the ERP, costed like the ERP's. Deactivated when retired, never deleted. Excel import of
    the lines: the Finance page "Import local BOMs" (/finance/local-boms/import/)."""

    list_display = ("part_number", "description", "business_unit", "list_price", "active", "updated_at")
    list_filter = ("active", "business_unit")
    search_fields = ("part_number", "description", "lines__component")
    fields = ("part_number", "description", "business_unit", "list_price", "notes", "active")
    inlines = (LocalBomLineInline,)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CostRun)
class CostRunAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The log of cost roll-ups (first opening of the list, Recompute, the nightly run): read-only."""

    list_display = ("id", "created_at", "finished_at", "scenario", "status", "trigger", "requested_by", "done", "total",
                    "rows")
    list_filter = ("status", "trigger")
    list_select_related = ("scenario", "requested_by")
