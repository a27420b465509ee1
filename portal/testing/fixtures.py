"""Core fixtures: a user per role of the matrix, logged-in clients, a small plant."""

import datetime as dt

import pytest

from portal.roles import ROLES

from .factories import FacilityFactory, ProductionLineFactory, ShiftFactory, UserFactory

PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True)
def _fresh_time_zones(request):
    """The cached set of facility zones (portal/services/localtime.py) must not leak between tests' databases;
    primed here so a test's first page costs the same queries as its later ones."""
    from portal.services.localtime import forget_zones, refresh_zones

    forget_zones()
    uses_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("_django_db_helper")
        refresh_zones()
    yield
    forget_zones()


@pytest.fixture
def role_user(db):
    """``role_user("Scheduling_User")`` -> a user who holds exactly that role."""

    def make(role: str, **kwargs):
        return UserFactory(username=f"u_{role.lower()}", roles=[role], **kwargs)

    return make


@pytest.fixture
def user_without_role(db):
    return UserFactory(username="nobody")


@pytest.fixture
def client_for(client, role_user):
    """``client_for("Scheduling_User")`` -> a test client logged in as a user of that role."""

    def make(role: str):
        client.force_login(role_user(role))
        return client

    return make


@pytest.fixture
def portal_admin(role_user):
    return role_user("Production_Portal_Admin")


@pytest.fixture
def admin_client_portal(client, portal_admin):
    client.force_login(portal_admin)
    return client


@pytest.fixture
def plant(db):
    """One facility with two lines and three shifts (day, swing, overnight)."""
    facility = FacilityFactory(code="MAIN", name="Main plant", time_zone="America/Chicago")
    lines = [ProductionLineFactory(facility=facility, code=c) for c in ("L1", "L2")]
    shifts = [
        ShiftFactory(facility=facility, name="Day", start_time=dt.time(6), end_time=dt.time(14)),
        ShiftFactory(facility=facility, name="Swing", start_time=dt.time(14), end_time=dt.time(22)),
        ShiftFactory(facility=facility, name="Night", start_time=dt.time(22), end_time=dt.time(6)),
    ]
    return {"facility": facility, "lines": lines, "shifts": shifts}


ALL_ROLES = sorted(ROLES)
