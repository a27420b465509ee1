"""Movements and corrections through the portal's one floor-write receiver (docs/floor-writes.md), as an operator
notices it: a retried post is stored once and answers the first movement; a key is the writer's own (another
operator's key neither finds nor reveals their movement); the same key with another movement is refused (409);
scope and ownership are checked before the key; refusals answer the one contract; times are bounded; a user
without a department works on no line."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.test import RequestFactory
from django.utils import timezone

from portal.commands import FloorWriteGuardMiddleware, Invalid
from portal.models import CommandKey
from portal.services.scoping import NO_LINES_HINT
from portal.testing.factories import FacilityFactory, ProductionLineFactory, UserFactory
from production.models import Balance, Movement, ProductionOrder
from production.services import record_movement

pytestmark = pytest.mark.django_db
MOVEMENTS = "/api/production/movements/"


@pytest.fixture
def monterrey(shop):
    """A Monterrey work center and its operator, next to the Chicago shop."""
    facility = FacilityFactory(code="MTY", time_zone="America/Monterrey")
    line = ProductionLineFactory(facility=facility, code="MTY01", name="Stamping")
    return {"line": line, "operator": UserFactory(username="op_mty", roles=["Production_Operator"], lines=[line])}


def _post(client, user, body, url=MOVEMENTS, **headers):
    client.force_login(user)
    return client.post(url, body, content_type="application/json", **headers)


def _body(line, **values):
    return {"line": line.pk, "order_number": "PO-1", "direction": "IN", "quantity": 5, **values}


# --- Keys: the writer's own ------------------------------------------------------------------------------------

def test_a_retried_movement_answers_the_first_and_another_payload_with_its_key_is_refused(client, shop):
    op, wc = shop["operator"], shop["assembly"]
    first = _post(client, op, _body(wc, idempotency_key="k1"))
    again = _post(client, op, _body(wc, idempotency_key="k1"))
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["movement"]["id"] == first.json()["movement"]["id"] and again.json()["balance"] == 5
    reused = _post(client, op, _body(wc, idempotency_key="k1", quantity=50))
    assert reused.status_code == 409 and reused.json()["code"] == "key_reused"
    assert "different entry" in reused.json()["detail"]
    assert Movement.objects.count() == 1 and Balance.objects.get().balance == 5


def test_another_operators_key_is_a_new_movement_and_never_reveals_theirs(client, shop, monterrey):
    chicago = _post(client, shop["operator"], _body(shop["assembly"], order_number="CHI-7", quantity=40,
                                                    idempotency_key="shared"))
    assert chicago.status_code == 201
    # the same key, at the Monterrey operator's own work center: their own new movement
    mine = _post(client, monterrey["operator"], _body(monterrey["line"], order_number="MTY-1", quantity=3,
                                                      idempotency_key="shared"))
    assert mine.status_code == 201
    movement = mine.json()["movement"]
    assert (movement["order"], movement["quantity"], movement["user"]) == ("MTY-1", 3, "op_mty")
    assert "CHI-7" not in mine.content.decode() and mine.json()["balance"] == 3
    # the same key and body as the Chicago operator's, at Chicago: refused for their scope, nothing revealed
    copied = _post(client, monterrey["operator"], _body(shop["assembly"], order_number="CHI-7", quantity=40,
                                                        idempotency_key="shared"))
    assert copied.status_code == 403 and copied.json()["code"] == "forbidden"
    assert "movement" not in copied.json() and "balance" not in copied.json()
    assert "op_prod" not in copied.content.decode()
    assert Movement.objects.filter(order__number="CHI-7").count() == 1
    assert sorted(Movement.objects.values_list("user__username", flat=True)) == ["op_mty", "op_prod"]


def test_a_retried_correction_answers_the_first_correction(client, shop):
    op = shop["operator"]
    movement = record_movement(user=op, line=shop["assembly"], order_number="PO-1", direction="IN",
                               quantity=5).movement
    url = f"{MOVEMENTS}{movement.pk}/reverse/"
    first = _post(client, op, {"reason": "wrong order", "idempotency_key": "c1"}, url)
    again = _post(client, op, {"reason": "wrong order", "idempotency_key": "c1"}, url)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["movement"]["id"] == first.json()["movement"]["id"] and again.json()["balance"] == 0
    reused = _post(client, op, {"reason": "another reason", "idempotency_key": "c1"}, url)
    assert reused.status_code == 409 and reused.json()["code"] == "key_reused"
    twice = _post(client, op, {"reason": "wrong order", "idempotency_key": "c2"}, url)
    assert twice.status_code == 409 and "already corrected" in twice.json()["detail"]
    assert Movement.objects.filter(kind="correction").count() == 1 and Balance.objects.get().balance == 0


def test_a_movements_key_sent_again_with_a_correction_is_refused_not_an_error(client, shop):
    op = shop["operator"]
    first = _post(client, op, _body(shop["assembly"], idempotency_key="same"))
    url = f"{MOVEMENTS}{first.json()['movement']['id']}/reverse/"
    refused = _post(client, op, {"reason": "typo", "idempotency_key": "same"}, url)
    assert refused.status_code == 409 and refused.json()["code"] == "key_reused"
    assert not Movement.objects.filter(kind="correction").exists() and Balance.objects.get().balance == 5


# --- Scope and ownership, before the key -----------------------------------------------------------------------

def test_a_correction_of_anothers_movement_is_refused_and_a_production_admins_is_audited(client, shop):
    movement = record_movement(user=shop["operator"], line=shop["assembly"], order_number="PO-1", direction="IN",
                               quantity=5).movement
    colleague = UserFactory(username="op_colleague", roles=["Production_Operator"], lines=[shop["assembly"]])
    url = f"{MOVEMENTS}{movement.pk}/reverse/"
    refused = _post(client, colleague, {"reason": "mine now", "idempotency_key": "x"}, url)
    assert refused.status_code == 403 and refused.json()["detail"] == "Only your own movements can be corrected."
    page = _post(client, colleague, {}, f"/production/movements/{movement.pk}/correct/", HTTP_X_OFFLINE_REPLAY="1")
    assert page.status_code == 403 and page.json()["code"] == "forbidden"
    assert not Movement.objects.filter(reverses=movement).exists() and not CommandKey.objects.exists()
    done = _post(client, shop["admin"], {"reason": "wrong order"}, url)
    assert done.status_code == 201
    entry = LogEntry.objects.filter(additional_data__acting_for="op_prod").get()
    assert entry.actor == shop["admin"] and entry.additional_data["what"] == "correction"


def test_a_retired_work_center_keeps_its_history_but_takes_no_new_movement(client, shop):
    op, wc = shop["operator"], shop["assembly"]
    movement = record_movement(user=op, line=wc, order_number="OLD-1", direction="IN", quantity=9).movement
    wc.active = False
    wc.save()
    client.force_login(op)
    report = client.get("/production/report/")
    assert [r["object"]["order__number"] for r in report.context["rows"]] == ["OLD-1"]
    assert client.get("/api/production/balances/").json()["results"][0]["balance"] == 9
    assert [m["order"] for m in client.get(MOVEMENTS).json()["results"]] == ["OLD-1"]
    assert b"WC001" not in client.get("/production/").content
    assert _post(client, op, _body(wc)).status_code == 403
    refused = _post(client, op, {"reason": "late fix"}, f"{MOVEMENTS}{movement.pk}/reverse/")
    assert refused.status_code == 403 and not Movement.objects.filter(reverses=movement).exists()


def test_a_user_without_a_department_sees_and_records_at_no_line(client, shop):
    record_movement(user=shop["operator"], line=shop["assembly"], order_number="PO-1", direction="IN", quantity=5)
    loner = UserFactory(username="op_nowhere", roles=["Production_Operator"])
    client.force_login(loner)
    page = client.get("/production/")
    assert page.status_code == 200 and page.context["lines"] == [] and page.context["line"] is None
    assert str(NO_LINES_HINT) in page.content.decode() and b"WC001" not in page.content
    assert client.get(f"/production/?line={shop['assembly'].pk}").status_code == 404
    assert client.get(f"/production/work-centers/{shop['assembly'].pk}/orders/").status_code == 404
    assert client.get(MOVEMENTS).json()["results"] == []
    assert client.get("/api/production/balances/").json()["results"] == []
    assert client.get("/production/report/").context["rows"] == []
    refused = _post(client, loner, _body(shop["assembly"]))
    assert refused.status_code == 403 and Movement.objects.count() == 1


# --- Refusals and times ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("at, message", [
    ("0001-01-01T00:00:00Z", "out of range"), ("1900-06-01T08:00:00Z", "days ago"),
    ((timezone.now() + dt.timedelta(hours=2)).isoformat(), "future")])
def test_a_movement_time_outside_the_floor_window_is_refused_with_a_message(client, shop, at, message):
    refused = _post(client, shop["operator"], _body(shop["assembly"], at=at))
    assert refused.status_code == 400 and message in refused.json()["detail"]
    assert refused.json()["at"] == [refused.json()["detail"]] and not Movement.objects.exists()
    with pytest.raises(Invalid) as direct:  # the service itself, whoever calls it
        record_movement(user=shop["operator"], line=shop["assembly"], order_number="PO-1", direction="IN",
                        quantity=1, at=dt.datetime(1, 1, 1, tzinfo=dt.UTC))
    assert "at" in direct.value.errors
    earlier = (timezone.now() - dt.timedelta(hours=3)).isoformat()
    recorded = _post(client, shop["operator"], _body(shop["assembly"], at=earlier))
    assert recorded.status_code == 201
    assert Movement.objects.get().at == dt.datetime.fromisoformat(earlier)


def test_invalid_input_names_its_field(client, shop):
    refused = _post(client, shop["operator"], _body(shop["assembly"], order_number="   "))
    assert refused.status_code == 400 and refused.json()["code"] == "invalid" and "order_number" in refused.json()


def test_the_page_correction_answers_the_replay_and_the_refusal_in_the_contract(client, shop):
    op = shop["operator"]
    record_movement(user=op, line=shop["assembly"], order_number="PO-1", direction="IN", quantity=10)
    out = record_movement(user=op, line=shop["assembly"], order_number="PO-1", direction="OUT", quantity=8)
    first_in = Movement.objects.get(direction="IN")
    url = f"/production/movements/{first_in.pk}/correct/"
    client.force_login(op)
    refused = client.post(url, {"reason": "wrong order"}, HTTP_X_OFFLINE_REPLAY="1")
    assert refused.status_code == 409 and refused.json()["balance"] == 2 and "Only 2" in refused.json()["detail"]
    page = client.get(f"/production/?line={shop['assembly'].pk}").content.decode()
    key = page.split('name="idempotency_key" value="')[1].split('"')[0]
    assert key.endswith(f"-{out.movement.pk}")
    done = client.post(f"/production/movements/{out.movement.pk}/correct/", {"reason": "x", "idempotency_key": key})
    again = client.post(f"/production/movements/{out.movement.pk}/correct/", {"reason": "x", "idempotency_key": key},
                        follow=True)
    assert done.status_code == 302 and "Corrected" in again.content.decode()  # a double tap: stored once
    assert Movement.objects.filter(kind="correction").count() == 1 and Balance.objects.get().balance == 10


def test_the_floor_page_uses_the_core_queue_and_badge(client, shop):
    client.force_login(shop["operator"])
    page = client.get(f"/production/?line={shop['assembly'].pk}").content.decode()
    assert page.count('id="offline-queue"') == 1 and 'class="offline-queue' in page
    assert page.count('id="connection-state"') == 1 and "data-queued-message" in page


def test_a_movement_created_in_a_request_outside_the_receiver_is_an_error(shop):
    order = ProductionOrder.objects.create(number="RAW-1")

    def view(request):
        return Movement.objects.create(order=order, line=shop["assembly"], direction="IN", quantity=1,
                                       user=shop["operator"])

    with pytest.raises(RuntimeError, match="outside portal.commands.receive"):
        FloorWriteGuardMiddleware(view)(RequestFactory().post("/api/production/movements/"))
    assert not Movement.objects.exists()


def test_keys_of_movements_recorded_before_the_upgrade_still_answer_their_movement(client, shop):
    op, wc = shop["operator"], shop["assembly"]
    order = ProductionOrder.objects.create(number="OLD-9")
    old = Movement.objects.create(order=order, line=wc, direction="IN", quantity=4, user=op, idempotency_key="old-k",
                                  erp_job="J-1")
    Balance.objects.create(order=order, line=wc, quantity_in=4, balance=4)
    importlib.import_module("production.migrations.0007_movement_keys_to_command_keys").carry_keys(apps, None)
    body = _body(wc, order_number="old-9", quantity=4, erp_job="j-1", idempotency_key="old-k")
    replay = _post(client, op, body)
    assert replay.status_code == 200 and replay.json()["movement"]["id"] == old.pk
    assert _post(client, op, {**body, "quantity": 5}).status_code == 409
    assert Movement.objects.count() == 1
