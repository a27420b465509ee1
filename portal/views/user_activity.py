"""User management for admins: who is active, how often they sign in, when they last did something; Excel and CSV."""

from __future__ import annotations

import django_filters
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from portal.lists.columns import Column, LocalDateTimeColumn
from portal.lists.filters import PortalFilterSet, YesNoFilter
from portal.lists.views import PortalListView
from portal.models import User
from portal.roles import VIEW_USERS
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
    permission_required = VIEW_USERS
    title = _("User activity")
    intro = _("Sign-ins counted over the chosen period; last action: the user's latest change in the audit log. "
              "Times in the portal's time zone.")
    filterset_class = UserActivityFilter
    template_name = "portal/user_activity.html"
    default_sort = "username"
    export_name = "user-activity"
    export_formats = ("xlsx", "csv")
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

    def get_extra_context(self) -> dict:
        return {"default_period": DEFAULT_PERIOD}
