"""User management for admins: who is active, how often they sign in, when they last did something; Excel and CSV."""

from __future__ import annotations

import csv

import django_filters
from django.contrib.auth.models import Group
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.imports.formats import neutralise_for_csv
from portal.lists.columns import Column, LocalDateTimeColumn
from portal.lists.filters import PortalFilterSet, YesNoFilter
from portal.lists.views import PortalListView
from portal.models import User
from portal.services.localtime import format_local
from portal.services.user_activity import DEFAULT_PERIOD, PERIODS, activity, period_days


class UserActivityFilter(PortalFilterSet):
    search_fields = ("username", "first_name", "last_name", "email")
    period = django_filters.ChoiceFilter(
        label=_("Sign-ins in the last"), method="keep", empty_label=None,
        choices=[(str(days), _("%(days)d days") % {"days": days}) for days in PERIODS])
    role = django_filters.ModelChoiceFilter(field_name="groups", label=_("Role"),
                                            queryset=Group.objects.order_by("name"))
    is_active = YesNoFilter(label=_("Active"))

    class Meta:
        model = User
        fields = ["q", "period", "role", "is_active"]

    def keep(self, queryset, name, value):
        return queryset  # the period shapes the counts (UserActivityView.get_queryset), not the rows


def _roles(user) -> str:
    return ", ".join(sorted(group.name for group in user.groups.all()))


class UserActivityView(PortalListView):
    permission_required = "portal.view_user"
    title = _("User activity")
    intro = _("Sign-ins counted over the chosen period; last action: the user's latest change in the audit log. "
              "Times in the portal's time zone.")
    filterset_class = UserActivityFilter
    template_name = "portal/user_activity.html"
    default_sort = "username"
    export_name = "user-activity"
    columns = (
        Column("username", _("Username"), sort="username"),
        Column("full_name", _("Name"), getter=lambda u: u.get_full_name(), sort="last_name"),
        Column("roles", _("Roles"), getter=_roles),
        Column("is_active", _("Active"), kind="bool", sort="is_active"),
        Column("logins", _("Sign-ins in period"), kind="int", sort="logins"),
        Column("failed_logins", _("Failed sign-ins in period"), kind="int", sort="failed_logins"),
        LocalDateTimeColumn("last_login", _("Last sign-in"), sort="last_login"),
        LocalDateTimeColumn("last_action", _("Last action"), sort="last_action"),
    )

    def get_queryset(self):
        return activity(period_days(self.request.GET.get("period")))

    def get(self, request, *args, **kwargs):
        if request.GET.get("export") == "csv":
            return self.export_csv()
        return super().get(request, *args, **kwargs)

    def export_csv(self):
        """The filtered, sorted rows as CSV (text cells made formula-safe), streamed."""
        from portal.lists.filters import usable
        from portal.lists.sorting import apply_sort, parse_sort

        filterset = self.filterset_class(self.request.GET or None, queryset=self.get_queryset(), request=self.request)
        queryset = filterset.qs if usable(filterset) else filterset.queryset.none()
        key, desc = parse_sort(self.request.GET.get("sort"), self.columns, self.default_sort)
        queryset = apply_sort(queryset, self.columns, key, desc, self.tiebreak)

        class Echo:
            def write(self, value):
                return value

        writer = csv.writer(Echo())

        def cell(column, user):
            value = column.value(user) if not isinstance(column, LocalDateTimeColumn) else None
            if isinstance(column, LocalDateTimeColumn):
                return format_local(getattr(user, column.key), None, "Y-m-d H:i", label=False)
            if column.kind == "bool":
                return "yes" if value else "no"
            return neutralise_for_csv("" if value is None else value)

        def rows():
            yield writer.writerow([str(column.label) for column in self.columns])
            for user in queryset.iterator(chunk_size=500):
                yield writer.writerow([cell(column, user) for column in self.columns])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="user-activity-{stamp}.csv"'
        return response

    def get_extra_context(self) -> dict:
        return {"csv_query": self._query_without("page", "export"), "default_period": DEFAULT_PERIOD}
