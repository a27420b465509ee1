"""Periodic tasks declared on the AppConfigs become celery beat rows once; admins' edits survive later syncs."""

import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from portal.periodic import PeriodicTaskSpec, collect_periodic_tasks, sync_periodic_tasks, unknown_tasks

PURGE = "Purge login history older than a year"


def sync() -> str:
    out = StringIO()
    call_command("sync_periodic_tasks", stdout=out)
    return out.getvalue()


def test_the_portal_declares_a_weekly_purge_of_the_login_history():
    spec = next(s for s in collect_periodic_tasks() if s.name == PURGE)
    assert spec.task == "portal.tasks.purge_login_history"
    assert spec.crontab == "0 3 * * 0"
    assert spec.kwargs == {"days": 365}


def test_every_declared_periodic_task_names_a_registered_celery_task():
    assert collect_periodic_tasks(), "no app declares periodic tasks"
    assert unknown_tasks(collect_periodic_tasks()) == []


@pytest.mark.django_db
def test_sync_creates_the_schedule_once():
    expected = {s.name for s in collect_periodic_tasks()}
    out = sync()
    assert f"{len(expected)} created, 0 already present" in out
    task = PeriodicTask.objects.get(name=PURGE)
    assert task.enabled
    assert task.task == "portal.tasks.purge_login_history"
    assert json.loads(task.kwargs) == {"days": 365}
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("0", "3", "0")
    assert str(task.crontab.timezone) == "America/Chicago"

    out = sync()
    assert f"0 created, {len(expected)} already present" in out
    assert PeriodicTask.objects.filter(name__in=expected).count() == len(expected)


@pytest.mark.django_db
def test_an_admins_edits_survive_the_next_sync():
    sync()
    task = PeriodicTask.objects.get(name=PURGE)
    # What an admin does in the admin: move it to Saturday 22:15, keep 90 days, then pause it.
    task.crontab = CrontabSchedule.objects.create(minute="15", hour="22", day_of_week="6", timezone="UTC")
    task.kwargs = json.dumps({"days": 90})
    task.enabled = False
    task.save()

    assert sync_periodic_tasks() == []

    task.refresh_from_db()
    assert (task.crontab.minute, task.crontab.hour, task.crontab.day_of_week) == ("15", "22", "6")
    assert json.loads(task.kwargs) == {"days": 90}
    assert not task.enabled


@pytest.mark.django_db
def test_specs_sharing_a_time_share_one_crontab_row():
    specs = [
        PeriodicTaskSpec("a", "portal.tasks.ping", crontab="30 7 * * 1-5"),
        PeriodicTaskSpec("b", "portal.tasks.ping", crontab="30 7 * * 1-5"),
    ]
    assert sync_periodic_tasks(specs) == ["a", "b"]
    assert PeriodicTask.objects.get(name="a").crontab_id == PeriodicTask.objects.get(name="b").crontab_id


@pytest.mark.parametrize(
    ("crontab", "message"),
    [("0 3 * *", "needs 5 fields"), ("61 3 * * *", "invalid crontab"), ("0 3 * * funday", "invalid crontab")],
)
def test_a_bad_crontab_is_refused_when_declared(crontab, message):
    with pytest.raises(ValueError, match=message):
        PeriodicTaskSpec("bad", "portal.tasks.ping", crontab=crontab)


def test_kwargs_must_be_storable_as_json():
    with pytest.raises(ValueError, match="JSON"):
        PeriodicTaskSpec("bad", "portal.tasks.ping", kwargs={"when": object()})


def test_two_apps_declaring_one_name_is_a_configuration_error(monkeypatch):
    erp = apps.get_app_config("erp")
    monkeypatch.setattr(erp, "periodic_tasks", (PeriodicTaskSpec(PURGE, "portal.tasks.ping"),), raising=False)
    with pytest.raises(ImproperlyConfigured, match="declared by both portal and erp"):
        collect_periodic_tasks()


@pytest.mark.django_db
def test_sync_refuses_a_task_name_no_worker_knows(monkeypatch):
    erp = apps.get_app_config("erp")
    typo = (PeriodicTaskSpec("Nightly typo", "portal.tasks.pnig"),)
    monkeypatch.setattr(erp, "periodic_tasks", typo, raising=False)
    with pytest.raises(CommandError, match=r"Nightly typo: portal\.tasks\.pnig"):
        sync()
    assert not PeriodicTask.objects.filter(name="Nightly typo").exists()
