"""The ledger's rules: balances, refusals with the balance, overrides, corrections, scoping, idempotency, times."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal.commands import Conflict, Forbidden, Invalid
from production.models import Balance, Movement
from production.services import produced_units, record_movement, reverse_movement

pytestmark = pytest.mark.django_db


def _rec(user, line, direction, qty, order="PO-1", **kw):
    return record_movement(user=user, line=line, order_number=order, direction=direction, quantity=qty, **kw)


def test_balance_is_in_minus_out_per_order_and_work_center(shop):
    op, wc = shop["operator"], shop["assembly"]
    assert _rec(op, wc, "IN", 100).balance == 100
    assert _rec(op, wc, "OUT", 30).balance == 70
    assert _rec(op, shop["welding"], "IN", 30).balance == 30  # another work center: its own balance
    assert _rec(op, wc, "IN", 5, order=" po-2 ").movement.order.number == "PO-2"  # normalised
    row = Balance.objects.get(order__number="PO-1", line=wc)
    assert (row.quantity_in, row.quantity_out, row.balance) == (100, 30, 70)


def test_an_out_above_the_balance_is_refused_and_states_the_balance(shop):
    op, wc = shop["operator"], shop["assembly"]
    _rec(op, wc, "IN", 10)
    with pytest.raises(Conflict) as refused:
        _rec(op, wc, "OUT", 11)
    assert refused.value.status == 409 and refused.value.extra == {"balance": 10}
    assert refused.value.body()["balance"] == 10 and refused.value.errors["quantity"] == [refused.value.message]
    assert "Only 10 of order PO-1 are at WC001: an OUT of 11 is refused." in refused.value.message
    assert Movement.objects.count() == 1 and Balance.objects.get().balance == 10


def test_an_override_needs_the_permission_and_a_reason(shop):
    admin, op, wc = shop["admin"], shop["operator"], shop["assembly"]
    with pytest.raises(Conflict):
        _rec(op, wc, "OUT", 5, override_reason="IN was never scanned")  # an operator may not override
    with pytest.raises(Conflict) as refused:
        _rec(admin, wc, "OUT", 5)  # the admin must give a reason
    assert "Give a reason" in refused.value.message
    result = _rec(admin, wc, "OUT", 5, override_reason="IN was never scanned")
    assert result.balance == -5 and result.movement.kind == "override"
    assert Balance.objects.get().overdrawn is True
    with pytest.raises(Conflict):
        _rec(op, wc, "OUT", 1)  # a negative balance does not let ordinary OUTs through
    assert _rec(op, wc, "IN", 8).balance == 3 and Balance.objects.get().overdrawn is False


def test_the_database_refuses_a_negative_balance_without_an_override(shop):
    _rec(shop["operator"], shop["assembly"], "IN", 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Balance.objects.update(quantity_out=5, balance=-4)


def test_a_correction_reverses_a_movement_and_the_original_stays(shop):
    op, wc = shop["operator"], shop["assembly"]
    _rec(op, wc, "IN", 50)
    wrong = _rec(op, wc, "OUT", 20).movement
    with pytest.raises(Invalid, match="Say why") as refused:
        reverse_movement(user=op, movement=wrong, reason=" ")
    assert "reason" in refused.value.errors
    correction = reverse_movement(user=op, movement=wrong, reason="typed 20 instead of 2")
    assert correction.balance == 50 and correction.movement.direction == "IN"
    assert correction.movement.kind == "correction" and correction.movement.reverses == wrong
    with pytest.raises(Conflict, match="already corrected"):
        reverse_movement(user=op, movement=wrong, reason="again")
    with pytest.raises(Conflict, match="cannot be corrected again"):
        reverse_movement(user=op, movement=correction.movement, reason="undo the undo")
    wrong.refresh_from_db()
    assert (wrong.direction, wrong.quantity) == ("OUT", 20)  # the ledger is append-only
    with pytest.raises(ValidationError):
        wrong.quantity = 2
        wrong.save()
    with pytest.raises(ValidationError):
        wrong.delete()


def test_reversing_an_in_that_already_went_out_is_refused_without_override(shop):
    op, wc = shop["operator"], shop["assembly"]
    first_in = _rec(op, wc, "IN", 10).movement
    _rec(op, wc, "OUT", 8)
    with pytest.raises(Conflict, match="Only 2 of order PO-1 are left") as refused:
        reverse_movement(user=op, movement=first_in, reason="wrong order")
    assert refused.value.extra == {"balance": 2}


def test_operators_record_only_at_their_departments_work_centers(shop):
    with pytest.raises(Forbidden, match="WC004") as refused:
        _rec(shop["operator"], shop["paint"], "IN", 1)
    assert refused.value.status == 403 and not Movement.objects.exists()
    assert _rec(shop["admin"], shop["paint"], "IN", 1).created  # production admins: every work center


def test_a_retried_submission_with_the_same_key_is_stored_once(shop):
    op, wc = shop["operator"], shop["assembly"]
    first = _rec(op, wc, "IN", 7, idempotency_key="k-1")
    again = _rec(op, wc, "IN", 7, idempotency_key="k-1")
    assert first.created and not again.created and again.movement.pk == first.movement.pk
    assert again.balance == 7 and Movement.objects.count() == 1


@pytest.mark.parametrize("qty", [0, -1, 10_000_001, 1.5, True])
def test_bad_quantities_are_refused_in_words(shop, qty):
    with pytest.raises(Invalid, match="whole number from 1"):
        _rec(shop["operator"], shop["assembly"], "IN", qty)


def test_produced_units_count_outs_net_of_corrections_in_the_period(shop):
    op, wc = shop["operator"], shop["assembly"]
    start = timezone.now() - dt.timedelta(hours=1)
    _rec(op, wc, "IN", 100)
    out = _rec(op, wc, "OUT", 40).movement
    _rec(op, wc, "OUT", 10)
    reverse_movement(user=op, movement=out, reason="miscount")
    _rec(op, wc, "IN", 25, order="PO-9", at=start - dt.timedelta(days=1))
    _rec(op, wc, "OUT", 25, order="PO-9", at=start - dt.timedelta(days=1))  # before the period (ledger time)
    end = timezone.now() + dt.timedelta(minutes=1)
    assert produced_units([wc.pk, shop["welding"].pk], start, end) == {wc.pk: 10}
