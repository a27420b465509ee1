import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps as django_apps

from maintenance.models import Priority
from portal.testing.factories import FacilityFactory, MachineFactory, ProductionLineFactory, ShiftFactory, UserFactory


@pytest.fixture
def works(db):
    """A plant working Mon-Fri 06:00-14:00 and 15:00-23:00 (America/Chicago), a line with one machine, another
    line with two machines, and the default priorities (Critical 0.5/4 h, High 1/8 h, Normal 4/24 h, Low 8/80 h)."""
    facility = FacilityFactory(code="MNT", name="Maintenance plant", time_zone="America/Chicago")
    ShiftFactory(facility=facility, name="First", start_time=dt.time(6), end_time=dt.time(14))
    ShiftFactory(facility=facility, name="Second", start_time=dt.time(15), end_time=dt.time(23))
    press_line = ProductionLineFactory(facility=facility, code="PL1")
    weld_line = ProductionLineFactory(facility=facility, code="WL1")
    press = MachineFactory(line=press_line, code="PRESS-1")
    welders = [MachineFactory(line=weld_line, code=c) for c in ("WELD-1", "WELD-2")]
    # The default levels come from a data migration, which a transactional (browser) test's flush removes.
    import_module("maintenance.migrations.0002_default_priorities").add_levels(django_apps, None)
    priorities = {p.name: p for p in Priority.objects.all()}
    return {"facility": facility, "press_line": press_line, "weld_line": weld_line, "press": press,
            "welders": welders, "priorities": priorities}


@pytest.fixture
def technician(db):
    return UserFactory(username="tech", first_name="Tere", last_name="Campos", roles=["Maintenance_Technician"])


@pytest.fixture
def other_technician(db):
    return UserFactory(username="tech2", roles=["Maintenance_Technician"])


@pytest.fixture
def maintenance_admin(db):
    return UserFactory(username="mntadmin", roles=["Maintenance_Admin"])


def local(facility, *args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=facility.tzinfo)


class Clock:
    """``timezone.now()`` frozen at a moment the test moves (field defaults bound to timezone.now at import are
    not affected: services pass their moments explicitly)."""

    def __init__(self):
        self.now = None

    def move_to(self, moment: dt.datetime) -> None:
        self.now = moment.astimezone(dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    from django.utils import timezone

    frozen = Clock()
    real_now = timezone.now
    monkeypatch.setattr(timezone, "now", lambda: frozen.now or real_now())
    return frozen
