"""The demo command: plant data matching the demo ERP, one login per role, safe to re-run."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from portal.management.commands.portal_demo import database_label
from portal.models import Facility, Machine, ProductionLine, Shift, User
from portal.roles import ROLES


def _logins(output: str) -> dict[str, str]:
    return dict(re.findall(r"^ {2}(\S+) +(\S+) +\(\w+\)$", output, re.MULTILINE))


@pytest.mark.django_db(databases=["default", "erp"])
def test_demo_is_complete_and_idempotent(erp_data, settings, tmp_path, capsys, rf):
    settings.VAR_DIR = tmp_path
    settings.DEMO_HISTORY_DAYS = 2  # the history has its own tests (test_demo_history.py)
    call_command("portal_demo")
    first = _logins(capsys.readouterr().out)
    # The three ERP plants, plus the laser job shop in Johannesburg (laser/demo.py: one line, two lasers).
    assert Facility.objects.count() == 4 and ProductionLine.objects.count() == 13
    assert Shift.objects.filter(start_time__gt="21:00").count() == 3  # every facility has an overnight shift
    assert {User.objects.get(username=u).groups.get().name for u in first} == set(ROLES)
    assert "production_portal_admin" in first
    request = rf.post("/accounts/login/")
    assert authenticate(request, username="demo_planner", password=first["demo_planner"]) is not None

    call_command("portal_demo")
    second = _logins(capsys.readouterr().out)
    assert second == first  # same logins printed again, nothing duplicated
    assert ProductionLine.objects.count() == 13
    assert Machine.objects.count() == 36 + 2  # three on every ERP line and the two lasers, not duplicated
    assert (tmp_path / f"demo-logins-{database_label()}.txt").stat().st_mode & 0o077 == 0  # its owner's only


@pytest.mark.django_db(databases=["default", "erp"])
def test_demo_lines_match_erp_work_centers(erp_data, settings, tmp_path):
    from erp.models import Job

    settings.VAR_DIR = tmp_path
    settings.DEMO_HISTORY_DAYS = 2  # the history has its own tests (test_demo_history.py)
    call_command("portal_demo")
    work_centers = set(Job.objects.values_list("line_code", flat=True).distinct())
    assert work_centers <= set(ProductionLine.objects.values_list("erp_line_code", flat=True))


@pytest.mark.django_db(databases=["default", "erp"])
def test_demo_has_downtime_reason_codes_ready_for_the_tablet(erp_data, settings, tmp_path):
    from downtime.models import Category, QuickNote

    settings.VAR_DIR = tmp_path
    settings.DEMO_HISTORY_DAYS = 2  # the history has its own tests (test_demo_history.py)
    call_command("portal_demo")
    call_command("portal_demo")
    mains = Category.objects.filter(parent=None)
    assert mains.count() == 5 and all(main.children.exists() for main in mains)
    assert QuickNote.objects.count() == 4 * 4  # the laser shop's facility has them too


@pytest.mark.django_db(databases=["default", "erp"])
def test_demo_makes_one_first_mrp_run(erp_data, settings, tmp_path):
    from mrp.models import MrpRun

    settings.VAR_DIR = tmp_path
    settings.DEMO_HISTORY_DAYS = 2  # the history has its own tests (test_demo_history.py)
    call_command("portal_demo")
    call_command("portal_demo")
    assert MrpRun.objects.filter(status=MrpRun.Status.DONE).count() == 1
