"""Meta-test over every workflow with escalations (portal.workflow.escalation.workflow_models): a record escalates
(two levels, to users, a group and a permission), then moves on through apply_transition; the bell of every
audience is clear. The workflow owns this for every module, not each module for itself (issue 28).

A new workflow model with escalation rules needs a sample here (the test says so), so it cannot ship without it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from notifications.services import unread_for
from portal.testing.factories import DepartmentFactory, FacilityFactory, ProductionLineFactory, UserFactory
from portal.workflow import Audience, EscalationLevel, apply_transition
from portal.workflow.escalation import _send, workflow_models


def _planning_order(user):
    from scheduling.planning.models import PlanningOrder, Routing

    routing = Routing.objects.create(product_family="ESC-FAMILY")
    order = PlanningOrder.objects.create(number="PLN-ESC", facility=FacilityFactory(code="ESC"), routing=routing,
                                         due_date=dt.date.today(), state="on_hold", hold_reason="waiting")
    return order, "resume", {}


def _ncr(user):
    from quality.models import Ncr

    ncr = Ncr.objects.create(title="Burr", description="Burr on edge", department=DepartmentFactory(), owner=user,
                             created_by=user)
    return ncr, "contain", {"containment_action": "Sorted the lot"}


def _sop_ticket(user):
    from quality.models import SopTicket

    charging, charged = DepartmentFactory(name="Quality"), DepartmentFactory(name="Moulding")
    user.departments.add(charged)
    ticket = SopTicket.objects.create(charging_department=charging, charged_department=charged,
                                      sop_reference="SOP-1", description="Skipped a check", created_by=user)
    return ticket, "accept", {}


def _maintenance_ticket(user):
    from maintenance.models import Priority, Ticket

    priority = Priority.objects.create(name="Escalation test", rank=99, response_hours=Decimal(1),
                                       resolution_hours=Decimal(4))
    ticket = Ticket.objects.create(line=ProductionLineFactory(), priority=priority, problem="Leak")
    return ticket, "cancel", {"cancel_reason": "Duplicate"}


def _laser_project(user):
    from laser.models import Project, Stage
    from laser.testing import make_shop

    shop = make_shop()
    project = Project.objects.create(code="P-ESC", client=shop["client"], material_type="mild_steel",
                                     thickness_mm=Decimal("3.0"), sheet_size="3000x1500", sheets_required=1,
                                     stage=Stage.QUOTES)
    return project, "approve", {}


SAMPLES = {
    "planning.PlanningOrder": _planning_order,
    "quality.Ncr": _ncr,
    "quality.SopTicket": _sop_ticket,
    "maintenance.Ticket": _maintenance_ticket,
    "laser.Project": _laser_project,
}
ESCALATING = [m for m in workflow_models() if m.workflow.escalations]


def test_every_escalating_workflow_has_a_sample():
    missing = {m._meta.label for m in ESCALATING} - set(SAMPLES)
    assert not missing, f"add a sample record and a transition out of its escalated state for {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("model", ESCALATING, ids=lambda m: m._meta.label)
def test_moving_on_clears_every_escalation_level_for_every_audience(model):
    actor = UserFactory(username="actor", is_superuser=True)
    named, in_group, by_permission = (UserFactory(username=n) for n in ("named", "in_group", "by_permission"))
    group = Group.objects.create(name="Escalation audience")
    in_group.groups.add(group)
    by_permission.user_permissions.add(*Permission.objects.filter(codename="view_reports"))
    record, transition, fields = SAMPLES[model._meta.label](actor)
    rule = model.workflow.escalations[0]
    state = getattr(record, model.workflow.state_field)
    record.state_entered_at = timezone.now() - dt.timedelta(days=3)
    record.save()
    audience = Audience(users=[named], groups=[group.name], permissions=["portal.view_reports"])
    for level in (1, 2):
        _send(record, rule, level, EscalationLevel(after=dt.timedelta(hours=level), notify=lambda r: audience),
              dt.timedelta(days=3), timezone.now())
    readers = (named, in_group, by_permission)
    assert all(unread_for(user).filter(kind="portal.escalation").count() == 2 for user in readers), state

    apply_transition(type(record)._default_manager.get(pk=record.pk), transition, actor, **fields)

    assert [unread_for(user).filter(kind="portal.escalation").count() for user in readers] == [0, 0, 0]


def test_standing_is_the_evaluators_rule(db):
    """A board's amber and red: "past" exactly when the evaluator would send the level, "near" from NEAR_SHARE."""
    from laser.models import Client, Project
    from portal.workflow.escalation import NEAR_SHARE, standing

    client = Client.objects.create(name="Standing Ltd")
    project = Project.objects.create(code="ST-1", client=client, material_type="mild_steel",
                                     thickness_mm=Decimal("3.0"), sheet_size="3000x1500")
    project.refresh_from_db()
    after = dt.timedelta(days=2)
    levels = [EscalationLevel(after, notify=lambda r: Audience())]
    start = project.state_entered_at
    assert standing(project, levels, now=start + after).status == "past"
    assert standing(project, levels, now=start + after - dt.timedelta(seconds=1)).status == "near"
    assert standing(project, levels, now=start + after * NEAR_SHARE - dt.timedelta(seconds=1)).status == "ok"
    assert standing(project, [], now=start + after * 10).status == "none"
    assert standing(project, levels, now=start + after).limit == after
