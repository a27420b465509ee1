"""OEE per machine where the floor recorded machines: a whole-line stop stops every machine, a machine's own stop
only it; output and rejects count where they were recorded (hand-computed)."""

import datetime as dt
import uuid
import zoneinfo

import pytest
from django.core.exceptions import ValidationError

from downtime.models import Category, DowntimeEvent
from downtime.services.events import EventInput, record_event
from portal.commands import Invalid
from portal.models import Machine, ProductionCapacity, Shift
from portal.services.machines import machine_on_line
from production.services import oee_inputs as data
from production.services import record_movement
from quality.models import DefectCode, InternalReject

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_dates")]
CHI = zoneinfo.ZoneInfo("America/Chicago")
DAY = dt.date(2026, 3, 10)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), CHI)


@pytest.fixture
def machines_day(shop):
    line = shop["assembly"]
    shift = Shift.objects.create(facility=line.facility, name="Day", start_time=dt.time(6), end_time=dt.time(14))
    ProductionCapacity.objects.create(line=line, shift=shift, units_per_shift=480)  # 60 units/h: 1 min per unit
    m1, m2 = (Machine.objects.create(line=line, code=c, name=c) for c in ("M-01", "M-02"))
    Machine.objects.create(line=line, code="M-03", name="idle, nothing recorded")
    jam = Category.objects.create(name="Jam")
    for start, end, machine in ((at(8), at(8, 30), None), (at(10), at(11), m1)):
        DowntimeEvent.objects.create(facility=line.facility, line=line, category=jam, production_date=DAY,
                                     duration_minutes=0, start=start, end=end, machine=machine,
                                     created_by=shop["admin"], idempotency_key=uuid.uuid4())
    record_movement(user=shop["admin"], line=line, order_number="O-1", direction="IN", quantity=700, at=at(6, 30))
    record_movement(user=shop["admin"], line=line, order_number="O-1", direction="OUT", quantity=300, at=at(12),
                    machine_code="m-01")
    record_movement(user=shop["admin"], line=line, order_number="O-1", direction="OUT", quantity=400, at=at(13),
                    machine_code="M-02")
    scratch = DefectCode.objects.create(code="SCR", name="Scratch")
    InternalReject.objects.create(line=line, machine=m1, part="P", quantity=10, defect=scratch, occurred_at=at(12),
                                  created_by=shop["admin"])
    return line


def test_each_machine_gets_the_line_stop_and_its_own(machines_day):
    results = {r.line: r for r in data.machine_oee([machines_day], DAY, DAY)}
    assert set(results) == {"WC001 / M-01", "WC001 / M-02"}  # M-03 recorded nothing: no row
    m1, m2 = results["WC001 / M-01"], results["WC001 / M-02"]
    # M-01: 480 min shift, 30 min line stop + 60 min own stop -> run 390; 300 units at 1 min; 10 rejected
    assert (m1.planned_minutes, m1.downtime_minutes, m1.run_minutes) == (480, 90, 390)
    assert (m1.produced, m1.rejected) == (300, 10)
    assert m1.availability == pytest.approx(390 / 480)
    assert m1.performance == pytest.approx(300 / 390)
    assert m1.quality == pytest.approx(290 / 300)
    assert m1.oee == pytest.approx(390 / 480 * 300 / 390 * 290 / 300)
    # M-02: only the line stop -> run 450; 400 units, none rejected
    assert (m2.downtime_minutes, m2.run_minutes, m2.produced, m2.rejected) == (30, 450, 400, 0)
    assert m2.oee == pytest.approx(450 / 480 * 400 / 450)
    # the line itself still counts every stop once and all output
    [line] = data.oee([machines_day], DAY, DAY)
    assert (line.downtime_minutes, line.produced) == (90, 700)


def test_report_and_api_show_one_row_per_machine(client, machines_day, shop):
    client.force_login(shop["admin"])
    params = {"first": DAY.isoformat(), "last": DAY.isoformat(), "group": "line", "micro": "2",
              "line": machines_day.pk}
    page = client.get("/production/oee/", {**params, "machines": "on"}).content.decode()
    assert "WC001 / M-01" in page and "WC001 / M-02" in page and "M-03" not in page
    body = client.get("/api/production/oee/", {**params, "machines": "true"}).json()
    rows = {row["line"]: row for row in body["rows"]}
    assert rows["WC001 / M-02"]["run_minutes"] == 450 and rows["WC001 / M-01"]["produced"] == 300


def test_a_machine_must_belong_to_the_line(machines_day, shop):
    other = Machine.objects.create(line=shop["welding"], code="W-01", name="Welder")
    with pytest.raises(ValidationError, match="Line WC001 has no machine W-01"):
        machine_on_line(machines_day, "w-01")
    with pytest.raises(Invalid, match="Line WC001 has no machine NOPE"):
        record_movement(user=shop["admin"], line=machines_day, order_number="O-1", direction="IN", quantity=1,
                        machine_code="nope")
    jam = Category.objects.get(name="Jam")
    with pytest.raises(Invalid) as refused:
        record_event(shop["admin"], EventInput(line=machines_day, start=at(6), end=at(6, 10), category=jam,
                                               crew_size=1, machine=other))
    assert "W-01 is not a machine of line WC001." in refused.value.errors["machine"]


def test_a_correction_keeps_the_machine(machines_day, shop):
    from production.models import Movement
    from production.services.ledger import reverse_movement

    out = Movement.objects.get(quantity=300)
    correction = reverse_movement(user=shop["admin"], movement=out, reason="counted twice").movement
    assert correction.machine.code == "M-01"  # it takes the units back from the machine that made them


@pytest.mark.django_db(databases=["default", "erp"])
def test_a_line_without_movements_takes_its_output_from_erp_job_completions(shop, erp_rows, client):
    from erp.models import Job

    welding, assembly = shop["welding"], shop["assembly"]
    facility = welding.facility
    facility.erp_code = "CHI"
    facility.save()
    welding.erp_line_code, assembly.erp_line_code = "WC3", "WC1"
    welding.save()
    assembly.save()
    for name, hour in (("Day", 6), ("Swing", 14)):
        shift = Shift.objects.create(facility=facility, name=name, start_time=dt.time(hour),
                                     end_time=dt.time(hour + 8))
        ProductionCapacity.objects.create(line=welding, shift=shift, units_per_shift=480)
        ProductionCapacity.objects.create(line=assembly, shift=shift, units_per_shift=480)
    job = {"part_id": "FG-1", "sales_order_id": None, "sales_order_line_id": None, "quantity_required": 400,
           "status": "CLOSED", "facility": "CHI", "line_code": "WC3", "created_date": dt.date(2026, 3, 1),
           "closed_date": DAY}
    erp_rows(Job, [{**job, "job_number": "J-1", "quantity_completed": 301},
                   {**job, "job_number": "J-2", "quantity_completed": 99, "facility": "ATL"},  # another plant's WC3
                   {**job, "job_number": "J-3", "quantity_completed": 50, "line_code": "WC1"},  # assembly reports
                   {**job, "job_number": "J-4", "quantity_completed": 70, "closed_date": DAY + dt.timedelta(1)}])
    record_movement(user=shop["admin"], line=assembly, order_number="O-9", direction="IN", quantity=20, at=at(7))
    record_movement(user=shop["admin"], line=assembly, order_number="O-9", direction="OUT", quantity=20, at=at(9))

    results = data.oee([welding, assembly], DAY, DAY)
    by_shift = {(r.line, r.shift): r for r in results}
    # 301 units closed on the 10th over two 8-hour shifts: 150.5 each -> 151 + 150 (whole units, nothing lost)
    assert (by_shift["WC003", "Day"].produced, by_shift["WC003", "Swing"].produced) == (151, 150)
    assert data.ERP_NOTE in by_shift["WC003", "Day"].notes
    # assembly recorded movements: its own 20 units, never the ERP's 50
    assert by_shift["WC001", "Day"].produced == 20 and not by_shift["WC001", "Day"].notes

    client.force_login(shop["admin"])
    page = client.get("/production/oee/", {"first": DAY.isoformat(), "last": DAY.isoformat(), "group": "line",
                                           "micro": "2", "line": welding.pk}).content.decode()
    assert "output from ERP job completions" in page
