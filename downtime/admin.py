"""Downtime configuration in the admin (categories, quick notes) and a read-only view of the events."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.admin import DeactivateNotDeleteAdmin
from portal.admin_mixins import FacilityTimeZoneAdminMixin, ReadOnlyAdminMixin, local_time_column

from .models import Category, DowntimeEvent, FaultReason, QuickNote
from .resources import CategoryResource, QuickNoteResource


class SubCategoryInline(admin.TabularInline):
    model = Category
    fk_name = "parent"
    fields = ("name", "name_es", "code", "colour", "sort_order", "planned", "allows_no_crew",
              "opens_maintenance_ticket", "notify", "active")
    extra = 0
    show_change_link = True

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class TopLevelFilter(admin.SimpleListFilter):
    """A whole branch by its top-level category (a choice per parent would name every parent's own parent)."""

    title = _("top-level category")
    parameter_name = "branch"

    def lookups(self, request, model_admin):
        return [(str(category.pk), category.localized_name) for category in Category.objects.mains()]

    def queryset(self, request, queryset):
        top = Category.objects.filter(pk=self.value()).first() if str(self.value() or "").isdigit() else None
        return queryset.filter(path__startswith=top.path) if top else queryset


@admin.register(Category)
class CategoryAdmin(DeactivateNotDeleteAdmin):
    resource_classes = (CategoryResource,)
    list_display = ("tree_name", "name_es", "parent", "depth", "code", "swatch", "sort_order", "planned",
                    "opens_maintenance_ticket", "notify", "active")
    ordering = ("sort_path",)  # the tree depth-first, as the tablet offers it
    list_filter = ("active", "depth", "notify", "allows_no_crew", "opens_maintenance_ticket", TopLevelFilter)
    search_fields = ("name", "name_es", "code", "parent__name")
    list_select_related = ("parent__parent",)  # the parent column names the parent's own parent
    autocomplete_fields = ("parent",)
    filter_horizontal = ("notify_groups",)
    inlines = (SubCategoryInline,)
    fields = ("parent", "name", "name_es", "code", "colour", "sort_order", "planned", "allows_no_crew",
              "opens_maintenance_ticket", "notify", "notify_groups", "active")

    @admin.display(description=_("colour"))
    def swatch(self, obj):
        return format_html('<span style="display:inline-block;width:1.5em;height:1em;background:{}"></span> {}',
                           obj.colour, obj.colour)

    @admin.display(description=_("name"), ordering="sort_path")
    def tree_name(self, obj):
        # indented by level, so the list reads as the tree
        return format_html('<span style="padding-left:{}em">{}</span>', 1.5 * (obj.depth - 1), obj.name)

    def get_search_results(self, request, queryset, search_term):
        # the parent picker offers active categories, at any level (the model refuses a cycle with a message)
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "parent":
            queryset = queryset.filter(active=True)
        return queryset, distinct


@admin.register(QuickNote)
class QuickNoteAdmin(DeactivateNotDeleteAdmin):
    resource_classes = (QuickNoteResource,)
    list_display = ("text", "text_es", "facility", "line", "sort_order", "active")
    list_filter = ("active", "facility", "line__facility")
    search_fields = ("text", "text_es", "line__code", "facility__code")
    list_select_related = ("facility", "line__facility")


@admin.register(FaultReason)
class FaultReasonAdmin(admin.ModelAdmin):
    """What a controller's fault code means: a machine stop with the code is recorded with this reason at once."""

    list_display = ("code", "category", "facility", "line")
    list_filter = ("facility", "line")
    search_fields = ("code", "category__name", "line__code")
    list_select_related = ("category__parent", "facility", "line__facility")
    autocomplete_fields = ("category", "line")


@admin.register(DowntimeEvent)
class DowntimeEventAdmin(FacilityTimeZoneAdminMixin, AuditlogHistoryAdminMixin, ReadOnlyAdminMixin,
                         admin.ModelAdmin):
    """Read-only: events change only through the entry page and the API, which apply the rules.
    Times are the line's facility's local time."""

    show_auditlog_history_link = True
    facility_zone = "line.facility"
    list_display = (local_time_column("start", "line.facility", _("start")),
                    local_time_column("end", "line.facility", _("end")), "duration_minutes", "line", "category",
                    "shift", "production_date",
                    "crew_size", "job_number", "created_by")
    list_filter = ("line__facility", "line", "shift", ("category", admin.RelatedOnlyFieldListFilter),
                   "production_date")
    search_fields = ("comments", "job_number", "part_number", "line__code", "category__name",
                     "created_by__username")
    date_hierarchy = "production_date"
    list_select_related = ("line__facility", "category__parent", "shift", "created_by")
    list_per_page = 50
