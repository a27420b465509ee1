import pytest

from portal.testing.factories import DepartmentFactory, FacilityFactory, ProductionLineFactory, UserFactory


@pytest.fixture
def fixed_dates(settings):
    """Tests computed by hand on fixed plant days (March 2026) stay inside the floor's back-entry window
    (portal.services.floortime) whatever day they run on."""
    settings.FLOOR_BACKDATE_DAYS = 365 * 50


@pytest.fixture
def shop(db):
    """Two departments with their work centers (one in another time zone), an operator of each, an admin."""
    chicago = FacilityFactory(code="CHI", time_zone="America/Chicago")
    atlanta = FacilityFactory(code="ATL", time_zone="America/New_York")
    assembly, welding, paint = (ProductionLineFactory(facility=chicago, code="WC001", name="Assembly"),
                                ProductionLineFactory(facility=chicago, code="WC003", name="Welding"),
                                ProductionLineFactory(facility=atlanta, code="WC004", name="Painting"))
    production, finishing = DepartmentFactory(name="Production"), DepartmentFactory(name="Finishing")
    production.lines.set([assembly, welding])
    finishing.lines.set([paint])
    operator = UserFactory(username="op_prod", roles=["Production_Operator"])
    operator.departments.set([production])
    painter = UserFactory(username="op_paint", roles=["Production_Operator"])
    painter.departments.set([finishing])
    admin = UserFactory(username="prod_admin", roles=["Production_Admin"])
    return {"assembly": assembly, "welding": welding, "paint": paint, "operator": operator, "painter": painter,
            "admin": admin, "production": production, "finishing": finishing}

