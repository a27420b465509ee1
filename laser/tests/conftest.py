import pytest

from laser.testing import make_shop


@pytest.fixture
def shop(db, role_user):
    """The shop, an operator who works in it (the "Laser shop" department: floor scoping fails closed) and a manager
    (plant-wide: portal.work_all_lines)."""
    shop = make_shop()
    operator = role_user("Laser_Operator")
    operator.departments.add(shop["department"])
    return {**shop, "operator": operator, "manager": role_user("Laser_Manager")}


@pytest.fixture
def spanish(settings, tmp_path_factory):
    """The Spanish of this module's fragments, before the coordinator compiles them into locale/
    (portal/testing/i18n.py); changing LOCALE_PATHS resets Django's translation caches."""
    from portal.testing.i18n import fragment_catalogue

    settings.LOCALE_PATHS = [str(fragment_catalogue(tmp_path_factory.mktemp("locale")))]
    yield
