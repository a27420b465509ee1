"""The demo's past (issue 29): a week of history on a first run, with the reasons, output, rejects, breakdowns and
laser reports every report reads; a second run keeps it; Spanish labels on what operators read; logins per
database."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q, Sum

from portal.demo import as_of, history_dates
from portal.models import Facility, Machine, ProductionLine, Shift
from portal.services.localtime import today_local

DAYS = 7


def _logins(output: str) -> dict[str, str]:
    return dict(re.findall(r"^ {2}(\S+) +(\S+) +\(\w+\)$", output, re.MULTILINE))


def _counts() -> dict[str, int]:
    from downtime.models import DowntimeEvent
    from laser.models import DailyReport, LaserRun
    from maintenance.models import Ticket
    from production.models import Movement
    from quality.models import CustomerReturn, InternalReject

    return {model.__name__: model.objects.count() for model in
            (DowntimeEvent, Movement, InternalReject, CustomerReturn, Ticket, LaserRun, DailyReport)}


@pytest.fixture
def demo(erp_data, settings, tmp_path, capsys):
    settings.VAR_DIR = tmp_path
    settings.DEMO_HISTORY_DAYS = DAYS
    call_command("portal_demo")
    return _logins(capsys.readouterr().out)


@pytest.mark.django_db(databases=["default", "erp"])
def test_history_covers_every_past_day_and_a_second_run_keeps_it(demo, capsys):
    from downtime.models import DowntimeEvent
    from laser.models import DailyReport
    from production.models import Movement

    facility = Facility.objects.get(code="CHI")
    days = history_dates(today_local(facility), DAYS)
    for line in facility.lines.all():
        stopped = set(DowntimeEvent.objects.filter(line=line).values_list("production_date", flat=True))
        assert set(days) <= stopped, line.code  # every past day of every line has its stops
        made = set(Movement.objects.filter(line=line, direction="OUT").values_list("plant_date", flat=True))
        assert set(days) <= made, line.code
    # the reason mix: planned breaks, micro-stops (under 2 minutes) and longer unplanned stops
    events = DowntimeEvent.objects.filter(facility=facility)
    from downtime.models import Category

    planned = Category.objects.planned()
    assert events.filter(category__in=planned).exists()
    assert events.filter(duration_minutes__lt=2, category__name="Jam").exists()
    assert events.filter(duration_minutes__gte=10).exclude(category__in=planned).exists()
    assert events.filter(category__depth=3).exists()  # the demo's third level (Mechanical > Conveyor > ...)
    # output matches the planned orders: no order went out more than it came in
    totals = Movement.objects.values("order").annotate(i=Sum("quantity", filter=Q(direction="IN")),
                                                        o=Sum("quantity", filter=Q(direction="OUT")))
    assert totals and all(row["o"] is None or row["o"] <= row["i"] for row in totals)
    # the laser shop's report of every past day but yesterday's (the laser demo's own) is stored
    shop_days = history_dates(today_local(Facility.objects.get(code="JHB")), DAYS)
    assert set(shop_days) <= set(DailyReport.objects.values_list("day", flat=True))

    before = _counts()
    call_command("portal_demo")
    capsys.readouterr()
    assert _counts() == before


@pytest.mark.django_db(databases=["default", "erp"])
def test_history_is_the_same_plant_every_time(demo):
    """Seeded: the stops of a line are drawn the same way on every run, whichever day it is."""
    from downtime.demo_history import _categories, _shift_stops
    from portal.demo import history_random

    line = ProductionLine.objects.get(code="CHI-L03")
    shift = Shift.objects.get(facility=line.facility, name="Night")

    def draw():
        rng = history_random(f"downtime:{line.code}")
        return [stop[:3] for stop in _shift_stops(rng, _categories(), line, shift, dt.date(2026, 3, 2),
                                                  line.facility.tzinfo)]

    assert draw() == draw() and draw()


@pytest.mark.django_db(databases=["default", "erp"])
def test_demo_names_operators_read_have_spanish_labels(demo):
    from downtime.models import Category, QuickNote
    from quality.models import DefectCode

    for model in (Facility, ProductionLine, Machine, Shift, Category, DefectCode):
        assert not model.objects.filter(name_es="").exists(), model.__name__
    assert not QuickNote.objects.filter(text_es="").exists()


@pytest.mark.django_db(databases=["default", "erp"])
def test_each_database_keeps_its_own_logins(demo, settings, tmp_path, capsys, monkeypatch):
    from portal.management.commands import portal_demo

    first_file = tmp_path / f"demo-logins-{portal_demo.database_label()}.txt"
    kept = first_file.read_text()
    monkeypatch.setattr(portal_demo, "database_label", lambda: "another-demo")
    call_command("portal_demo")
    assert (tmp_path / "demo-logins-another-demo.txt").exists()
    assert first_file.read_text() == kept  # the first demo's printed logins still hold


def test_as_of_moves_the_clock_and_puts_it_back():
    from django.utils import timezone

    moment = dt.datetime(2026, 1, 5, 12, tzinfo=dt.UTC)
    with as_of(moment):
        assert timezone.now() == moment
    assert timezone.now() != moment
    with pytest.raises(ValueError), as_of(dt.datetime(2026, 1, 5)):
        pass


def test_no_module_takes_its_own_copy_of_now():
    """``as_of`` patches ``django.utils.timezone.now``: a module holding its own reference would write the present
    into the history."""
    root = Path(__file__).resolve().parents[2]
    offenders = [str(path.relative_to(root)) for path in root.glob("*/**/*.py")
                 if ".venv" not in path.parts and "from django.utils.timezone import" in path.read_text()
                 and re.search(r"from django\.utils\.timezone import [^\n]*\bnow\b", path.read_text())]
    assert offenders == []
