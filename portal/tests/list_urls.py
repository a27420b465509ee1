"""A list page over core data, used to test the shared list mechanism on its own."""

import django_filters
from django.urls import include, path

from portal.lists.columns import Column
from portal.lists.filters import PortalFilterSet
from portal.lists.views import PortalListView
from portal.models import ProductionLine


class LineFilter(PortalFilterSet):
    search_fields = ("code", "name", "facility__name")
    facility = django_filters.CharFilter(field_name="facility__code", label="Facility")
    created = django_filters.DateFromToRangeFilter(field_name="created_at")

    class Meta:
        model = ProductionLine
        fields = ["active"]


class LineList(PortalListView):
    permission_required = "portal.view_reports"
    title = "Lines"
    filterset_class = LineFilter
    default_sort = "code"
    columns = (
        Column("code", "Code", sort="code"),
        Column("name", "Name", sort="name"),
        Column("facility.code", "Facility", sort="facility__code"),
        Column("pk", "Number", kind="int", sort="pk"),
        Column("created_at", "Created", kind="datetime", sort="created_at"),
        Column("active", "Active", kind="bool"),
    )

    def get_queryset(self):
        return ProductionLine.objects.select_related("facility")


urlpatterns = [
    path("lines/", LineList.as_view(), name="test-lines"),
    path("", include("portal.urls")),
]
