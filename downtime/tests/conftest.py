import datetime as dt

import pytest

from downtime.models import Category
from portal.testing.factories import UserFactory, work_on

# The tests record stops on fixed dates of 2026 (shifts, clock changes): the floor's back-entry window
# (portal/services/floortime.py) is widened just enough to keep them inside it whenever the suite runs.
# tests/test_floor_writes.py checks the window itself at its default.
FIXED_DATES_SINCE = dt.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def _fixed_dates_inside_the_back_entry_window(settings):
    settings.FLOOR_BACKDATE_DAYS = max(366, (dt.date.today() - FIXED_DATES_SINCE).days + 2)


@pytest.fixture
def categories(db):
    mechanical = Category.objects.create(name="Mechanical", colour="#d9534f", sort_order=1)
    changeover = Category.objects.create(name="Changeover", colour="#5bc0de", sort_order=2)
    return {
        "mechanical": mechanical,
        "jam": Category.objects.create(name="Jam", parent=mechanical, colour="#f0ad4e"),
        "breakdown": Category.objects.create(name="Breakdown", parent=mechanical, colour="#d9534f"),
        "retired": Category.objects.create(name="Old reason", parent=mechanical, active=False),
        "changeover": changeover,
    }


@pytest.fixture
def operator(plant):
    """An operator who works on both lines of the plant (floor scoping fails closed: no department, no line)."""
    return work_on(UserFactory(username="operator", roles=["DowntimeTracker_User"]), *plant["lines"])


@pytest.fixture
def other_operator(plant):
    return work_on(UserFactory(username="operator2", roles=["DowntimeTracker_User"]), *plant["lines"])


@pytest.fixture
def reader(plant):
    """A planner who reads the reports of the plant's lines (reports fail closed too: no department, no line)."""
    return work_on(UserFactory(username="planner", roles=["Scheduling_User"]), *plant["lines"])


@pytest.fixture
def reader_client(client, reader):
    client.force_login(reader)
    return client


@pytest.fixture
def downtime_admin(db):
    return UserFactory(username="dtadmin", roles=["DowntimeTracker_Admin"])


def local(facility, *args) -> dt.datetime:
    """An aware datetime in the facility's zone."""
    return dt.datetime(*args, tzinfo=facility.tzinfo)
