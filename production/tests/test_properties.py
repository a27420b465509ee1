"""Property tests (hypothesis): whatever sequence of movements operators send, the ledger's invariants hold."""

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.commands import Refused
from production.models import Balance, Movement
from production.services import record_movement, reverse_movement

pytestmark = pytest.mark.django_db

STEP = st.tuples(st.sampled_from(["IN", "OUT", "OUT", "FIX"]), st.integers(min_value=-5, max_value=60),
                 st.sampled_from(["A-1", "A-2"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(STEP, max_size=25))
def test_any_sequence_keeps_balance_equal_to_its_movements_and_never_negative(shop, steps):
    operator, line = shop["operator"], shop["assembly"]
    with transaction.atomic():
        expected: dict[str, int] = {}
        for action, quantity, order in steps:
            try:
                if action == "FIX":
                    last = Movement.objects.filter(order__number=order, kind="normal", reversed_by__isnull=True
                                                   ).order_by("-pk").first()
                    if last is None:
                        continue
                    reverse_movement(user=operator, movement=last, reason="property test")
                    sign = -1 if last.direction == "IN" else 1
                    expected[order] = expected.get(order, 0) + sign * last.quantity
                else:
                    record_movement(user=operator, line=line, order_number=order, direction=action,
                                    quantity=quantity)
                    expected[order] = expected.get(order, 0) + (quantity if action == "IN" else -quantity)
            except Refused:
                pass  # refused: nothing may have changed (checked below)
        for balance in Balance.objects.filter(line=line).select_related("order"):
            assert balance.balance == expected.get(balance.order.number, 0) >= 0
            assert balance.balance == balance.quantity_in - balance.quantity_out
        transaction.set_rollback(True)
