"""Andon boards: opened by their link token without signing in, nothing else reachable, revocable."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from downtime.models import Category, DowntimeEvent
from portal.models import ProductionCapacity, Shift
from production.models import AndonBoard
from production.services import record_movement

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(shop):
    line = shop["assembly"]
    shift = Shift.objects.create(facility=line.facility, name="All day", start_time=dt.time(0), end_time=dt.time(0))
    ProductionCapacity.objects.create(line=line, shift=shift, units_per_shift=2400)  # 100 units/h
    now = timezone.now()
    DowntimeEvent.objects.create(facility=line.facility, line=line, category=Category.objects.create(name="Jam"),
                                 start=now - dt.timedelta(minutes=12), end=now + dt.timedelta(minutes=30),
                                 production_date=timezone.localdate(), duration_minutes=42,
                                 created_by=shop["admin"], idempotency_key=uuid.uuid4())
    record_movement(user=shop["admin"], line=line, order_number="A-1", direction="IN", quantity=50)
    record_movement(user=shop["admin"], line=line, order_number="A-1", direction="OUT", quantity=20)
    return AndonBoard.objects.create(name="Assembly TV", line=line, created_by=shop["admin"])


def test_a_board_opens_with_its_token_without_signing_in(client, board):
    page = client.get(f"/andon/{board.token}/")
    body = page.content.decode()
    assert page.status_code == 200 and "Assembly TV" in body
    assert "STOPPED: Jam · 12 min" in body  # the running stop, its reason and how long it has lasted
    assert 'data-output>Output <b>20</b>' in body
    assert "hx-trigger=\"every 30s\"" in body
    panel = client.get(f"/andon/{board.token}/panel/")
    assert panel.status_code == 200 and "STOPPED" in panel.content.decode()


def test_the_token_opens_nothing_else_and_a_revoked_or_unknown_one_is_refused(client, board):
    client.get(f"/andon/{board.token}/")
    assert client.get("/production/").status_code == 302  # still signed out: the sign-in page
    assert client.get("/api/production/movements/").status_code in (401, 403)
    assert client.get("/andon/not-a-real-token/").status_code == 404
    board.active = False
    board.save()
    assert client.get(f"/andon/{board.token}/").status_code == 404
    assert client.get(f"/andon/{board.token}/panel/").status_code == 404


def test_colours_follow_the_boards_thresholds(board):
    from production.views.andon import colour

    assert [colour(v, board) for v in (0.5, 0.65, 0.8, 0.85, 1.0, None)] == [
        "red", "amber", "amber", "green", "green", "none"]
    # a figure that cannot be true (above 100 %, below 0) is never a green fact: it is flagged "check data"
    assert [colour(v, board) for v in (1.2, 12.83, -0.1)] == ["check", "check", "check"]


def test_admins_create_boards_and_see_the_link(client, shop):
    client.force_login(shop["admin"])
    response = client.post("/admin/production/andonboard/add/", {
        "name": "Paint TV", "line": shop["paint"].pk, "red_below": 60, "green_from": 80, "refresh_seconds": 20,
        "active": "on"})
    assert response.status_code == 302
    made = AndonBoard.objects.get(name="Paint TV")
    assert made.created_by == shop["admin"] and len(made.token) >= 30
    assert f"/andon/{made.token}/" in client.get(f"/admin/production/andonboard/{made.pk}/change/").content.decode()


def test_open_maintenance_tickets_show_on_the_board_past_sla_first(client, board, monkeypatch):
    """The maintenance hook's agreed shape (briefing): one call for the board's lines, tickets per line."""
    from production.views import andon

    line = board.line
    opened = timezone.now() - dt.timedelta(hours=3)
    calls = []

    def tickets(line_ids):
        calls.append(line_ids)
        return [{"id": 7, "machine": "PR-1", "line_id": line.pk, "priority": "High", "state": "open",
                 "opened_at": opened, "title": "Hydraulic leak", "past_sla": False},
                {"id": 9, "machine": "PR-2", "line_id": line.pk, "priority": "Urgent", "state": "open",
                 "opened_at": opened + dt.timedelta(hours=1), "title": "Guard broken", "past_sla": True}]

    monkeypatch.setattr(andon, "open_tickets_for_lines", tickets)
    body = client.get(f"/andon/{board.token}/panel/").content.decode()
    assert calls == [[line.pk]]
    listed = body[body.index("data-tickets"):]
    assert listed.index("#9") < listed.index("#7")  # past its SLA: first, in red
    assert "Guard broken · Urgent · past SLA" in listed and "PR-1 Hydraulic leak · High" in listed
