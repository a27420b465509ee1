"""The andon board's hook: open tickets of some lines, most urgent first, with past_sla."""

import datetime as dt

from maintenance.services import open_ticket, open_tickets_for_lines
from portal.workflow import apply_transition

from .conftest import local


def test_open_tickets_for_lines(works, technician, clock):
    f = works["facility"]
    clock.move_to(local(f, 2026, 11, 30, 8))  # Monday 08:00
    critical, high, low = (works["priorities"][n] for n in ("Critical", "High", "Low"))
    late, _ = open_ticket(line=works["press_line"], machine=works["press"], problem="Hydraulic leak",
                          priority=low, reported_by=technician, opened_at=local(f, 2026, 11, 30, 8))
    urgent, _ = open_ticket(line=works["weld_line"], problem="Welder does not strike", priority=critical,
                             opened_at=local(f, 2026, 11, 30, 8))
    done, _ = open_ticket(line=works["press_line"], problem="Guard loose", priority=high,
                          opened_at=local(f, 2026, 11, 30, 8))
    apply_transition(done, "start", technician)
    apply_transition(done.__class__.objects.get(pk=done.pk), "finish", technician, resolution="Tightened")
    # Monday 13:00: 5 working hours in; the critical ticket's 4 h resolution target has passed
    clock.move_to(local(f, 2026, 11, 30, 13))
    rows = open_tickets_for_lines([works["press_line"].pk, works["weld_line"].pk])
    assert [r["id"] for r in rows] == [urgent.pk, late.pk]
    first = rows[0]
    assert set(first) >= {"id", "machine", "line_id", "priority", "state", "opened_at", "problem", "title",
                          "past_sla"}
    assert first["past_sla"] is True and first["machine"] == "" and first["line_id"] == works["weld_line"].pk
    assert first["state"] == "open" and first["priority"] == "Critical"
    assert rows[1]["past_sla"] is False and rows[1]["machine"] == "PRESS-1"
    assert rows[1]["opened_at"] == local(f, 2026, 11, 30, 8).astimezone(dt.UTC)
    assert open_tickets_for_lines([works["press_line"].pk]) == [rows[1]]
    assert open_tickets_for_lines([]) == []
