"""Plant-local time: a stop of the Atlanta plant (America/New_York) on a portal whose zone is America/Chicago reads
in Atlanta's time, labelled, in the summary, its Excel export, the REST API and the admin (issue 9)."""

import datetime as dt
import io
import uuid

import pytest
from django.utils import formats
from openpyxl import load_workbook
from rest_framework.test import APIClient

from downtime.models import DowntimeEvent
from portal.testing.factories import FacilityFactory, ProductionLineFactory, ShiftFactory, UserFactory, work_on

pytestmark = pytest.mark.django_db

ATLANTA = "America/New_York"


@pytest.fixture
def atlanta(db, settings):
    assert settings.TIME_ZONE == "America/Chicago"  # the server's zone is not the plant's
    facility = FacilityFactory(code="ATL", name="Atlanta plant", time_zone=ATLANTA)
    line = ProductionLineFactory(facility=facility, code="A1")
    night = ShiftFactory(facility=facility, name="Night", start_time=dt.time(22), end_time=dt.time(6))
    day = ShiftFactory(facility=facility, name="Day", start_time=dt.time(6), end_time=dt.time(14))
    return {"facility": facility, "line": line, "night": night, "day": day}


def _event(atlanta, categories, user, start, minutes=25, shift="day", production_date=None):
    return DowntimeEvent.objects.create(
        facility=atlanta["facility"], line=atlanta["line"], start=start, end=start + dt.timedelta(minutes=minutes),
        duration_minutes=minutes, crew_size=2, category=categories["jam"], shift=atlanta[shift],
        production_date=production_date or start.astimezone(atlanta["facility"].tzinfo).date(), created_by=user,
        idempotency_key=uuid.uuid4())


@pytest.fixture
def atlanta_reader(reader_client, reader, atlanta):
    """The planner reads Atlanta's reports too."""
    work_on(reader, atlanta["line"])
    return reader_client


@pytest.fixture
def stop(plant, atlanta, categories, operator):
    """Atlanta 09:05 EDT on 10 March 2026 (13:05 UTC); the Chicago server would say 08:05."""
    return _event(atlanta, categories, operator, dt.datetime(2026, 3, 10, 13, 5, tzinfo=dt.UTC))


def _short(value: dt.datetime) -> str:
    return formats.date_format(value, "SHORT_DATETIME_FORMAT")


def test_summary_shows_the_facilitys_wall_clock_time_with_its_zone(atlanta_reader, stop):
    html = atlanta_reader.get(
        "/downtime/summary/", {"production_date_after": "2026-03-10", "production_date_before": "2026-03-10"},
    ).content.decode()
    atlanta_time = _short(dt.datetime(2026, 3, 10, 9, 5))
    chicago_time = _short(dt.datetime(2026, 3, 10, 8, 5))
    assert f"{atlanta_time} EDT" in html and f"{_short(dt.datetime(2026, 3, 10, 9, 30))} EDT" in html
    assert chicago_time not in html


def test_summary_export_has_the_facilitys_time_as_a_real_date_time_labelled(atlanta_reader, stop):
    response = atlanta_reader.get(
        "/downtime/summary/", {"production_date_after": "2026-03-10", "production_date_before": "2026-03-10",
                               "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [c.value for c in sheet[1]]
    start = sheet.cell(row=2, column=header.index("Start") + 1)
    end = sheet.cell(row=2, column=header.index("End") + 1)
    assert start.value == dt.datetime(2026, 3, 10, 9, 5) and end.value == dt.datetime(2026, 3, 10, 9, 30)
    assert start.number_format.endswith('"EDT"')  # sorts and filters as a date, reads with its zone


def test_export_of_objects_and_of_plain_values_agree(stop):
    """Both export paths of the shared list (value tuples, objects) convert to the row's facility zone."""
    from downtime.views.summary import DowntimeSummaryView
    from portal.lists.views import PortalListView

    columns = [c for c in DowntimeSummaryView.columns if c.key in ("start", "end")]
    queryset = DowntimeEvent.objects.filter(pk=stop.pk)
    rows, prepared = PortalListView().export_rows(queryset, columns)
    assert prepared
    fast = list(rows)[0]
    slow = [c.excel_value(stop) for c in columns]
    assert fast == slow
    assert [v.replace(tzinfo=None) for v in fast] == [dt.datetime(2026, 3, 10, 9, 5), dt.datetime(2026, 3, 10, 9, 30)]


def test_api_gives_the_facilitys_offset_and_zone(operator, atlanta, stop):
    work_on(operator, atlanta["line"])  # the operator's own Atlanta stop
    api = APIClient()
    api.force_authenticate(operator)
    body = api.get(f"/api/downtime/events/{stop.pk}/").json()
    assert body["start"] == "2026-03-10T09:05:00-04:00" and body["end"] == "2026-03-10T09:30:00-04:00"
    assert body["time_zone"] == ATLANTA


def test_api_reads_a_time_without_offset_in_the_lines_zone(operator, atlanta, categories):
    work_on(operator, atlanta["line"])
    api = APIClient()
    api.force_authenticate(operator)
    response = api.post("/api/downtime/events/", {
        "line": atlanta["line"].pk, "start": "2026-03-10T09:05", "end": "2026-03-10T09:30",
        "category": categories["jam"].pk, "crew_size": 1}, format="json")
    assert response.status_code == 201, response.content
    event = DowntimeEvent.objects.get(pk=response.json()["id"])
    assert event.start == dt.datetime(2026, 3, 10, 13, 5, tzinfo=dt.UTC)  # 09:05 EDT, not 09:05 CDT
    assert response.json()["start"] == "2026-03-10T09:05:00-04:00"


def test_api_refuses_a_time_skipped_by_the_clock_change(operator, atlanta, categories):
    api = APIClient()
    api.force_authenticate(operator)
    response = api.post("/api/downtime/events/", {
        "line": atlanta["line"].pk, "start": "2026-03-08T02:10", "end": "2026-03-08T02:40",
        "category": categories["jam"].pk}, format="json")
    assert response.status_code == 400
    assert "does not exist in America/New_York" in response.json()["start"][0]


def test_admin_list_and_change_page_use_the_facilitys_zone(client, stop):
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    listing = client.get("/admin/downtime/downtimeevent/").content.decode()
    assert f"{_short(dt.datetime(2026, 3, 10, 9, 5))} EDT" in listing
    assert _short(dt.datetime(2026, 3, 10, 8, 5)) not in listing
    page = client.get(f"/admin/downtime/downtimeevent/{stop.pk}/change/").content.decode()
    assert "9:05" in page and "8:05" not in page


def test_overnight_stop_across_the_fall_back_night(atlanta, categories, operator, atlanta_reader):
    """A stop at 01:30 the second time (EST) on 1 Nov 2026 belongs to the night shift that started 31 Oct; the
    summary says 1:30 EST, not the first 1:30 EDT, nor Chicago's 0:30."""
    from downtime.services.events import detect_shift

    start = dt.datetime(2026, 11, 1, 6, 30, tzinfo=dt.UTC)  # 01:30 EST (after the clocks went back)
    shift, production_date = detect_shift(atlanta["line"], start)
    assert shift == atlanta["night"] and production_date == dt.date(2026, 10, 31)
    _event(atlanta, categories, operator, start, shift="night", production_date=production_date)
    html = atlanta_reader.get(
        "/downtime/summary/", {"production_date_after": "2026-10-31", "production_date_before": "2026-10-31"},
    ).content.decode()
    assert f"{_short(dt.datetime(2026, 11, 1, 1, 30))} EST" in html
    assert f"{_short(dt.datetime(2026, 11, 1, 1, 30))} EDT" not in html


def test_no_label_when_every_facility_shares_the_portals_zone(reader_client, plant, categories, operator):
    facility = plant["facility"]
    start = dt.datetime(2026, 3, 10, 9, 5, tzinfo=facility.tzinfo)
    DowntimeEvent.objects.create(
        facility=facility, line=plant["lines"][0], start=start, end=start + dt.timedelta(minutes=10),
        duration_minutes=10, crew_size=1, category=categories["jam"], production_date=start.date(),
        created_by=operator, idempotency_key=uuid.uuid4())
    html = reader_client.get(
        "/downtime/summary/", {"production_date_after": "2026-03-10", "production_date_before": "2026-03-10"},
    ).content.decode()
    assert _short(dt.datetime(2026, 3, 10, 9, 5)) in html
    assert "CDT" not in html


def test_notification_text_says_the_plant_time_with_its_zone(plant, atlanta, categories, operator):
    from django.contrib.auth.models import Group

    from downtime.services.events import _notify
    from notifications.models import Notification

    categories["jam"].notify = True
    categories["jam"].save()
    categories["jam"].notify_groups.set([Group.objects.get(name="DowntimeTracker_Admin")])
    stop = _event(atlanta, categories, operator, dt.datetime(2026, 3, 10, 13, 5, tzinfo=dt.UTC))
    _notify(stop)
    assert Notification.objects.get(kind="downtime.event").body.startswith("2026-03-10 09:05 EDT,")


def test_entry_form_reads_the_lines_zone_and_refuses_the_skipped_hour(operator, atlanta, categories):
    from downtime.forms import DowntimeEventForm

    work_on(operator, atlanta["line"])
    data = {"line": atlanta["line"].pk, "category": categories["jam"].pk, "crew_size": 1}
    form = DowntimeEventForm({**data, "start": "2026-03-10T09:05", "end": "2026-03-10T09:30"}, user=operator)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == dt.datetime(2026, 3, 10, 13, 5, tzinfo=dt.UTC)  # 09:05 EDT
    skipped = DowntimeEventForm({**data, "start": "2026-03-08T02:10", "end": "2026-03-08T03:40"}, user=operator)
    assert not skipped.is_valid()
    assert "does not exist in America/New_York" in skipped.errors["start"][0]
