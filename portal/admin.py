"""Plant configuration in the Django admin: search, filters, audit history, Excel import/export,
deactivate instead of delete."""

from auditlog.mixins import AuditlogHistoryAdminMixin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportActionMixin

from portal.labels.actions import PrintLabelsAdminMixin

from .admin_mixins import ReadOnlyAdminMixin
from .imports.admin import PortalImportExportModelAdmin, SafeExportFormatsMixin
from .models import (
    CompanyProfile,
    Department,
    DetectedStop,
    Facility,
    Holiday,
    LoginEvent,
    Machine,
    ProductionCapacity,
    ProductionLine,
    Shift,
    SignalSource,
    User,
    WorkingDays,
)
from .resources import (
    DepartmentResource,
    FacilityResource,
    LoginEventResource,
    MachineResource,
    ProductionCapacityResource,
    ProductionLineResource,
    ShiftResource,
)
from .roles import ASSIGN_DEPARTMENTS, MANAGE_PERMISSIONS
from .services.departments import assign_members


class DeactivateNotDeleteAdmin(AuditlogHistoryAdminMixin, PortalImportExportModelAdmin):
    """Shared base: records other data points at are retired with "Deactivate", never deleted."""

    show_auditlog_history_link = True
    actions = ["deactivate", "reactivate"]
    list_per_page = 50

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Deactivate selected"), permissions=["change"])
    def deactivate(self, request, queryset):
        # save() per row (not update()) so each change reaches the audit log.
        count = 0
        for obj in queryset.filter(active=True):
            obj.active = False
            obj.save(update_fields=["active", "updated_at"])
            count += 1
        self.message_user(request, ngettext("%d record deactivated.", "%d records deactivated.", count) % count)

    @admin.action(description=_("Reactivate selected"), permissions=["change"])
    def reactivate(self, request, queryset):
        count = 0
        for obj in queryset.filter(active=False):
            obj.active = True
            try:
                obj.full_clean()
            except ValidationError as exc:  # e.g. a shift that now overlaps another
                self.message_user(request, f"{obj}: {exc}", messages.ERROR)
                continue
            obj.save(update_fields=["active", "updated_at"])
            count += 1
        self.message_user(request, ngettext("%d record reactivated.", "%d records reactivated.", count) % count)


class LineInline(admin.TabularInline):
    model = ProductionLine
    fields = ["code", "name", "name_es", "erp_line_code", "active"]
    extra = 0
    can_delete = False
    show_change_link = True


class MachineInline(admin.TabularInline):
    model = Machine
    fields = ["code", "name", "name_es", "machine_type", "active"]
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Facility)
class FacilityAdmin(DeactivateNotDeleteAdmin):
    resource_classes = [FacilityResource]
    list_display = ["code", "name", "erp_code", "time_zone", "active"]
    list_filter = ["active"]
    search_fields = ["code", "name", "name_es", "erp_code"]
    inlines = [LineInline]


@admin.register(ProductionLine)
class ProductionLineAdmin(DeactivateNotDeleteAdmin):
    resource_classes = [ProductionLineResource]
    list_display = ["code", "name", "facility", "erp_line_code", "usual_crew", "active"]
    list_filter = ["active", "facility"]
    search_fields = ["code", "name", "name_es", "erp_line_code", "facility__code", "facility__name"]
    list_select_related = ["facility"]
    inlines = [MachineInline]


class SignalSourceInline(admin.StackedInline):
    """The machine's topic map (docs/machine-signals.md); its live state is on the signal source's own page."""

    model = SignalSource
    extra = 0
    fields = ("enabled", "payload", "state_topic", "count_topic", "opcua_endpoint", "opcua_nodes", "counter_modulus",
              "silence_seconds")


@admin.register(Machine)
class MachineAdmin(PrintLabelsAdminMixin, DeactivateNotDeleteAdmin):
    resource_classes = [MachineResource]
    actions = [*DeactivateNotDeleteAdmin.actions, "print_labels"]
    list_display = ["code", "name", "machine_type", "line", "active"]
    list_filter = ["active", "line__facility", "machine_type", "line"]
    search_fields = ["code", "name", "name_es", "machine_type", "line__code", "line__name"]
    list_select_related = ["line__facility"]
    autocomplete_fields = ["line"]
    inlines = [SignalSourceInline]

    @admin.action(description=_("Print labels"), permissions=["print_labels"])
    def print_labels(self, request, queryset):
        from portal.labels.actions import labels_redirect

        codes = queryset.order_by("line__code", "code").values_list("code", flat=True)
        return labels_redirect(request, "machine", codes)


def _ago(seconds: float | None) -> str:
    if seconds is None:
        return gettext("never")
    if seconds < 120:
        return gettext("%(n)d s ago") % {"n": round(seconds)}
    if seconds < 7200:
        return gettext("%(n)d min ago") % {"n": round(seconds / 60)}
    return gettext("%(n)d h ago") % {"n": round(seconds / 3600)}


@admin.register(SignalSource)
class SignalSourceAdmin(admin.ModelAdmin):
    """Where each machine publishes, and whether it is heard: "last message 3 s ago" tests a source."""

    list_display = ["machine", "payload", "state_topic", "enabled", "live_state", "last_message"]
    list_filter = ["enabled", "payload", "machine__line__facility", "machine__line"]
    search_fields = ["machine__code", "machine__name", "state_topic", "count_topic", "machine__line__code"]
    list_select_related = ["machine__line__facility"]
    autocomplete_fields = ["machine"]
    fields = ["machine", "enabled", "payload", "state_topic", "count_topic", "opcua_endpoint", "opcua_nodes",
              "counter_modulus", "silence_seconds",
              "live_state", "last_message", "fault_code", "good_total", "reject_total"]
    readonly_fields = ["live_state", "last_message", "fault_code", "good_total", "reject_total"]

    @admin.display(description=_("last message"))
    def last_message(self, obj) -> str:
        from portal.machine_signals.status import seconds_since_last_message

        return _ago(seconds_since_last_message(obj))

    @admin.display(description=_("state"))
    def live_state(self, obj) -> str:
        from django.utils import timezone

        from portal.machine_signals.status import NO_SIGNAL, state_of

        state = state_of(obj, timezone.now())
        if state == NO_SIGNAL:
            return gettext("no signal")
        return str(SignalSource.State(state).label)


@admin.register(DetectedStop)
class DetectedStopAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """What the machines reported, and what became of it (a downtime event, a micro-stop, or why not)."""

    list_display = ["machine", "start", "end", "fault_code", "micro", "event_id", "error"]
    list_filter = ["micro", "machine__line__facility", "machine__line"]
    search_fields = ["machine__code", "fault_code"]
    list_select_related = ["machine__line__facility"]
    date_hierarchy = "start"


class DepartmentForm(forms.ModelForm):
    """The department and, for whoever may assign departments, its members (``User.departments`` seen from here)."""

    members = forms.ModelMultipleChoiceField(
        label=_("members"), required=False, queryset=User.objects.filter(is_active=True).order_by("username"),
        widget=FilteredSelectMultiple(_("members"), is_stacked=False),
        help_text=_("The users of this department: they work on its lines."))

    class Meta:
        model = Department
        fields = ["name", "lines", "heads", "active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "members" in self.fields and self.instance.pk:
            self.fields["members"].initial = list(self.instance.users.values_list("pk", flat=True))


@admin.register(Department)
class DepartmentAdmin(DeactivateNotDeleteAdmin):
    """Departments: lines and heads (plant configuration); members for holders of ``ASSIGN_DEPARTMENTS`` (production
    admins, seed 002), who need no right over the users themselves."""

    form = DepartmentForm
    resource_classes = [DepartmentResource]
    list_display = ["name", "member_count", "active"]
    list_filter = ["active"]
    search_fields = ["name", "lines__code", "lines__name", "users__username"]
    filter_horizontal = ["lines", "heads"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(members=Count("users", distinct=True))

    @admin.display(description=_("members"), ordering="members")
    def member_count(self, obj) -> int:
        return obj.members

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "members"]
        return [*fields, "members"] if request.user.has_perm(ASSIGN_DEPARTMENTS) else fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        if not request.user.has_perm(ASSIGN_DEPARTMENTS):
            kwargs["exclude"] = [*(kwargs.get("exclude") or ()), "members"]
        return super().get_form(request, obj, change, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        # an assigner without the plant configuration rights opens the department for its members only
        return super().has_change_permission(request, obj) or request.user.has_perm(ASSIGN_DEPARTMENTS)

    def has_view_permission(self, request, obj=None) -> bool:
        return super().has_view_permission(request, obj) or request.user.has_perm(ASSIGN_DEPARTMENTS)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("portal.change_department"):  # members only
            fields += [f.name for f in Department._meta.fields if f.editable and f.name != "id"] + ["lines", "heads"]
        return fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if "members" in form.cleaned_data and request.user.has_perm(ASSIGN_DEPARTMENTS):
            assign_members(form.instance, form.cleaned_data["members"], request.user)


@admin.register(Shift)
class ShiftAdmin(DeactivateNotDeleteAdmin):
    resource_classes = [ShiftResource]
    list_display = ["name", "facility", "start_time", "end_time", "overnight", "hours", "active"]
    list_filter = ["active", "facility"]
    search_fields = ["name", "name_es", "facility__code", "facility__name"]
    list_select_related = ["facility"]

    @admin.display(boolean=True, description=_("overnight"))
    def overnight(self, obj):
        return obj.is_overnight

    @admin.display(description=_("hours"))
    def hours(self, obj):
        return f"{obj.duration.total_seconds() / 3600:g}"


@admin.register(WorkingDays)
class WorkingDaysAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """The facility's working weekdays (its calendar, with its shifts and holidays)."""

    list_display = ("facility", *WorkingDays.DAYS)
    show_auditlog_history_link = True


@admin.register(Holiday)
class HolidayAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    list_display = ("date", "facility", "name")
    list_filter = ("facility",)
    date_hierarchy = "date"
    search_fields = ("name",)
    show_auditlog_history_link = True


@admin.register(ProductionCapacity)
class ProductionCapacityAdmin(AuditlogHistoryAdminMixin, PortalImportExportModelAdmin):
    resource_classes = [ProductionCapacityResource]
    show_auditlog_history_link = True
    list_display = ["line", "shift", "units_per_shift", "updated_at"]
    list_filter = ["line__facility", "shift__name"]
    search_fields = ["line__code", "line__name", "shift__name"]
    list_select_related = ["line__facility", "shift__facility"]
    autocomplete_fields = ["line", "shift"]


@admin.register(CompanyProfile)
class CompanyProfileAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """The one company profile: the letterhead of every PDF. Added once, then edited; never deleted."""

    list_display = ("__str__", "contact", "updated_at")
    fields = ("name", "address", "contact", "logo")

    def has_add_permission(self, request) -> bool:
        return super().has_add_permission(request) and not CompanyProfile.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(User)
class UserAdmin(AuditlogHistoryAdminMixin, DjangoUserAdmin):
    """Users and their per-user permission overrides; only portal admins may change access."""

    show_auditlog_history_link = True
    list_display = ["username", "first_name", "last_name", "email", "is_ldap", "is_active", "last_login"]
    list_filter = ["is_active", "is_ldap", "groups", "departments"]
    filter_horizontal = ["groups", "departments"]
    # Per-user grants are edited as capabilities on their own page (portal/admin_views.py), not as raw permissions.
    fieldsets = (
        (None, {"fields": ("username", "password", "is_ldap")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Preferences"), {"fields": ("language", "theme", "ui_mode", "departments")}),
        (_("Access"), {
            "fields": ("is_active", "groups", "capabilities_link"),
            "description": _("Groups of directory accounts follow Active Directory at each login; "
                             "grant exceptions as capabilities."),
        }),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ["is_ldap", "last_login", "date_joined", "capabilities_link", "own_capabilities"]

    @admin.display(description=_("own capabilities"))
    def own_capabilities(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        return ", ".join(sorted(p.name for p in obj.user_permissions.all())) or "-"

    @admin.display(description=_("own capabilities"))
    def capabilities_link(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        return format_html('{} &middot; <a href="{}">{}</a>', self.own_capabilities(obj),
                           reverse("admin:user_capabilities", args=[obj.pk]), _("Edit this user's capabilities"))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.has_perm(MANAGE_PERMISSIONS):
            return fieldsets
        # Only permission managers open the capabilities page: others read the grants as text, with no link.
        return [(name, {**options, "fields": tuple("own_capabilities" if f == "capabilities_link" else f
                                                   for f in options["fields"])}) for name, options in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm(MANAGE_PERMISSIONS):
            fields += ["is_active", "groups", "is_superuser", "is_staff"]
        return fields


@admin.register(LoginEvent)
class LoginEventAdmin(ReadOnlyAdminMixin, SafeExportFormatsMixin, ExportActionMixin, admin.ModelAdmin):
    """Login history: read-only, filterable, exportable (CSV or Excel) for audits."""

    resource_classes = [LoginEventResource]
    list_display = ["created_at", "username", "outcome", "ip_address", "user_agent", "backend"]
    list_filter = ["outcome", "backend", "created_at"]
    search_fields = ["username", "ip_address", "user_agent"]
    date_hierarchy = "created_at"


# The audit log: auditlog's own admin, with links only to pages the viewer may open (portal/admin_audit.py).
def _register_audit_log() -> None:
    from auditlog.models import LogEntry

    from .admin_audit_panel import PanelLogEntryAdmin

    if admin.site.is_registered(LogEntry):
        admin.site.unregister(LogEntry)
    admin.site.register(LogEntry, PanelLogEntryAdmin)


_register_audit_log()
