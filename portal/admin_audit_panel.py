"""The audit log as a plant admin reads it: filterable by user, model, record and date range, times in the portal's
zone (labelled when plants use several zones), correlation ids only for portal admins (a technical detail)."""

from __future__ import annotations

import datetime as dt

from auditlog.filters import CIDFilter, ResourceTypeFilter
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from .admin_audit import PermittedLinksLogEntryAdmin
from .admin_site import is_portal_admin
from .models import LoginEvent
from .services.localtime import format_local, make_aware


class ActorFilter(admin.SimpleListFilter):
    title = _("user")
    parameter_name = "actor"

    def lookups(self, request, model_admin):
        actors = model_admin.get_queryset(request).order_by().values_list("actor_id", flat=True).distinct()
        users = get_user_model().objects.filter(pk__in=actors).order_by("username")
        return [(str(user.pk), str(user)) for user in users]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(actor_id=value) if value and value.isdigit() else queryset


class LoginFilter(admin.SimpleListFilter):
    """Sign-ins, sign-outs, failed sign-ins, lockouts and sessions ended by a newer login (portal.auth.history)."""

    title = _("sign-in")
    parameter_name = "login"

    def lookups(self, request, model_admin):
        return [("all", _("Every sign-in event")), *LoginEvent.Outcome.choices]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "all":
            return queryset.filter(additional_data__has_key="login")
        if value in LoginEvent.Outcome.values:
            return queryset.filter(additional_data__login=value)
        return queryset


class RecordFilter(admin.SimpleListFilter):
    """One record's history (the change page's "Change history" link): ``?resource_type=<ct>&object_pk=<pk>``."""

    title = _("record")
    parameter_name = "object_pk"

    def lookups(self, request, model_admin):
        return [(self.value(), self.value())] if self.value() else []

    def has_output(self):
        return bool(self.value())

    def queryset(self, request, queryset):
        return queryset.filter(object_pk=self.value()) if self.value() else queryset


class DateRangeFilter(admin.ListFilter):
    """From/to dates (inclusive), read as days in the portal's zone; a malformed date is ignored, not a 500."""

    title = _("date range")
    template = "admin/portal/date_range_filter.html"
    parameters = ("date_from", "date_to")

    def __init__(self, request, params, model, model_admin):
        super().__init__(request, params, model, model_admin)
        self.values = {}
        for name in self.parameters:
            if name in params:
                raw = params.pop(name)
                raw = raw[-1] if isinstance(raw, list) else raw
                self.values[name] = raw
                self.used_parameters[name] = raw
        self.date_from = self._parse("date_from")
        self.date_to = self._parse("date_to")
        self.request = request

    def _parse(self, name):
        try:
            return parse_date(self.values.get(name) or "")
        except ValueError:
            return None

    def has_output(self):
        return True

    def expected_parameters(self):
        return list(self.parameters)

    def choices(self, changelist):
        # The template draws a small GET form; keep the other filters as hidden fields.
        kept = [(k, v) for k, v in changelist.get_filters_params().items() if k not in self.parameters]
        yield {"kept": kept, "date_from": self.values.get("date_from", ""), "date_to": self.values.get("date_to", "")}

    def queryset(self, request, queryset):
        if self.date_from:
            queryset = queryset.filter(timestamp__gte=make_aware(dt.datetime.combine(self.date_from, dt.time()), None))
        if self.date_to:
            end = dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time())
            queryset = queryset.filter(timestamp__lt=make_aware(end, None))
        return queryset


class PanelLogEntryAdmin(PermittedLinksLogEntryAdmin):
    date_hierarchy = None  # the date range filter replaces it
    list_filter = ["action", ResourceTypeFilter, ActorFilter, LoginFilter, DateRangeFilter, RecordFilter, CIDFilter]

    def get_list_filter(self, request):
        filters = list(self.list_filter)
        return filters if is_portal_admin(request.user) else [f for f in filters if f is not CIDFilter]

    def get_list_display(self, request):
        shown = [name if name != "created" else "local_time" for name in super().get_list_display(request)]
        return shown if is_portal_admin(request.user) else [name for name in shown if name != "cid_url"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if is_portal_admin(request.user):
            return fieldsets
        return [(name, {**options, "fields": [f for f in options["fields"] if f != "cid"]})
                for name, options in fieldsets]

    @admin.display(description=_("time"), ordering="timestamp")
    def local_time(self, obj):
        return format_local(obj.timestamp, None)
