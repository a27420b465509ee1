"""SOP tickets through the core workflow: every allowed and refused transition, escalation at the threshold edge."""

import datetime as dt

import pytest
from django.utils import timezone

from notifications.models import Notification
from portal.models import Department, Escalation
from portal.testing.factories import UserFactory
from portal.workflow import TransitionRefused, apply_transition, available_transitions
from portal.workflow.escalation import evaluate_escalations
from quality.models import SopTicket

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    charging, charged = Department.objects.create(name="Filling"), Department.objects.create(name="Labeling")
    head = UserFactory(username="head")
    charged.heads.add(head)
    member = UserFactory(username="member")
    member.departments.add(charged)
    outsider = UserFactory(username="outsider")
    ticket = SopTicket.objects.create(charging_department=charging, charged_department=charged,
                                      sop_reference="SOP-7", description="Wrong label", created_by=outsider)
    return ticket, member, outsider, head


def test_charged_department_accepts_and_timeline_records_it(setup):
    ticket, member, *_ = setup
    assert [t.name for t in available_transitions(ticket, member)] == ["accept", "dispute", "reassign"]
    ticket = apply_transition(ticket, "accept", member)
    assert ticket.state == "accepted"
    entry = ticket.timeline().get()
    assert (entry.from_state, entry.to_state, entry.user) == ("open", "accepted", member)


def test_dispute_needs_a_reason(setup):
    ticket, member, *_ = setup
    with pytest.raises(TransitionRefused) as refused:
        apply_transition(ticket, "dispute", member, dispute_reason="  ")
    assert "dispute_reason" in refused.value.field_errors
    ticket.refresh_from_db()
    assert ticket.state == "open"
    assert apply_transition(ticket, "dispute", member, dispute_reason="Not our SOP").state == "disputed"


def test_other_departments_are_refused_with_a_sentence(setup):
    ticket, _member, outsider, _head = setup
    assert available_transitions(ticket, outsider) == []
    with pytest.raises(TransitionRefused, match="Only the charged department"):
        apply_transition(ticket, "accept", outsider)


def test_second_user_is_told_what_the_first_did(setup):
    ticket, member, *_ = setup
    stale = SopTicket.objects.get(pk=ticket.pk)
    apply_transition(ticket, "accept", member)
    with pytest.raises(TransitionRefused, match="no longer possible.*Accepted"):
        apply_transition(stale, "dispute", member, dispute_reason="late")
    with pytest.raises(TransitionRefused, match="not an action"):
        apply_transition(stale, "frobnicate", member)


def test_escalation_exactly_at_threshold_and_once(setup):
    ticket, _member, _outsider, head = setup
    start = ticket.state_entered_at
    assert evaluate_escalations(now=start + dt.timedelta(hours=24) - dt.timedelta(microseconds=1)) == 0
    assert evaluate_escalations(now=start + dt.timedelta(hours=24)) == 1
    assert evaluate_escalations(now=start + dt.timedelta(hours=24)) == 0  # the second run sends nothing
    assert Escalation.objects.count() == 1
    notification = Notification.objects.get(kind="portal.escalation")
    assert list(notification.target_users.all()) == [head]
    assert ticket.timeline().filter(kind="escalation").count() == 1


def test_the_answer_ends_the_response_escalation(setup):
    ticket, member, *_ = setup
    apply_transition(ticket, "accept", member)
    assert evaluate_escalations(now=timezone.now() + dt.timedelta(days=2)) == 0
    assert not Escalation.objects.filter(rule="response").exists()
