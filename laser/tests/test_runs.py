"""Starting and ending runs: preset attached, sheets leave the inventory, replays stored once, low stock raised
and cleared by itself."""

from __future__ import annotations

from decimal import Decimal

import pytest

from laser.models import LaserRun, Preset, Stage, StockMovement
from laser.services import inventory
from laser.services.runs import end_run, start_run
from notifications.models import Notification
from notifications.services import unread_for
from portal.commands import Conflict, Invalid, KeyReused


def _start(shop, key="k1", **kw):
    return start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"],
                     extra_operators=[shop["helper"]], key=key, **kw)


def test_start_attaches_the_newest_preset_of_the_material_and_thickness(shop):
    newer = Preset.objects.create(material_type="mild_steel", thickness_mm=Decimal("3.0"), version=2, power_w=3200,
                                  speed_mm_min=3000, gas="O2", pressure_bar=1, nozzle_mm=1, focus_mm=1)
    Preset.objects.create(material_type="stainless", thickness_mm=Decimal("3.0"), version=9, power_w=1,
                          speed_mm_min=1, gas="N2", pressure_bar=1, nozzle_mm=1, focus_mm=1)
    run, created = _start(shop)
    assert created and run.preset == newer and run.status == LaserRun.Status.RUNNING
    assert list(run.extra_operators.all()) == [shop["helper"]]


def test_a_replayed_start_returns_the_first_run(shop):
    first, created = _start(shop)
    again, created_again = _start(shop)
    assert created and not created_again and again.pk == first.pk
    assert LaserRun.objects.count() == 1


def test_a_project_not_in_cutting_cannot_start(shop):
    shop["project"].stage = Stage.QUOTES
    shop["project"].save()
    with pytest.raises(Conflict, match="not ready to cut"):
        _start(shop)
    assert not LaserRun.objects.exists()


def test_ending_deducts_the_sheets_and_a_replay_deducts_nothing(shop):
    run, _ = _start(shop)
    ended, created = end_run(run=run, sheets_used=3, parts_cut=40, notes="ok", user=shop["operator"], key="e1")
    assert created and ended.status == LaserRun.Status.COMPLETED and ended.sheets_used == 3
    shop["item"].refresh_from_db()
    assert shop["item"].quantity == 7
    again, created_again = end_run(run=run, sheets_used=3, parts_cut=40, notes="ok", user=shop["operator"], key="e1")
    assert not created_again and again.pk == run.pk
    with pytest.raises(KeyReused) as reused:  # the same key saying something else: refused, nothing changes
        end_run(run=run, sheets_used=9, parts_cut=40, notes="ok", user=shop["operator"], key="e1")
    assert reused.value.status == 409 and reused.value.code == "key_reused"
    shop["item"].refresh_from_db()
    assert shop["item"].quantity == 7
    assert StockMovement.objects.get().quantity == -3
    run.refresh_from_db()
    assert run.sheets_used == 3


def test_ending_an_ended_run_with_another_key_is_refused(shop):
    run, _ = _start(shop)
    end_run(run=run, sheets_used=1, user=shop["operator"], key="e1")
    with pytest.raises(Conflict, match="already ended at 20") as refused:  # the date and time, in the shop's zone
        end_run(run=run, sheets_used=1, user=shop["operator"], key="e2")
    assert refused.value.status == 409
    shop["item"].refresh_from_db()
    assert shop["item"].quantity == 9


def test_never_refused_for_lack_of_stock_and_below_zero_is_critical(shop):
    run, _ = _start(shop)
    end_run(run=run, sheets_used=12, user=shop["operator"], key="e1")
    shop["item"].refresh_from_db()
    assert shop["item"].quantity == -2
    note = Notification.objects.get(kind=inventory.LOW_STOCK, state="open")
    assert note.level == "critical" and "below zero" in note.title
    assert note in unread_for(shop["operator"]) and note in unread_for(shop["manager"])


def test_low_stock_warns_and_clears_itself_when_back_above_minimum(shop):
    run, _ = _start(shop)
    end_run(run=run, sheets_used=6, user=shop["operator"], key="e1")  # 10 -> 4, minimum 5
    note = Notification.objects.get(kind=inventory.LOW_STOCK)
    assert note.state == "open" and note.level == "warning"
    inventory.receive(shop["item"], 1, user=shop["manager"])  # 5: at the minimum is not below it
    note.refresh_from_db()
    assert note.state == "cleared"


def test_a_run_on_a_sheet_never_stocked_creates_the_item_below_zero(shop):
    run, _ = _start(shop)
    end_run(run=run, sheets_used=2, sheet_size="2500x1250", user=shop["operator"], key="e1")
    item = inventory.item_for("mild_steel", Decimal("3.0"), "2500x1250")
    assert item.quantity == -2


def test_adjustment_needs_a_reason(shop):
    with pytest.raises(inventory.StockRefused):
        inventory.adjust(shop["item"], -1, user=shop["manager"], reason=" ")
    movement = inventory.adjust(shop["item"], -1, user=shop["manager"], reason="scrapped, bent corner")
    assert movement.balance_after == 9 and movement.kind == "adjustment"


def test_negative_sheets_are_refused(shop):
    run, _ = _start(shop)
    with pytest.raises(Invalid) as refused:
        end_run(run=run, sheets_used=-1, user=shop["operator"], key="e1")
    assert refused.value.status == 400 and refused.value.errors == {"sheets_used": ["Sheets used cannot be negative."]}
    run.refresh_from_db()
    assert run.status == LaserRun.Status.RUNNING and not StockMovement.objects.exists()
