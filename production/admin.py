"""Production orders in the admin: orders editable (the ERP job link), movements read-only (append-only ledger)."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.admin_mixins import ReadOnlyAdminMixin
from portal.labels.actions import PrintLabelsAdminMixin

from .models import AndonBoard, Balance, Movement, ProductionOrder


@admin.register(ProductionOrder)
class ProductionOrderAdmin(PrintLabelsAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    actions = ["print_labels"]
    list_display = ["number", "erp_job", "created_by", "created_at"]
    search_fields = ["number", "erp_job"]
    readonly_fields = ["created_by", "created_at"]
    show_auditlog_history_link = True

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # its movements keep it

    @admin.action(description=_("Print labels"), permissions=["print_labels"])
    def print_labels(self, request, queryset):
        from portal.labels.actions import labels_redirect

        return labels_redirect(request, "order", queryset.order_by("number").values_list("number", flat=True))


@admin.register(Movement)
class MovementAdmin(ReadOnlyAdminMixin, AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ["at", "order", "line", "direction", "quantity", "kind", "user", "reason"]
    list_filter = ["direction", "kind", "line__facility", "line"]
    search_fields = ["order__number", "erp_job", "reason", "user__username"]
    date_hierarchy = "at"
    list_select_related = ["order", "line", "user"]
    show_auditlog_history_link = True


@admin.register(Balance)
class BalanceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["order", "line", "quantity_in", "quantity_out", "balance", "overdrawn", "last_movement_at"]
    list_filter = ["line__facility", "line", "overdrawn"]
    search_fields = ["order__number"]
    list_select_related = ["order", "line"]


@admin.register(AndonBoard)
class AndonBoardAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Boards for the floor's TVs: the link is shown once created; untick Active to revoke it."""

    list_display = ["name", "facility", "line", "active", "link", "created_at"]
    list_filter = ["active", "facility"]
    fields = ["name", "facility", "line", "red_below", "green_from", "refresh_seconds", "active", "link"]
    readonly_fields = ["link"]
    show_auditlog_history_link = True

    @admin.display(description=_("TV link"))
    def link(self, obj):
        if not obj.pk:
            return _("Shown after saving.")
        url = obj.get_absolute_url()
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
