"""Pages and REST endpoints of production orders: scoping, the report with totals and export, query budgets."""

import io

import pytest
from openpyxl import load_workbook

from production.models import Movement
from production.services import record_movement

pytestmark = pytest.mark.django_db


def _rec(user, line, direction, qty, order="PO-1", **kw):
    return record_movement(user=user, line=line, order_number=order, direction=direction, quantity=qty, **kw)


def test_api_records_in_then_out_and_refuses_an_out_above_the_balance(client, shop):
    client.force_login(shop["operator"])
    body = {"line": shop["assembly"].pk, "order_number": "po-77", "direction": "IN", "quantity": 12,
            "idempotency_key": "a1"}
    created = client.post("/api/production/movements/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["balance"] == 12
    assert created.json()["movement"]["at"].endswith(("-06:00", "-05:00"))  # Chicago, the work center's zone
    again = client.post("/api/production/movements/", body, content_type="application/json")
    assert again.status_code == 200 and again.json()["movement"]["id"] == created.json()["movement"]["id"]
    refused = client.post("/api/production/movements/", {**body, "direction": "OUT", "quantity": 13,
                                                          "idempotency_key": "a2"}, content_type="application/json")
    assert refused.status_code == 409  # the balance refuses it: a state conflict, stating the balance
    assert refused.json()["balance"] == 12 and "Only 12 of order PO-77" in refused.json()["detail"]
    assert refused.json()["code"] == "conflict" and refused.json()["quantity"] == [refused.json()["detail"]]
    out = client.post("/api/production/movements/", {**body, "direction": "OUT", "quantity": 5,
                                                      "idempotency_key": "a3"}, content_type="application/json")
    assert out.json()["balance"] == 7


def test_an_operator_sees_and_records_only_at_their_work_centers(client, shop):
    _rec(shop["painter"], shop["paint"], "IN", 3, order="PAINT-1")
    _rec(shop["operator"], shop["assembly"], "IN", 4, order="ASM-1")
    client.force_login(shop["operator"])
    listed = [m["order"] for m in client.get("/api/production/movements/").json()["results"]]
    assert listed == ["ASM-1"]
    refused = client.post("/api/production/movements/", {"line": shop["paint"].pk, "order_number": "X",
                                                           "direction": "IN", "quantity": 1},
                          content_type="application/json")
    assert refused.status_code == 403 and "WC004" in refused.json()["detail"]
    assert refused.json()["code"] == "forbidden" and not Movement.objects.filter(order__number="X").exists()
    page = client.get("/production/")
    assert b"WC001" in page.content and b"WC004" not in page.content
    assert client.get(f"/production/?line={shop['paint'].pk}").status_code == 404
    report = client.get("/production/report/")
    assert b"ASM-1" in report.content and b"PAINT-1" not in report.content


def test_phone_page_lists_open_orders_with_their_balances(client, shop):
    _rec(shop["operator"], shop["assembly"], "IN", 9, order="ASM-9")
    _rec(shop["operator"], shop["assembly"], "IN", 2, order="DONE-1")
    _rec(shop["operator"], shop["assembly"], "OUT", 2, order="DONE-1")
    client.force_login(shop["operator"])
    page = client.get(f"/production/?line={shop['assembly'].pk}").content.decode()
    assert 'data-order="ASM-9"' in page and 'data-order="DONE-1"' not in page  # balance 0: not open


def test_report_totals_filters_and_export_show_exactly_the_rows(client, shop):
    admin = shop["admin"]
    _rec(admin, shop["assembly"], "IN", 100, order="A-1")
    _rec(admin, shop["assembly"], "OUT", 40, order="A-1")
    _rec(admin, shop["paint"], "IN", 7, order="P-1")
    client.force_login(admin)
    page = client.get("/production/report/", {"department": shop["production"].pk})
    rows = page.context["rows"]
    assert [r["object"]["order__number"] for r in rows] == ["A-1"]
    assert page.context["totals"] == {"opening": 0, "qty_in": 100, "qty_out": 40, "closing": 60, "net": 60}
    partial = client.get("/production/report/", {"q": "P-1"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-swap-oob="true"' in partial and 'data-total="closing">7<' in partial
    export = client.get("/production/report/", {"department": shop["production"].pk, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(export.streaming_content))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:8] == ("Work center", "Facility", "Order", "ERP job", "Opening balance", "IN", "OUT",
                             "Closing balance")
    assert values[1][:3] == ("WC001", "CHI", "A-1") and values[1][4:8] == (0, 100, 40, 60)
    assert values[2][0] == "Total" and len(values) == 3  # the export's totals row
    api = client.get("/api/production/balances/", {"line": shop["paint"].pk}).json()["results"]
    assert api == [{"work_center": "WC004", "facility": "ATL", "order": "P-1", "erp_job": "", "opening": 0,
                    "qty_in": 7, "qty_out": 0, "balance": 7, "closing": 7, "last_user": "prod_admin",
                    "last_department": None, "movements": 1}]


def test_correction_from_the_phone_page_needs_a_reason(client, shop):
    movement = _rec(shop["operator"], shop["assembly"], "IN", 5).movement
    client.force_login(shop["operator"])
    client.post(f"/production/movements/{movement.pk}/correct/", {"reason": ""})
    assert not Movement.objects.filter(reverses=movement).exists()
    client.post(f"/production/movements/{movement.pk}/correct/", {"reason": "wrong order"})
    assert Movement.objects.get(reverses=movement).direction == "OUT"
    client.force_login(shop["painter"])  # not their work center: as if it did not exist
    assert client.post(f"/production/movements/{movement.pk}/correct/", {"reason": "x"}).status_code == 404


def test_list_pages_keep_their_query_count_with_many_rows(client, shop, django_assert_max_num_queries):
    client.force_login(shop["admin"])
    for n in range(60):
        _rec(shop["admin"], shop["assembly" if n % 2 else "paint"], "IN", n + 1, order=f"Q-{n}")
    with django_assert_max_num_queries(16):
        assert client.get("/production/report/", {"per_page": "250"}).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"/production/?line={shop['assembly'].pk}").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/production/movements/").status_code == 200


def test_nobody_corrects_someone_elses_movement_through_the_api(client, shop):
    from portal.testing.factories import UserFactory

    movement = _rec(shop["operator"], shop["assembly"], "IN", 5).movement
    colleague = UserFactory(username="op_colleague", roles=["Production_Operator"])
    colleague.departments.set([shop["production"]])  # same work centers, not the author
    client.force_login(colleague)
    refused = client.post(f"/api/production/movements/{movement.pk}/reverse/", {"reason": "mine now"},
                          content_type="application/json")
    assert refused.status_code == 403
    client.force_login(shop["painter"])  # another department: the movement does not exist for them
    assert client.get(f"/api/production/movements/{movement.pk}/").status_code == 404
    assert client.post(f"/api/production/movements/{movement.pk}/reverse/", {"reason": "x"},
                       content_type="application/json").status_code == 404
    assert not Movement.objects.filter(reverses=movement).exists()
    client.force_login(shop["admin"])  # production admins correct anyone's
    assert client.post(f"/api/production/movements/{movement.pk}/reverse/", {"reason": "wrong order"},
                       content_type="application/json").status_code == 201


def test_floor_page_offers_the_lines_machines_and_the_api_records_one(client, shop):
    from portal.models import Machine

    Machine.objects.create(line=shop["assembly"], code="PR-1", name="Press 1")
    client.force_login(shop["operator"])
    page = client.get("/production/", {"line": shop["assembly"].pk}).content.decode()
    assert 'name="machine"' in page and '<option value="PR-1">' in page
    body = {"line": shop["assembly"].pk, "order_number": "po-78", "direction": "IN", "quantity": 5,
            "idempotency_key": "m1", "machine": "pr-1"}
    created = client.post("/api/production/movements/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["movement"]["machine"] == "PR-1"
    refused = client.post("/api/production/movements/", {**body, "idempotency_key": "m2", "machine": "XX"},
                          content_type="application/json")
    assert refused.status_code == 400 and "Line WC001 has no machine XX." in refused.json()["detail"]
