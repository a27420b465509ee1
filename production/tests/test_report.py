"""The balance report's groupings and plant dates, the movements list, the ERP job picker, output per day."""

import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from production.models import Movement
from production.services import produced_units, produced_units_per_day, record_movement, reverse_movement

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fixed_dates")]


def _rec(user, line, direction, qty, order="PO-1", **kw):
    return record_movement(user=user, line=line, order_number=order, direction=direction, quantity=qty, **kw)


def test_dates_are_the_plant_dates_of_each_work_center(client, shop):
    # 03:30 UTC on 2 March is still 1 March in Chicago (21:30) and 22:30 on 1 March in Atlanta.
    late_evening = dt.datetime(2026, 3, 2, 3, 30, tzinfo=dt.UTC)
    chicago = _rec(shop["admin"], shop["assembly"], "IN", 5, order="EVE-1", at=late_evening).movement
    atlanta = _rec(shop["admin"], shop["paint"], "IN", 7, order="EVE-2", at=late_evening).movement
    assert (chicago.plant_date, atlanta.plant_date) == (dt.date(2026, 3, 1), dt.date(2026, 3, 1))
    client.force_login(shop["admin"])
    first = client.get("/production/report/", {"date_after": "2026-03-01", "date_before": "2026-03-01"})
    assert sorted(r["object"]["order__number"] for r in first.context["rows"]) == ["EVE-1", "EVE-2"]
    second = client.get("/production/report/", {"date_after": "2026-03-02", "date_before": "2026-03-02"})
    # nothing moved on the 2nd: each order carries its balance through it
    assert sorted((r["object"]["order__number"], r["object"]["opening"], r["object"]["closing"])
                  for r in second.context["rows"]) == [("EVE-1", 5, 5), ("EVE-2", 7, 7)]
    assert second.context["totals"]["qty_in"] == 0


def test_rows_by_work_center_order_department_or_user(client, shop):
    admin, op, painter = shop["admin"], shop["operator"], shop["painter"]
    _rec(op, shop["assembly"], "IN", 100, order="A-1")
    _rec(op, shop["assembly"], "OUT", 30, order="A-1")
    _rec(admin, shop["welding"], "IN", 30, order="A-1")
    _rec(painter, shop["paint"], "IN", 8, order="P-1")
    client.force_login(admin)

    def rows(group, **filters):
        page = client.get("/production/report/", {"group": group, **filters})
        assert page.status_code == 200
        return [tuple(cell[1] for cell in r["cells"]) for r in page.context["rows"]]

    by_line = rows("line")
    assert [r[0] for r in by_line] == ["WC001", "WC003", "WC004"]
    assert by_line[0][2:7] == ("CHI", 100, 30, 70, 2)
    by_order = rows("order")
    assert by_order[0][:6] == ("A-1", "", 130, 30, 100, 3) and by_order[0][6] == 2  # two work centers
    by_user = rows("user", line=shop["assembly"].pk)
    assert [r[0] for r in by_user] == ["op_prod"] and by_user[0][2:5] == (100, 30, 70)
    by_department = rows("department")
    assert {r[0]: r[1:4] for r in by_department} == {"Production": (130, 30, 100), "Finishing": (8, 0, 8)}
    assert rows("nonsense") == []  # an unknown grouping is a filter error shown on the page, not a 500

    export = client.get("/production/report/", {"group": "user", "export": "xlsx"})
    assert export.status_code == 200 and "production-by-user" in export["Content-Disposition"]
    api = client.get("/api/production/balances/", {"group": "department"}).json()["results"]
    assert {row["department"]: row["balance"] for row in api} == {"Finishing": 8, "Production": 100}


def test_the_movements_list_shows_overrides_and_corrections_with_reasons(client, shop, django_assert_max_num_queries):
    admin, op = shop["admin"], shop["operator"]
    wrong = _rec(op, shop["assembly"], "IN", 9, order="L-1").movement
    reverse_movement(user=op, movement=wrong, reason="typed the wrong order")
    _rec(admin, shop["assembly"], "OUT", 4, order="L-2", override_reason="IN never scanned")
    _rec(shop["painter"], shop["paint"], "IN", 3, order="HIDDEN")
    client.force_login(op)
    html = client.get("/production/movements/").content.decode()
    assert "typed the wrong order" in html and "IN never scanned" in html
    assert "Correction (reverses a movement)" in html and "HIDDEN" not in html  # not the operator's department
    for n in range(40):
        _rec(op, shop["welding"], "IN", n + 1, order=f"M-{n}")
    with django_assert_max_num_queries(14):
        assert client.get("/production/movements/", {"per_page": "100"}).status_code == 200
    report = client.get("/production/report/").content.decode()
    assert "/production/movements/?order=L-1&amp;line=" in report  # a balance row opens its movements


@pytest.mark.django_db(databases=["default", "erp"])
def test_the_job_picker_lists_the_open_erp_jobs_of_the_work_center(client, shop, erp_rows):
    from erp.models import Job, Part

    assembly = shop["assembly"]
    assembly.erp_line_code = "ASM"
    assembly.save()
    part = erp_rows(Part, [{"part_number": "FG-7", "description": "Seven", "part_type": "FG", "unit_cost": 1,
                            "uom": "EA"}])[0]
    erp_rows(Job, [
        {"job_number": "J-70", "part": part, "status": "RELEASED", "facility": "CHI", "line_code": "ASM",
         "quantity_required": 5, "created_date": dt.date(2026, 1, 1)},
        {"job_number": "J-71", "part": part, "status": "CLOSED", "facility": "CHI", "line_code": "ASM",
         "quantity_required": 5, "created_date": dt.date(2026, 1, 1)},
        {"job_number": "J-72", "part": part, "status": "STARTED", "facility": "CHI", "line_code": "WLD",
         "quantity_required": 5, "created_date": dt.date(2026, 1, 1)},
    ])
    client.force_login(shop["operator"])
    html = client.get(f"/production/work-centers/{assembly.pk}/jobs/").content.decode()
    assert 'data-job="J-70"' in html and "J-71" not in html and "J-72" not in html
    assert "No open job of this line matches." in client.get(
        f"/production/work-centers/{assembly.pk}/jobs/", {"job_q": "nothing"}).content.decode()
    assert client.get(f"/production/work-centers/{shop['paint'].pk}/jobs/").status_code == 404  # not theirs
    typed = _rec(shop["operator"], assembly, "IN", 2, order="J-ORDER", erp_job="j-999").movement  # or typed
    assert (typed.erp_job, typed.order.erp_job) == ("J-999", "J-999")


def test_output_per_day_counts_outs_less_their_corrections(shop):
    op, wc = shop["operator"], shop["assembly"]
    day = dt.datetime(2026, 3, 10, 15, 0, tzinfo=dt.UTC)
    _rec(op, wc, "IN", 50, at=day)
    _rec(op, wc, "OUT", 20, at=day)
    wrong = _rec(op, wc, "OUT", 5, at=day + dt.timedelta(days=1)).movement
    reverse_movement(user=op, movement=wrong, reason="counted twice")
    _rec(op, wc, "OUT", 7, at=day + dt.timedelta(days=1))
    per_day = produced_units_per_day([wc.pk], dt.date(2026, 3, 10), dt.date(2026, 3, 11))
    # the correction is recorded now (its own day): it takes the 5 back on the day it is recorded
    assert per_day[(wc.pk, dt.date(2026, 3, 10))] == 20 and per_day[(wc.pk, dt.date(2026, 3, 11))] == 12
    assert produced_units([wc.pk], day - dt.timedelta(hours=1), timezone.now() + dt.timedelta(minutes=1)) == {
        wc.pk: 27}
    assert Movement.objects.filter(kind="correction").get().plant_date == timezone.localdate(
        timezone.now(), timezone=zoneinfo.ZoneInfo("America/Chicago"))
