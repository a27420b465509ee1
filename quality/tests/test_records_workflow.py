"""Every allowed and refused transition of rejects, returns, NCRs, CAPAs and the SOP ticket's reassign/dispute
decisions; NCR overdue escalation exactly at its edges with a frozen clock, sent once."""

import datetime as dt

import pytest

from notifications.models import Notification
from portal.models import Escalation
from portal.testing.factories import UserFactory
from portal.workflow import TransitionRefused, apply_transition, available_transitions
from portal.workflow.escalation import evaluate_escalations
from quality.models import Capa, CustomerReturn, EscalationStep, InternalReject, Ncr, SopTicket

pytestmark = pytest.mark.django_db


def _reject(plant):
    return InternalReject.objects.create(line=plant["line"], part="P-1", quantity=2, defect=plant["scratch"],
                                         created_by=plant["floor"])


def test_reject_review_allowed_and_refused(plant):
    inspector, floor = plant["inspector"], plant["floor"]
    reject = _reject(plant)
    assert available_transitions(reject, floor) == []
    with pytest.raises(TransitionRefused):
        apply_transition(reject, "approve", floor)
    with pytest.raises(TransitionRefused, match="not possible|no longer possible|Submitted"):
        apply_transition(reject, "close", inspector)
    with pytest.raises(TransitionRefused) as refused:
        apply_transition(reject, "reject", inspector, review_note="")
    assert "review_note" in refused.value.field_errors
    reject = apply_transition(reject, "approve", inspector, planning_action="Re-sequence the job")
    assert (reject.state, reject.approved_by, reject.planning_action) == ("approved", inspector,
                                                                          "Re-sequence the job")
    with pytest.raises(TransitionRefused):
        apply_transition(reject, "reject", inspector, review_note="late")
    assert apply_transition(reject, "close", inspector).state == "closed"
    other = apply_transition(_reject(plant), "reject", inspector, review_note="Not a defect")
    assert apply_transition(other, "close", inspector).state == "closed"
    assert [e.to_state for e in reject.timeline().filter(kind="transition")] == ["approved", "closed"]


def test_return_goes_received_investigation_disposition_closed(plant):
    inspector = plant["inspector"]
    ret = CustomerReturn.objects.create(facility=plant["facility"], customer="ACME", part="P-1", quantity=4,
                                        reason="Scratched", created_by=inspector)
    with pytest.raises(TransitionRefused):
        apply_transition(ret, "dispose", inspector, findings="x", disposition="scrap")
    with pytest.raises(TransitionRefused):
        apply_transition(ret, "investigate", plant["floor"])
    ret = apply_transition(ret, "investigate", inspector)
    with pytest.raises(TransitionRefused) as refused:
        apply_transition(ret, "dispose", inspector, findings="Handling damage", disposition="")
    assert "disposition" in refused.value.field_errors
    with pytest.raises(TransitionRefused):
        apply_transition(ret, "dispose", inspector, findings="Handling damage", disposition="melt")
    ret = apply_transition(ret, "dispose", inspector, findings="Handling damage", disposition="rework")
    assert ret.get_disposition_display() == "Rework"
    assert apply_transition(ret, "close", inspector).state == "closed"
    with pytest.raises(TransitionRefused):
        apply_transition(ret, "investigate", inspector)


def _ncr(plant, **kwargs):
    return Ncr.objects.create(title="Wrong labels", description="d", department=plant["labeling"],
                              owner=plant["inspector"], created_by=plant["inspector"], **kwargs)


def test_ncr_containment_first_then_close_with_root_cause_corrective_preventive(plant):
    inspector = plant["inspector"]
    ncr = _ncr(plant)
    assert [t.name for t in available_transitions(ncr, inspector)] == ["contain"]
    with pytest.raises(TransitionRefused):
        apply_transition(ncr, "close", inspector, root_cause="a", corrective_action="b", preventive_action="c")
    with pytest.raises(TransitionRefused):
        apply_transition(ncr, "contain", plant["floor"], containment_action="Quarantine")
    ncr = apply_transition(ncr, "contain", inspector, containment_action="Quarantine lot 4471")
    with pytest.raises(TransitionRefused) as refused:
        apply_transition(ncr, "close", inspector, root_cause="Old template", corrective_action="New template",
                         preventive_action=" ")
    assert set(refused.value.field_errors) == {"preventive_action"}
    capa = Capa.objects.create(ncr=ncr, action="Template review", owner=inspector)
    with pytest.raises(TransitionRefused, match="CAPA"):
        apply_transition(ncr, "close", inspector, root_cause="Old template", corrective_action="New template",
                         preventive_action="Monthly audit")
    capa = apply_transition(capa, "implement", inspector, implementation_note="Done")
    capa = apply_transition(capa, "verify", plant["qadmin"], effectiveness_check="No recurrence in 4 weeks")
    assert (capa.state, capa.checked_by) == ("closed", plant["qadmin"])
    ncr = apply_transition(ncr, "close", inspector, root_cause="Old template", corrective_action="New template",
                           preventive_action="Monthly audit")
    assert ncr.state == "closed"


def test_capa_effectiveness_check_only_by_someone_other_than_the_owner(plant):
    owner, checker = plant["inspector"], plant["qadmin"]
    capa = Capa.objects.create(ncr=_ncr(plant), action="Retrain", owner=owner)
    with pytest.raises(TransitionRefused, match="owner or an NCR manager"):
        apply_transition(capa, "implement", plant["floor"], implementation_note="x")
    capa = apply_transition(capa, "implement", owner, implementation_note="Trained 12 people")
    with pytest.raises(TransitionRefused, match="someone other than the owner"):
        apply_transition(capa, "verify", owner, effectiveness_check="Looks good")
    capa = apply_transition(capa, "ineffective", checker, effectiveness_check="Recurred on 3 May")
    assert capa.state == "open"
    capa = apply_transition(capa, "implement", owner, implementation_note="Retrained with a test")
    with pytest.raises(TransitionRefused):
        apply_transition(capa, "verify", checker, effectiveness_check="")
    assert apply_transition(capa, "verify", checker, effectiveness_check="Passed").state == "closed"


@pytest.fixture
def ticket(plant):
    member = UserFactory(username="labeler")
    member.departments.add(plant["labeling"])
    head = UserFactory(username="labeling-head")
    plant["labeling"].heads.add(head)
    filling_head = UserFactory(username="filling-head")
    plant["filling"].heads.add(filling_head)
    t = SopTicket.objects.create(charging_department=plant["filling"], charged_department=plant["labeling"],
                                 sop_reference="SOP-7", description="d", created_by=plant["inspector"])
    return t, member, head, filling_head


def test_reassignment_needs_a_justification_and_another_department(plant, ticket):
    t, member, _head, _fh = ticket
    with pytest.raises(TransitionRefused) as refused:
        apply_transition(t, "reassign", member, charged_department=plant["filling"].pk and plant["filling"],
                         reassignment_justification="")
    assert "reassignment_justification" in refused.value.field_errors
    with pytest.raises(TransitionRefused, match="another department"):
        apply_transition(t, "reassign", member, charged_department=plant["labeling"],
                         reassignment_justification="x")
    with pytest.raises(TransitionRefused, match="cannot charge itself"):
        apply_transition(t, "reassign", member, charged_department=plant["filling"],
                         reassignment_justification="x")
    from portal.models import Department
    packing = Department.objects.create(name="Packing")
    with pytest.raises(TransitionRefused, match="Only the charged department"):
        apply_transition(t, "reassign", plant["floor"], charged_department=packing, reassignment_justification="x")
    t = apply_transition(t, "reassign", member, charged_department=packing,
                         reassignment_justification="Packing applies the labels since March")
    assert (t.state, t.charged_department) == ("open", packing)
    assert "Reassigned from Labeling to Packing" in t.timeline().filter(kind="comment").get().text
    with pytest.raises(TransitionRefused):  # no longer the charged department
        apply_transition(t, "accept", member)


def test_dispute_goes_to_both_heads_who_decide(plant, ticket):
    t, member, head, filling_head = ticket
    t = apply_transition(t, "dispute", member, dispute_reason="Not our SOP")
    note = Notification.objects.get(kind="quality.dispute")
    assert set(note.target_users.all()) == {head, filling_head}
    with pytest.raises(TransitionRefused, match="Only a head"):
        apply_transition(t, "uphold", member, head_decision="x")
    with pytest.raises(TransitionRefused):
        apply_transition(t, "withdraw", head, head_decision="")
    t = apply_transition(t, "withdraw", filling_head, head_decision="Our mistake")
    assert t.state == "withdrawn"
    with pytest.raises(TransitionRefused):
        apply_transition(t, "close", plant["qadmin"])


def test_upheld_ticket_is_closed_by_the_charging_department(plant, ticket):
    t, member, head, _fh = ticket
    t = apply_transition(apply_transition(t, "dispute", member, dispute_reason="No"), "uphold", head,
                         head_decision="It is ours")
    assert t.state == "accepted"
    with pytest.raises(TransitionRefused, match="charging department"):
        apply_transition(t, "close", member)
    assert apply_transition(t, "close", plant["qadmin"], closing_note="Retrained").state == "closed"


def test_sop_levels_from_the_admin(plant, ticket):
    t, _member, head, filling_head = ticket
    EscalationStep.objects.create(applies_to="sop", after_hours=2, notify="charged_heads")
    EscalationStep.objects.create(applies_to="sop", after_hours=5, notify="all_heads")
    start = t.state_entered_at
    assert evaluate_escalations(now=start + dt.timedelta(hours=2) - dt.timedelta(microseconds=1)) == 0
    assert evaluate_escalations(now=start + dt.timedelta(hours=2)) == 1
    assert evaluate_escalations(now=start + dt.timedelta(hours=5)) == 1
    assert evaluate_escalations(now=start + dt.timedelta(hours=5)) == 0
    last = Notification.objects.filter(kind="portal.escalation").order_by("-pk").first()
    assert set(last.target_users.all()) == {head, filling_head}


def test_overdue_ncr_escalates_at_the_due_time_and_once(plant):
    head = UserFactory(username="labeling-head")
    plant["labeling"].heads.add(head)
    ncr = _ncr(plant)
    ncr.due_at = ncr.state_entered_at + dt.timedelta(days=2)
    ncr.save()
    due = ncr.due_at
    assert evaluate_escalations(now=due - dt.timedelta(microseconds=1)) == 0
    assert evaluate_escalations(now=due) == 1
    assert evaluate_escalations(now=due) == 0
    assert list(Notification.objects.get(kind="portal.escalation").target_users.all()) == [head]
    assert evaluate_escalations(now=due + dt.timedelta(hours=48) - dt.timedelta(microseconds=1)) == 0
    assert evaluate_escalations(now=due + dt.timedelta(hours=48)) == 1  # level 2: quality admins
    assert Escalation.objects.filter(rule="overdue").count() == 2
    # containment starts a new stay; its levels are still measured from the due date
    ncr = apply_transition(ncr, "contain", plant["inspector"], containment_action="Quarantine")
    assert evaluate_escalations(now=due - dt.timedelta(microseconds=1)) == 0
    assert evaluate_escalations(now=due) == 1


def test_ncr_without_due_date_gets_one_from_its_severity_and_escalates(plant):
    ncr = _ncr(plant)
    assert ncr.severity == "major" and ncr.due_at == ncr.created_at + dt.timedelta(days=7)
    assert evaluate_escalations(now=ncr.state_entered_at + dt.timedelta(days=365)) == 2
