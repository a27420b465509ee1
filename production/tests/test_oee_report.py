"""The OEE report over the portal's own data: shifts, capacity, downtime (planned flag) and OUT movements."""

import datetime as dt
import io
import uuid
import zoneinfo

import pytest
from openpyxl import load_workbook

from downtime.models import Category, DowntimeEvent
from portal.models import ProductionCapacity, Shift
from production.services import oee_inputs as data
from production.services import record_movement

pytestmark = pytest.mark.django_db
CHI = zoneinfo.ZoneInfo("America/Chicago")


@pytest.fixture
def day_shift(shop):
    line = shop["assembly"]
    shift = Shift.objects.create(facility=line.facility, name="Day", start_time=dt.time(6), end_time=dt.time(14))
    ProductionCapacity.objects.create(line=line, shift=shift, units_per_shift=480)  # 60 units/h
    brk = Category.objects.create(name="Break", planned=True)
    jam = Category.objects.create(name="Jam")
    day = dt.date(2026, 3, 10)
    for start, end, category in ((dt.time(10), dt.time(10, 30), brk), (dt.time(8), dt.time(9), jam)):
        DowntimeEvent.objects.create(
            facility=line.facility, line=line, category=category, production_date=day, duration_minutes=0,
            start=dt.datetime.combine(day, start, CHI), end=dt.datetime.combine(day, end, CHI),
            created_by=shop["admin"], idempotency_key=uuid.uuid4())
    record_movement(user=shop["admin"], line=line, order_number="O-1", direction="IN", quantity=400,
                    at=dt.datetime.combine(day, dt.time(7), CHI))
    record_movement(user=shop["admin"], line=line, order_number="O-1", direction="OUT", quantity=360,
                    at=dt.datetime.combine(day, dt.time(13), CHI))
    return line, day


def test_a_day_shift_in_chicago_from_the_portals_data(day_shift):
    line, day = day_shift
    [result] = data.oee([line], day, day)
    # 480 min shift - 30 min planned break = 450; 60 min jam -> run 390; 360 units at 1 min each
    assert (result.planned_minutes, result.downtime_minutes, result.run_minutes) == (450, 60, 390)
    assert result.availability == pytest.approx(390 / 450)
    assert result.performance == pytest.approx(360 / 390)
    assert result.start == dt.datetime(2026, 3, 10, 11, tzinfo=dt.UTC)  # 06:00 CDT (summer time since March 8)


def test_a_stop_planned_by_its_grandparent_category_is_not_counted_against_availability(day_shift):
    line, day = day_shift
    planned = Category.objects.create(name="Planned", planned=True)
    huddle = Category.objects.create(name="Huddle", parent=Category.objects.create(name="Team", parent=planned))
    DowntimeEvent.objects.filter(category__name="Break").update(category=huddle)  # only the grandparent is flagged
    [result] = data.oee([line], day, day)
    assert (result.planned_minutes, result.downtime_minutes, result.run_minutes) == (450, 60, 390)
    planned.planned = False
    planned.save()
    [result] = data.oee([line], day, day)  # unflagged: the huddle is downtime like the jam
    assert (result.planned_minutes, result.downtime_minutes) == (480, 90)


def test_report_page_shows_factors_with_inputs_and_exports_them(client, day_shift, shop):
    line, day = day_shift
    client.force_login(shop["admin"])
    params = {"first": day.isoformat(), "last": day.isoformat(), "group": "shift", "micro": "2", "line": line.pk}
    page = client.get("/production/oee/", params)
    body = page.content.decode()
    assert "WC001 · 2026-03-10 · Day" in body and "86.7%" in body and "92.3%" in body  # A and P
    export = client.get("/production/oee/", {**params, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    header, first = [c.value for c in sheet[1]], [c.value for c in sheet[2]]
    assert header[0] == "Line / period" and first[0] == "WC001 · 2026-03-10 · Day"
    assert first[header.index("Availability %")] == pytest.approx(86.7)


def test_bad_periods_get_a_message_not_an_error(client, shop):
    client.force_login(shop["admin"])
    page = client.get("/production/oee/", {"first": "2026-03-10", "last": "2025-01-01", "group": "day", "micro": "2"})
    assert page.status_code == 200 and "Choose a period" in page.content.decode()
    page = client.get("/production/oee/", {"first": "yesterday", "last": "x", "group": "nope", "micro": "-1"})
    assert page.status_code == 200


def test_report_draws_the_trend_and_the_loss_waterfall(client, day_shift, shop):
    line, day = day_shift
    client.force_login(shop["admin"])
    page = client.get("/production/oee/", {"first": (day - dt.timedelta(days=1)).isoformat(),
                                           "last": day.isoformat(), "group": "day", "micro": "2", "line": line.pk})
    body = page.content.decode()
    trend = body[body.index('id="oee-trend"'):body.index('id="oee-waterfall"')]
    # two plant days: the 9th had no shift output (OEE 0 %), the 10th 86.7 % x 92.3 % x 100 % = 80 %
    assert "2026-03-09: OEE 0.0 %" in trend and "2026-03-10: OEE 80.0 %" in trend
    assert trend.count("<polyline") >= 4  # OEE and its three factors
    waterfall = body[body.index('id="oee-waterfall"'):]
    # planned 480 (the 9th) + 450 min; the jam's 60 min; speed loss = run 870 - ideal 360 = 510 min; productive 360
    for figure in ("930.0 min", "60.0 min", "510.0 min", "360.0 min"):
        assert figure in waterfall


def test_api_gives_the_reports_figures_with_their_inputs(client, day_shift, shop):
    line, day = day_shift
    client.force_login(shop["admin"])
    answer = client.get("/api/production/oee/", {"first": day.isoformat(), "last": day.isoformat(), "group": "day",
                                                 "line": line.pk})
    assert answer.status_code == 200
    [row] = answer.json()["rows"]
    assert (row["line"], row["period"], row["planned_minutes"], row["downtime_minutes"]) == ("WC001", "2026-03-10",
                                                                                           450, 60)
    assert row["availability"] == pytest.approx(390 / 450) and row["produced"] == 360
    assert row["start"] == "2026-03-10T06:00:00-05:00" and row["time_zone"] == "America/Chicago"
    assert answer.json()["total"]["oee"] == pytest.approx(row["oee"])


def test_api_refuses_bad_periods_and_foreign_lines_with_a_message(client, day_shift, shop):
    line, day = day_shift
    client.force_login(shop["painter"])  # Finishing: may read OEE, but not of Assembly
    foreign = client.get("/api/production/oee/", {"first": day.isoformat(), "last": day.isoformat(), "line": line.pk})
    assert foreign.status_code == 400 and "line" in foreign.json()
    backwards = client.get("/api/production/oee/", {"first": "2026-03-10", "last": "2025-01-01"})
    assert backwards.status_code == 400 and "Choose a period" in str(backwards.json())
    assert client.get("/api/production/oee/", {"first": "x"}).status_code == 400


def test_a_reject_recorded_by_quality_lowers_the_quality_factor(day_shift, shop):
    from quality.models import DefectCode, InternalReject

    line, day = day_shift
    [before] = data.oee([line], day, day)
    assert before.quality == 1
    InternalReject.objects.create(line=line, part="P-1", quantity=18, defect=DefectCode.objects.create(
        code="SCR", name="Scratch"), occurred_at=dt.datetime.combine(day, dt.time(12), CHI), created_by=shop["admin"])
    [after] = data.oee([line], day, day)
    assert (after.produced, after.rejected, after.good) == (360, 18, 342)
    assert after.quality == pytest.approx(342 / 360) and after.oee == pytest.approx(before.oee * 342 / 360)


def test_the_reports_default_day_is_the_readers_plants_not_the_portals(client, monkeypatch):
    """At 20:00 UTC it is still the 10th in Chicago (the portal) but already the 11th in Auckland: a reader of an
    Auckland line opens the report on Auckland's yesterday and today."""
    from django.utils import timezone

    from portal.testing.factories import DepartmentFactory, FacilityFactory, ProductionLineFactory, UserFactory

    line = ProductionLineFactory(facility=FacilityFactory(code="AKL", time_zone="Pacific/Auckland"), code="NZ1")
    department = DepartmentFactory(name="Auckland floor")
    department.lines.set([line])
    reader = UserFactory(username="akl_reader", roles=["Production_Operator"])
    reader.departments.set([department])
    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 3, 10, 20, tzinfo=dt.UTC))
    client.force_login(reader)
    body = client.get("/production/oee/").content.decode()
    assert 'value="2026-03-11"' in body and 'value="2026-03-10"' in body
    assert 'value="2026-03-09"' not in body


def test_planned_time_follows_the_facilitys_working_calendar(day_shift):
    """The core calendar: no planned production time on a weekend or a holiday (Tue 10 March .. Mon 16 March)."""
    from portal.models import Holiday

    line, day = day_shift
    Holiday.objects.create(facility=line.facility, date=dt.date(2026, 3, 12), name="Plant holiday")
    windows = data.windows([line], day, dt.date(2026, 3, 16))
    days = [w.start.astimezone(CHI).date() for w in windows]
    # Tue, Wed, (Thu a holiday), Fri, (Sat, Sun off), Mon: 4 shifts of 8 h
    assert days == [dt.date(2026, 3, n) for n in (10, 11, 13, 16)]
    assert data.oee([line], dt.date(2026, 3, 12), dt.date(2026, 3, 12)) == []


def test_the_trend_charts_last_period_label_fits_inside_the_chart():
    """The trend's last date label (centred on its point) ends inside the drawing, not clipped (issue 34)."""
    from production.views.oee_charts import RIGHT, WIDTH

    half_label = len("2026-03-09") * 11 * 0.6 / 2  # about 0.6 em per digit at font-size 11
    assert WIDTH - RIGHT + half_label <= WIDTH
