import pytest

from notifications import services
from portal.testing.factories import FacilityFactory, UserFactory


@pytest.fixture
def facility(db):
    return FacilityFactory(code="N1")


@pytest.fixture
def scheduler(role_user):
    """Holds portal.view_scheduling through the Scheduling_User role."""
    return role_user("Scheduling_User")


@pytest.fixture
def operator(role_user):
    """Holds only portal.report_downtime (DowntimeTracker_User)."""
    return role_user("DowntimeTracker_User")


@pytest.fixture
def outsider(db):
    return UserFactory(username="outsider")


@pytest.fixture
def raise_for(facility):
    """``raise_for(user=..., **kwargs)``: a notification addressed to one user."""

    def make(user, title="Line stopped", kind="test.direct", source=facility, **kwargs):
        return services.raise_notification(kind, source, title=title, users=[user], **kwargs)

    return make
