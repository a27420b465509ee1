"""The maintenance REST API: report (idempotent, the caller's key), workflow transitions (409 with the workflow's
sentence, 403 without the permission, 400 for a required field left blank), work recorded by the assignee, MTBF/MTTR
equal to the pages' aggregate, plans; deny by default."""

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from maintenance.models import ChecklistItem, Ticket
from maintenance.services import open_ticket
from maintenance.services.reliability import machine_reliability
from portal.models import CommandKey
from portal.testing.factories import UserFactory

pytestmark = pytest.mark.django_db
JSON = "application/json"


def post(client, url, data):
    return client.post(url, data, content_type=JSON)


def test_report_a_ticket_and_a_repeated_key_returns_the_same_ticket(client, works, technician):
    client.force_login(technician)
    key = str(uuid.uuid4())
    body = {"line": works["press_line"].pk, "machine": works["press"].pk, "problem": "Hydraulic leak",
            "priority": works["priorities"]["High"].pk, "idempotency_key": key}
    first = post(client, "/api/maintenance/tickets/", body)
    assert first.status_code == 201, first.content
    again = post(client, "/api/maintenance/tickets/", body)
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert Ticket.objects.count() == 1
    ticket = first.json()
    assert ticket["reported_by"] == "Tere Campos" and ticket["state"] == "open" and ticket["number"].startswith("MT-")
    # every date-time in the facility's zone (Chicago: -06:00 in winter, -05:00 in summer), with its offset
    opened = dt.datetime.fromisoformat(ticket["opened_at"])
    assert opened.utcoffset() in (dt.timedelta(hours=-6), dt.timedelta(hours=-5))
    assert dt.datetime.fromisoformat(ticket["resolution_due"]).utcoffset() is not None


def test_a_machine_of_another_line_is_refused_with_a_field_message(client, works, technician):
    client.force_login(technician)
    answer = post(client, "/api/maintenance/tickets/", {
        "line": works["press_line"].pk, "machine": works["welders"][0].pk, "problem": "Noise"})
    assert answer.status_code == 400 and "WELD-1" in answer.json()["machine"][0]
    assert answer.json()["code"] == "invalid"
    works["press"].active = False
    works["press"].save()
    retired = post(client, "/api/maintenance/tickets/", {
        "line": works["press_line"].pk, "machine": works["press"].pk, "problem": "Noise"})
    assert retired.status_code == 400 and "machine" in retired.json()
    assert not Ticket.objects.exists()


def test_a_refused_transition_is_a_409_with_the_workflows_sentence(client, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    client.force_login(technician)
    url = f"/api/maintenance/tickets/{ticket.pk}/transition/"
    refused = post(client, url, {"action": "finish", "resolution": "Tightened"})
    assert refused.status_code == 409
    assert refused.json()["detail"] == ("“Finish” is not possible: this maintenance ticket is Open, and it is "
                                        "possible only while it is In progress.")
    assert post(client, url, {"action": "start"}).json()["state"] == "in_progress"
    blank = post(client, url, {"action": "finish", "resolution": " ", "part_number": "P-1"})
    assert blank.status_code == 400 and "resolution" in blank.json() and blank.json()["code"] == "invalid"
    ticket.refresh_from_db()
    assert ticket.state == "in_progress" and not ticket.parts.exists()  # all or nothing
    done = post(client, url, {"action": "finish", "resolution": "Tightened", "part_number": "P-1", "minutes": 15})
    assert done.status_code == 200 and done.json()["state"] == "done"
    assert [p["part_number"] for p in done.json()["parts"]] == ["P-1"] and done.json()["labour_minutes"] >= 15


def test_a_technician_may_not_verify_but_the_maintenance_admin_may(client, works, technician, maintenance_admin):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    client.force_login(technician)
    url = f"/api/maintenance/tickets/{ticket.pk}/transition/"
    post(client, url, {"action": "start"})
    post(client, url, {"action": "finish", "resolution": "Sealed"})
    refused = post(client, url, {"action": "verify"})
    assert refused.status_code == 403
    assert refused.json()["detail"] == "You may not “Verify” this maintenance ticket."
    ticket.refresh_from_db()
    assert ticket.state == "done" and ticket.verified_by is None
    client.force_login(maintenance_admin)
    assert post(client, url, {"action": "verify"}).json()["state"] == "verified"


def test_assign_only_to_a_technician(client, works, technician, maintenance_admin):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    clerk = UserFactory(username="clerk", roles=["DowntimeTracker_User"])
    client.force_login(maintenance_admin)
    url = f"/api/maintenance/tickets/{ticket.pk}/transition/"
    assert post(client, url, {"action": "assign", "assigned_to": clerk.pk}).status_code == 400
    answer = post(client, url, {"action": "assign", "assigned_to": technician.pk})
    assert answer.status_code == 200 and answer.json()["assigned_to_name"] == "Tere Campos"


def test_a_transition_with_a_key_is_applied_once_and_repeats_answer_the_first_outcome(client, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    client.force_login(technician)
    url = f"/api/maintenance/tickets/{ticket.pk}/transition/"
    start = {"action": "start", "key": str(uuid.uuid4()), "minutes": 10, "note": "On it"}
    assert post(client, url, start).status_code == 200
    again = post(client, url, start)
    assert again.status_code == 200 and again.json()["state"] == "in_progress"
    ticket.refresh_from_db()
    assert ticket.labour.filter(minutes=10).count() == 1 and ticket.labour.count() == 2  # typed + the session
    refused = {"action": "verify", "key": str(uuid.uuid4())}
    first = post(client, url, refused)
    assert first.status_code == 403 and first.json()["code"] == "forbidden"
    assert post(client, url, refused).json() == first.json()  # refused again: a refusal spends no key
    assert CommandKey.objects.filter(user=technician, kind="maintenance.command").count() == 1


def test_parts_labour_and_checklist_actions(client, works, technician, maintenance_admin):
    ticket, _ = open_ticket(line=works["press_line"], problem="PM", priority=works["priorities"]["Low"],
                            kind=Ticket.Kind.PREVENTIVE, assigned_to=technician, state="assigned")
    step = ChecklistItem.objects.create(ticket=ticket, text="Grease the bearings")
    client.force_login(technician)
    base = f"/api/maintenance/tickets/{ticket.pk}"
    part = post(client, f"{base}/parts/", {"part_number": "BRG-6204", "quantity": "2"})
    assert part.status_code == 201 and part.json()["quantity"] == "2.00"
    assert post(client, f"{base}/parts/", {"part_number": "X", "quantity": "-1"}).status_code == 400
    labour = post(client, f"{base}/labour/", {"minutes": 25})
    assert labour.status_code == 201 and labour.json()["technician"] == "Tere Campos"
    tick = post(client, f"{base}/checklist/", {"item": step.pk})
    assert tick.status_code == 200 and tick.json()["done_by"] == "Tere Campos" and tick.json()["done_at"]
    other, _ = open_ticket(line=works["press_line"], problem="Other", priority=works["priorities"]["Low"],
                           assigned_to=technician)
    assert post(client, f"/api/maintenance/tickets/{other.pk}/checklist/", {"item": step.pk}).status_code == 400
    detail = client.get(f"{base}/").json()
    assert detail["labour_minutes"] == 25 and detail["checklist"][0]["done_by"] == "Tere Campos"
    Ticket.objects.filter(pk=ticket.pk).update(state="cancelled")
    closed = post(client, f"{base}/labour/", {"minutes": 5})
    assert closed.status_code == 409 and "Cancelled" in closed.json()["detail"]
    assert closed.json()["code"] == "conflict"


def test_list_filters_and_a_fixed_query_count(client, works, technician):
    normal = works["priorities"]["Normal"]
    past = timezone.now() - dt.timedelta(days=30)
    late, _ = open_ticket(line=works["press_line"], machine=works["press"], problem="Old leak", priority=normal,
                          opened_at=past)
    open_ticket(line=works["weld_line"], problem="Fresh", priority=works["priorities"]["Critical"])
    client.force_login(technician)

    def problems(query):
        return [t["problem"] for t in client.get(f"/api/maintenance/tickets/?{query}").json()["results"]]

    assert problems("past_sla=true") == ["Old leak"]
    assert problems("past_sla=false") == ["Fresh"]
    assert problems(f"line={works['weld_line'].pk}") == ["Fresh"]
    assert problems(f"machine={works['press'].pk}") == ["Old leak"]
    assert problems(f"priority={normal.pk}&kind=corrective&state=open") == ["Old leak"]
    with CaptureQueriesContext(connection) as few:
        client.get("/api/maintenance/tickets/")
    for n in range(12):
        open_ticket(line=works["weld_line"], machine=works["welders"][n % 2], problem=f"T{n}", priority=normal,
                    reported_by=technician, assigned_to=technician)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/maintenance/tickets/").json()["count"] == 14
    assert len(many) == len(few)


def test_mtbf_mttr_equal_the_pages_aggregate(client, works, technician):
    press = works["press"]
    now = timezone.now()
    for days_ago, repair in ((40, 90), (20, 30), (5, None)):
        ticket, _ = open_ticket(line=works["press_line"], machine=press, problem="Jam",
                                priority=works["priorities"]["High"], opened_at=now - dt.timedelta(days=days_ago))
        Ticket.objects.filter(pk=ticket.pk).update(repair_minutes=repair)
    open_ticket(line=works["press_line"], machine=press, problem="PM", kind=Ticket.Kind.PREVENTIVE,
                priority=works["priorities"]["Low"], opened_at=now - dt.timedelta(days=3))
    client.force_login(technician)
    start, end = now - dt.timedelta(days=90), now
    answer = client.get(f"/api/maintenance/reliability/{press.pk}/",
                        {"start": start.isoformat(), "end": end.isoformat()}).json()
    page = machine_reliability(press, start, end)
    assert answer["failures"] == page.failures == 3 and answer["repaired"] == 2
    assert answer["mtbf_hours"] == pytest.approx(page.mtbf_hours) == pytest.approx(90 * 24 / 3)
    assert answer["mttr_hours"] == pytest.approx(page.mttr_hours) == pytest.approx(1.0)
    assert dt.datetime.fromisoformat(answer["period_start"]).utcoffset() is not None
    listing = client.get("/api/maintenance/reliability/", {"days": 365}).json()["results"]
    assert {m["code"]: m["failures"] for m in listing} == {"PRESS-1": 3, "WELD-1": 0, "WELD-2": 0}
    bad = client.get("/api/maintenance/reliability/", {"start": "2026-01-01T00:00:00"})
    assert bad.status_code == 400 and "offset" in bad.json()["start"][0]


def test_preventive_plans_list_and_detail(client, works, technician):
    from maintenance.models import PlanStep, PreventivePlan

    plan = PreventivePlan.objects.create(machine=works["press"], name="Monthly check", interval=30,
                                         start_date=dt.date(2026, 1, 1), priority=works["priorities"]["Low"])
    PlanStep.objects.create(plan=plan, text="Check oil")
    client.force_login(technician)
    listing = client.get("/api/maintenance/plans/").json()["results"]
    assert listing[0]["name"] == "Monthly check" and listing[0]["steps"][0]["text"] == "Check oil"
    detail = client.get(f"/api/maintenance/plans/{plan.pk}/").json()
    assert detail["due"]["slot"].startswith("d:")


def test_deny_by_default(client, works):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    client.force_login(UserFactory(username="op", roles=["DowntimeTracker_User"], lines=[works["press_line"]]))
    assert client.get("/api/maintenance/tickets/").status_code == 403
    assert client.get(f"/api/maintenance/tickets/{ticket.pk}/").status_code == 403
    assert post(client, f"/api/maintenance/tickets/{ticket.pk}/transition/", {"action": "start"}).status_code == 403
    assert post(client, f"/api/maintenance/tickets/{ticket.pk}/parts/", {"part_number": "P"}).status_code == 403
    client.logout()
    assert client.get("/api/maintenance/reliability/").status_code in (401, 403)
