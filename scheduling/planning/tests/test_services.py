"""The hand-computed scenario of conftest.py through the services: schedule, utilization, late orders, conflicts,
moves refused or made, capacity overrides, exceptions."""

import datetime as dt

import pytest
from auditlog.models import LogEntry

from notifications.models import Notification
from portal.testing.factories import UserFactory
from portal.workflow.services import TransitionRefused, apply_transition
from scheduling.planning.models import CapacityOverride, Operation, PlanException, Reallocation
from scheduling.planning.services.analysis import conflicts_for, gantt, late_orders, utilization
from scheduling.planning.services.capacity import capacity_per_day
from scheduling.planning.services.exceptions import detect_exceptions
from scheduling.planning.services.schedule import PlanRefused, move_operation

from .conftest import MAR2, MAR3, at

pytestmark = pytest.mark.django_db


def ops(order):
    return {op.stage: op for op in Operation.objects.filter(order=order).select_related("machine", "line")}


def test_stages_land_where_computed_by_hand(scenario):
    a, b = ops(scenario["a"]), ops(scenario["b"])
    assert (a["cutting"].machine.code, a["cutting"].planned_start, a["cutting"].planned_end) == (
        "LZ1", at(MAR2, 6), at(MAR2, 10))
    assert (a["welding"].line.code, a["welding"].planned_start, a["welding"].planned_end) == (
        "L2", at(MAR2, 10), at(MAR2, 18))
    assert (b["cutting"].machine.code, b["cutting"].planned_start, b["cutting"].planned_end) == (
        "LZ2", at(MAR2, 6), at(MAR2, 9, 30))
    assert (b["welding"].planned_start, b["welding"].planned_end) == (at(MAR2, 18), at(MAR3, 9))


def test_utilization_per_day_against_capacity(scenario):
    rows = {(r.line.code, r.day): r for r in utilization(scenario["facility"], MAR2, MAR3)}
    assert (rows[("L1", MAR2)].planned, rows[("L1", MAR2)].capacity) == (750, 2000)
    assert not rows[("L1", MAR2)].over_capacity
    assert (rows[("L2", MAR2)].planned, rows[("L2", MAR2)].capacity) == (600, 400)
    assert rows[("L2", MAR2)].over_capacity and rows[("L2", MAR2)].percent == 150.0
    assert rows[("L2", MAR3)].planned == 150
    assert rows[("L1", MAR3)].planned == 0


def test_capacity_override_replaces_the_shift_capacity_for_its_period(scenario):
    CapacityOverride.objects.create(line=scenario["l2"], first_day=MAR2, last_day=MAR2, units_per_day=800)
    capacity = capacity_per_day([scenario["l2"].pk], MAR2, MAR3)
    assert capacity[(scenario["l2"].pk, MAR2)] == 800 and capacity[(scenario["l2"].pk, MAR3)] == 400
    rows = {(r.line.code, r.day): r for r in utilization(scenario["facility"], MAR2, MAR2)}
    assert not rows[("L2", MAR2)].over_capacity


def test_late_order_is_b_by_nine_hours(scenario):
    assert late_orders(scenario["facility"]) == {scenario["b"].pk: dt.timedelta(hours=9)}


def test_the_computed_plan_has_no_conflicts_but_a_clashing_stage_is_found(scenario):
    window = (at(MAR2, 0), at(MAR3, 12))
    assert conflicts_for(scenario["facility"], *window) == []
    # e.g. imported by hand on top of A's cutting on LZ1, and before its own cutting ends
    a_cut = ops(scenario["a"])["cutting"]
    b_weld = ops(scenario["b"])["welding"]
    Operation.objects.filter(pk=b_weld.pk).update(line=a_cut.line, machine=a_cut.machine,
                                                  planned_start=at(MAR2, 8), planned_end=at(MAR2, 9))
    kinds = {(c.kind, c.first, c.second) for c in conflicts_for(scenario["facility"], *window)}
    b_cut = ops(scenario["b"])["cutting"]
    assert kinds == {("overlap", a_cut.pk, b_weld.pk), ("sequence", b_cut.pk, b_weld.pk)}
    rows, _found = gantt(scenario["facility"], *window)
    flagged = {bar.id for row in rows for bar in row.bars if bar.conflict}
    assert flagged == {a_cut.pk, b_weld.pk, b_cut.pk}


def test_move_onto_a_busy_line_is_refused_with_the_other_order(scenario):
    user = UserFactory()
    weld = ops(scenario["b"])["welding"]
    with pytest.raises(PlanRefused, match="busy with A"):
        move_operation(weld, user, start=at(MAR2, 17))
    weld.refresh_from_db()
    assert weld.planned_start == at(MAR2, 18)


def test_move_before_the_predecessor_ends_is_refused(scenario):
    weld = ops(scenario["a"])["welding"]
    with pytest.raises(PlanRefused, match="predecessor cutting"):
        move_operation(weld, UserFactory(), start=at(MAR2, 9))


def test_move_later_keeps_the_duration_and_changes_utilization(scenario):
    weld = ops(scenario["b"])["welding"]
    move_operation(weld, UserFactory(), start=at(MAR3, 6))
    weld.refresh_from_db()
    assert weld.planned_end == at(MAR3, 13)
    rows = {(r.line.code, r.day): r.planned for r in utilization(scenario["facility"], MAR2, MAR3)}
    assert rows[("L2", MAR2)] == 400 and rows[("L2", MAR3)] == 350
    assert LogEntry.objects.get_for_object(weld).filter(action=LogEntry.Action.UPDATE).exists()


def test_reallocation_needs_a_justification_and_a_machine_of_the_right_type(scenario):
    user = UserFactory()
    cut = ops(scenario["b"])["cutting"]
    with pytest.raises(PlanRefused, match="justification"):
        move_operation(cut, user, start=at(MAR2, 10), machine=scenario["lz1"])
    with pytest.raises(PlanRefused, match="line, not on a machine"):
        move_operation(ops(scenario["b"])["welding"], user, start=at(MAR2, 18), machine=scenario["lz1"],
                       justification="x")
    move_operation(cut, user, start=at(MAR2, 10), machine=scenario["lz1"], justification="LZ2 down for service")
    realloc = Reallocation.objects.get()
    assert (realloc.from_machine, realloc.to_machine, realloc.by) == (scenario["lz2"], scenario["lz1"], user)
    assert realloc.justification == "LZ2 down for service"


def test_exceptions_detected_once_notified_and_closed_when_gone(scenario):
    first = detect_exceptions(scenario["facility"], today=MAR2)
    assert first["opened"] == 2
    late = PlanException.objects.get(kind="late")
    assert late.order == scenario["b"]
    over = PlanException.objects.get(kind="over_capacity")
    assert (over.line, over.day) == (scenario["l2"], MAR2)
    assert Notification.objects.filter(kind="planning.exception").count() == 2
    assert detect_exceptions(scenario["facility"], today=MAR2)["opened"] == 0  # idempotent
    # B's welding moved within its due date... impossible (L2 busy), so raise L2's capacity instead
    CapacityOverride.objects.create(line=scenario["l2"], first_day=MAR2, last_day=MAR2, units_per_day=800)
    again = detect_exceptions(scenario["facility"], today=MAR2)
    assert again["closed"] == 1
    over.refresh_from_db()
    assert over.state == "resolved" and "No longer detected" in over.resolution_reason


def test_an_exception_resolved_by_detection_gets_a_timeline_line_and_its_bell_clears(scenario):
    detect_exceptions(scenario["facility"], today=MAR2)
    over = PlanException.objects.get(kind="over_capacity")
    CapacityOverride.objects.create(line=scenario["l2"], first_day=MAR2, last_day=MAR2, units_per_day=800)
    detect_exceptions(scenario["facility"], today=MAR2)
    line = over.timeline().get(kind="transition")
    assert (line.transition, line.from_state, line.to_state, line.user) == ("resolve", "open", "resolved", None)
    assert not Notification.objects.filter(kind="planning.exception", state="open",
                                           source_id=str(over.pk)).exists()
    assert Notification.objects.filter(kind="planning.exception", state="open").count() == 1  # the late one


def test_resolving_needs_a_reason_and_the_planner_permission(scenario, role_user):
    detect_exceptions(scenario["facility"], today=MAR2)
    late = PlanException.objects.get(kind="late")
    planner = role_user("Planner")
    with pytest.raises(TransitionRefused):
        apply_transition(late, "resolve", role_user("Scheduling_User"), resolution_reason="ok")
    with pytest.raises(TransitionRefused):
        apply_transition(late, "resolve", planner)
    apply_transition(late, "resolve", planner, resolution_reason="Customer accepts delivery on the 3rd")
    late.refresh_from_db()
    assert late.state == "resolved"
    assert not Notification.objects.filter(kind="planning.exception", state="open",
                                           source_id=str(late.pk)).exists()


def test_order_workflow_moves_through_named_transitions(scenario, role_user):
    planner = role_user("Planner")
    order = scenario["a"]
    apply_transition(order, "release", planner)
    with pytest.raises(TransitionRefused):
        apply_transition(order, "finish", planner)  # not from released
    apply_transition(order, "hold", planner, hold_reason="waiting for steel")
    order.refresh_from_db()
    assert order.state == "on_hold"
    apply_transition(order, "cancel", planner, cancel_reason="customer cancelled")
    order.refresh_from_db()
    with pytest.raises(PlanRefused, match="no longer change"):
        move_operation(ops(order)["welding"], planner, start=at(MAR3, 12))
