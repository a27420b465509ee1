"""Issue 30 §4: after signing in, a laser role chooses phone or PC mode; the choice is kept for the device, so the
phone opens the run logging page directly next time; every other role lands where it always did."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from portal.testing.factories import UserFactory

PASSWORD = "correct-horse-battery"


def _sign_in(client: Client, user, **data):
    return client.post(reverse("login"), {"username": user.username, "password": PASSWORD, **data})


def _user(role_user, role: str):
    user = role_user(role)
    user.set_password(PASSWORD)
    user.save()
    return user


def test_a_laser_operator_chooses_a_mode_after_sign_in_and_the_phone_remembers_it(db, shop, role_user):
    operator = shop["operator"]
    operator.set_password(PASSWORD)
    operator.save()
    phone = Client()
    assert _sign_in(phone, operator)["Location"] == reverse("laser:mode")
    phone.post(reverse("laser:mode"), {"ui_mode": "phone"})
    phone.post(reverse("logout"))
    # Next time on this phone: straight to the run logging page.
    landed = _sign_in(phone, operator)
    assert landed["Location"] == reverse("laser:home")
    assert phone.get(landed["Location"])["Location"] == reverse("laser:phone")
    # The same operator on a PC that never chose is asked again (the choice is the device's, not the account's).
    pc = Client()
    assert _sign_in(pc, operator)["Location"] == reverse("laser:mode")
    pc.post(reverse("laser:mode"), {"ui_mode": "desktop"})
    pc.post(reverse("logout"))
    assert pc.get(_sign_in(pc, operator)["Location"])["Location"] == reverse("laser:queue")
    # A bookmark of the portal's home counts as no particular page; a deeper ``next`` is honoured.
    assert _sign_in(Client(), operator, next="/")["Location"] == reverse("laser:mode")
    assert _sign_in(Client(), operator, next="/laser/presets/")["Location"] == "/laser/presets/"


def test_a_laser_manager_in_pc_mode_lands_on_the_dashboard(db, shop, role_user):
    manager = _user(role_user, "Laser_Manager")
    client = Client()
    assert _sign_in(client, manager)["Location"] == reverse("laser:mode")
    client.post(reverse("laser:mode"), {"ui_mode": "desktop"})
    client.post(reverse("logout"))
    assert client.get(_sign_in(client, manager)["Location"])["Location"] == reverse("laser:dashboard")


def test_other_roles_land_on_the_portal_home_as_before(db, shop, role_user):
    planner = _user(role_user, "Scheduling_User")
    assert _sign_in(Client(), planner)["Location"] == reverse("home")
    # Someone with a laser role and another role keeps the portal's home (their landing is not the shop's).
    mixed = UserFactory(username="mixed", roles=["Laser_Operator", "Scheduling_User"])
    mixed.set_password(PASSWORD)
    mixed.save()
    assert _sign_in(Client(), mixed)["Location"] == reverse("home")
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    admin.set_password(PASSWORD)
    admin.save()
    assert _sign_in(Client(), admin)["Location"] == reverse("home")
