"""Quality between departments (issue 32): the charging department is the raiser's own (a quality administrator may
choose another, audited), the charged department is told, every open state escalates with a fallback to the
quality administrators, and an NCR without a due date gets one from its severity and escalates."""

import datetime as dt

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import visible_to
from portal.models import Escalation
from portal.testing.factories import UserFactory
from portal.workflow import apply_transition
from portal.workflow.escalation import evaluate_escalations
from quality.models import Ncr, SopTicket

pytestmark = pytest.mark.django_db


@pytest.fixture
def departments(plant):
    inspector, qadmin = plant["inspector"], plant["qadmin"]
    inspector.departments.add(plant["filling"])
    qadmin.departments.add(plant["filling"])
    member = UserFactory(username="labeler")
    member.departments.add(plant["labeling"])
    head = UserFactory(username="labelhead")
    plant["labeling"].heads.add(head)
    return {**plant, "member": member, "head": head}


def test_an_inspector_charges_on_behalf_of_their_own_department_and_the_charged_one_is_told(client, departments):
    d = departments
    client.force_login(d["inspector"])
    page = client.get(reverse("quality:ticket-create")).content.decode()
    assert f'value="{d["filling"].pk}" selected' in page
    assert f'<option value="{d["labeling"].pk}"' not in page.split('name="charged_department"')[0]
    # a charging department posted that is not the raiser's is refused, nothing raised
    refused = client.post(reverse("quality:ticket-create"), {
        "charging_department": d["labeling"].pk, "charged_department": d["filling"].pk, "sop_reference": "SOP-1",
        "description": "x"})
    assert refused.status_code == 400 and not SopTicket.objects.exists()
    client.post(reverse("quality:ticket-create"), {
        "charging_department": d["filling"].pk, "charged_department": d["labeling"].pk, "sop_reference": "SOP-1",
        "description": "Wrong label on pallet"})
    ticket = SopTicket.objects.get()
    assert (ticket.charging_department, ticket.charged_department) == (d["filling"], d["labeling"])
    raised = Notification.objects.get(kind="quality.ticket_raised")
    assert set(raised.target_users.all()) == {d["member"], d["head"]}
    assert visible_to(d["member"]).filter(pk=raised.pk).exists()
    assert not visible_to(d["inspector"]).filter(pk=raised.pk).exists()


def test_a_quality_admin_charges_for_another_department_and_it_is_audited(client, departments):
    d = departments
    client.force_login(d["qadmin"])
    response = client.post(reverse("quality:ticket-create"), {
        "charging_department": d["labeling"].pk, "charged_department": d["filling"].pk, "sop_reference": "SOP-2",
        "description": "Missing check"})
    assert response.status_code == 302
    ticket = SopTicket.objects.get()
    assert ticket.charging_department == d["labeling"]
    entry = LogEntry.objects.get_for_object(ticket).filter(additional_data__isnull=False).get()
    assert entry.actor == d["qadmin"] and entry.additional_data["charging_department"] == "Labeling"
    # the charged department (Filling: the inspector and the admin) is told
    assert Notification.objects.get(kind="quality.ticket_raised").target_users.filter(pk=d["qadmin"].pk).exists()


def test_a_dispute_in_a_department_without_heads_reaches_a_quality_admin(departments):
    d = departments
    d["labeling"].heads.clear()
    ticket = SopTicket.objects.create(charging_department=d["filling"], charged_department=d["labeling"],
                                      sop_reference="SOP-3", description="x", created_by=d["inspector"])
    ticket = apply_transition(ticket, "dispute", d["member"], dispute_reason="Not our SOP")
    dispute = Notification.objects.get(kind="quality.dispute")
    assert visible_to(d["qadmin"]).filter(pk=dispute.pk).exists()
    # and a dispute nobody decides escalates, to the quality administrators when there are no heads
    assert evaluate_escalations(now=ticket.state_entered_at + dt.timedelta(hours=24)) == 1
    escalation = Notification.objects.get(kind="portal.escalation")
    assert visible_to(d["qadmin"]).filter(pk=escalation.pk).exists()
    assert Escalation.objects.get().rule == "dispute"


def test_an_accepted_ticket_whose_action_is_late_escalates(departments):
    d = departments
    ticket = SopTicket.objects.create(charging_department=d["filling"], charged_department=d["labeling"],
                                      sop_reference="SOP-4", description="x", created_by=d["inspector"])
    ticket = apply_transition(ticket, "accept", d["member"])
    start = ticket.state_entered_at
    assert evaluate_escalations(now=start + dt.timedelta(hours=71)) == 0
    assert evaluate_escalations(now=start + dt.timedelta(hours=72)) == 1
    assert Escalation.objects.get().rule == "action"
    assert d["head"] in Notification.objects.get(kind="portal.escalation").target_users.all()


@pytest.mark.parametrize(("severity", "days"), [("critical", 1), ("major", 7), ("minor", 30)])
def test_an_ncr_without_a_due_date_gets_one_from_its_severity_and_escalates(departments, severity, days):
    d = departments
    ncr = Ncr.objects.create(title="Burr", description="x", department=d["labeling"], owner=d["member"],
                             created_by=d["inspector"], severity=severity)
    assert ncr.due_at == ncr.created_at + dt.timedelta(days=days)
    assert evaluate_escalations(now=ncr.due_at - dt.timedelta(minutes=1)) == 0
    assert evaluate_escalations(now=ncr.due_at) == 1
    assert d["head"] in Notification.objects.get(kind="portal.escalation").target_users.all()


def test_the_ncr_form_leaves_the_due_date_to_the_severity(client, departments):
    d = departments
    client.force_login(d["inspector"])
    response = client.post(reverse("quality:ncr-create"), {
        "title": "Burr", "description": "x", "department": d["labeling"].pk, "owner": d["member"].pk,
        "severity": "critical", "due_at": ""})
    assert response.status_code == 302
    ncr = Ncr.objects.get()
    assert dt.timedelta(hours=23) < ncr.due_at - timezone.now() <= dt.timedelta(days=1)
