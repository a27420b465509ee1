"""Downtime's read service: what OEE, the andon board and preventive maintenance read of the stops."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

import pytest

from downtime.models import Category, DowntimeEvent
from downtime.services import reads
from portal.testing.factories import MachineFactory, UserFactory

CHI = zoneinfo.ZoneInfo("America/Chicago")
DAY = dt.date(2026, 3, 10)


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), CHI)


def stop(line, start, end, category, machine=None) -> DowntimeEvent:
    return DowntimeEvent.objects.create(
        facility=line.facility, line=line, machine=machine, category=category, start=start, end=end,
        duration_minutes=round((end - start).total_seconds() / 60), production_date=DAY,
        created_by=UserFactory(), idempotency_key=uuid.uuid4())


@pytest.fixture
def stops(plant, categories):
    line, other = plant["lines"]
    machine = MachineFactory(line=line, code="M-1")
    brk = Category.objects.create(name="Break", planned=True)
    return {
        "line": line, "other": other, "machine": machine,
        "across_start": stop(line, at(5, 30), at(6, 30), categories["jam"]),  # 06:00–14:00 window: 30 min inside
        "inside": stop(line, at(9), at(9, 20), brk),
        "across_end": stop(line, at(13, 50), at(15), categories["breakdown"], machine),  # 10 min inside
        "outside": stop(line, at(15), at(16), categories["jam"]),
        "other_line": stop(other, at(8), at(9), categories["jam"]),
        "other_machine": stop(line, at(10), at(10, 5), categories["jam"], MachineFactory(line=line, code="M-2")),
    }


def test_a_stop_that_crosses_the_window_counts_only_its_part_inside(stops):
    found = reads.stops([stops["line"]], at(6), at(14))
    assert [(s.start, s.end) for s in found] == [
        (at(6), at(6, 30)), (at(9), at(9, 20)), (at(10), at(10, 5)), (at(13, 50), at(14))]
    assert [s.planned for s in found] == [False, True, False, False]
    assert reads.stopped_minutes([stops["line"]], at(6), at(14)) == {stops["line"].pk: pytest.approx(65)}


def test_per_machine_its_own_stops_and_the_whole_lines(stops):
    found = reads.stops([stops["line"]], at(6), at(14), machine=stops["machine"])
    assert [(s.start, s.end, s.machine_id) for s in found] == [
        (at(6), at(6, 30), None), (at(9), at(9, 20), None), (at(13, 50), at(14), stops["machine"].pk)]


def test_the_oee_rows_are_the_whole_stops_overlapping_the_window(stops):
    """The engine clips each stop to its shifts itself and tells a micro-stop by the stop's whole length."""
    rows = reads.stop_rows([stops["line"]], at(6), at(14), by_machine=True)
    assert [(code, machine, s, e, bool(planned)) for code, machine, s, e, planned in rows] == [
        ("L1", None, at(5, 30).timestamp(), at(6, 30).timestamp(), False),
        ("L1", None, at(9).timestamp(), at(9, 20).timestamp(), True),
        ("L1", "M-2", at(10).timestamp(), at(10, 5).timestamp(), False),
        ("L1", "M-1", at(13, 50).timestamp(), at(15).timestamp(), False),
    ]


def test_the_last_stop_begun_by_a_moment(stops):
    assert reads.last_stop(stops["line"], at(14)) == stops["across_end"]  # still running at 14:00
    assert reads.last_stop(stops["line"], at(5)) is None
