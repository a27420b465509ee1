import datetime as dt

import pytest

from downtime.models import Category
from portal.testing.factories import UserFactory


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
def operator(db):
    return UserFactory(username="operator", roles=["DowntimeTracker_User"])


@pytest.fixture
def other_operator(db):
    return UserFactory(username="operator2", roles=["DowntimeTracker_User"])


@pytest.fixture
def downtime_admin(db):
    return UserFactory(username="dtadmin", roles=["DowntimeTracker_Admin"])


def local(facility, *args) -> dt.datetime:
    """An aware datetime in the facility's zone."""
    return dt.datetime(*args, tzinfo=facility.tzinfo)
