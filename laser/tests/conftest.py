import pytest

from laser.testing import make_shop


@pytest.fixture
def shop(db, role_user):
    return {**make_shop(), "operator": role_user("Laser_Operator"), "manager": role_user("Laser_Manager")}
