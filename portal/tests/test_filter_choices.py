"""Filter selects of the list pages: one blank choice each (django-filter's "---------" used to come on top of the
filter's own "Any"), shifts listed once with their facility, categories in their configured order."""

import datetime as dt
import re

import pytest

from downtime.models import Category
from portal.testing.factories import FacilityFactory, ShiftFactory

SELECT = re.compile(r"<select[^>]*name=\"([^\"]+)\"[^>]*>(.*?)</select>", re.S)
LIST_PAGES = ["/downtime/summary/", "/mrp/", "/mrp/customer/", "/mrp/shortages/", "/scheduling/", "/erp/bom/",
              "/erp/po/", "/erp/jobs/", "/notifications/"]


def selects(html: str) -> dict[str, list[tuple[str, str]]]:
    return {name: re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', body)
            for name, body in SELECT.findall(html)}


@pytest.mark.django_db(databases=["default", "erp"])
@pytest.mark.parametrize("url", LIST_PAGES)
def test_every_select_has_one_blank_choice_and_no_dashes(client, erp_data, portal_admin, plant, url):
    client.force_login(portal_admin)
    response = client.get(url)
    assert response.status_code == 200
    found = selects(response.content.decode())
    for name, options in found.items():
        blanks = [label for value, label in options if value == ""]
        assert len(blanks) <= 1, f"{url} {name}: {blanks}"
        assert "---------" not in blanks, f"{url} {name}"


@pytest.mark.django_db
def test_shifts_once_with_their_facility_and_categories_in_configured_order(client_for, plant):
    other = FacilityFactory(code="ATL", time_zone="America/New_York")
    ShiftFactory(facility=other, name="Day", start_time=dt.time(6), end_time=dt.time(14))
    late = Category.objects.create(name="Zeta main", sort_order=1)
    early = Category.objects.create(name="Alpha main", sort_order=9)
    Category.objects.create(name="B sub", parent=late, sort_order=2)
    Category.objects.create(name="A sub", parent=late, sort_order=5)
    Category.objects.create(name="C sub", parent=early, sort_order=1)
    found = selects(client_for("Scheduling_User").get("/downtime/summary/").content.decode())
    shifts = [label for value, label in found["shift"] if value]
    assert len(shifts) == len(set(shifts)) == 4
    assert "MAIN · Day (06:00–14:00)" in shifts and "ATL · Day (06:00–14:00)" in shifts
    categories = [label for value, label in found["category"] if value]
    assert categories == ["Zeta main", "Zeta main › B sub", "Zeta main › A sub", "Alpha main", "Alpha main › C sub"]
