"""The shop is a facility: its pages, its API answers and its days read in that facility's zone, like every plant
(the former LASER_TIME_ZONE setting is gone)."""

from __future__ import annotations

import datetime as dt
import importlib
import zoneinfo

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from laser.services import shop_today, shop_zone
from laser.services.runs import end_run, start_run
from portal.commands import Conflict
from portal.services.localtime import format_local

TOKYO = zoneinfo.ZoneInfo("Asia/Tokyo")
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
JOHANNESBURG = zoneinfo.ZoneInfo("Africa/Johannesburg")


@pytest.fixture
def tokyo_shop(shop):
    """The shop's facility moved to Tokyo: neither the portal's zone (Chicago) nor the old setting's (Johannesburg)."""
    shop["facility"].time_zone = "Asia/Tokyo"
    shop["facility"].save()
    return shop


def _texts(moment: dt.datetime) -> dict[str, str]:
    return {name: f"{moment.astimezone(zone):%Y-%m-%d %H:%M}"
            for name, zone in (("tokyo", TOKYO), ("chicago", CHICAGO), ("johannesburg", JOHANNESBURG))}


def test_the_shops_zone_is_its_facilitys(tokyo_shop):
    assert str(shop_zone()) == "Asia/Tokyo"
    assert shop_today(dt.datetime(2026, 3, 10, 20, tzinfo=dt.UTC)) == dt.date(2026, 3, 11)  # 05:00 on the 11th


def test_a_run_and_its_stock_movement_show_in_the_shops_zone(client, tokyo_shop):
    shop = tokyo_shop
    started = (timezone.now() - dt.timedelta(hours=2)).replace(second=0, microsecond=0)
    run, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="z1",
                       at=started)
    end_run(run=run, sheets_used=2, user=shop["operator"], key="z1-end")
    run.refresh_from_db()
    client.force_login(shop["manager"])
    project_page = client.get(reverse("laser:project", args=[shop["project"].pk])).content.decode()
    # the pages' one notation (the lists' short date-time), labelled with the shop's zone
    assert format_local(started, "Asia/Tokyo") in project_page and " JST" in format_local(started, "Asia/Tokyo")
    assert format_local(started, "America/Chicago") not in project_page
    assert format_local(started, "Africa/Johannesburg") not in project_page
    movements = client.get(reverse("laser:movements")).content.decode()
    # the run's deduction, at the shop's time (the list's short format, labelled: several zones are in use)
    assert format_local(run.ended_at, "Asia/Tokyo") in movements
    assert format_local(run.ended_at, "America/Chicago") not in movements


def test_already_ended_names_the_shops_time(tokyo_shop):
    shop = tokyo_shop
    run, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="z2")
    end_run(run=run, sheets_used=1, user=shop["operator"], key="z2-end")
    run.refresh_from_db()
    with pytest.raises(Conflict) as refused:
        end_run(run=run, sheets_used=1, user=shop["operator"], key="z2-again")
    assert _texts(run.ended_at)["tokyo"] in str(refused.value.message)


def _migration():
    return importlib.import_module("laser.migrations.0005_shop_zone_is_its_facilitys")


def test_the_migration_keeps_a_set_laser_time_zone_on_the_shops_facility(shop, monkeypatch):
    monkeypatch.setenv("LASER_TIME_ZONE", "Asia/Tokyo")
    _migration().zone_from_setting(apps, None)
    shop["facility"].refresh_from_db()
    assert shop["facility"].time_zone == "Asia/Tokyo"


def test_the_migration_leaves_the_facility_without_the_setting(shop, monkeypatch):
    monkeypatch.delenv("LASER_TIME_ZONE", raising=False)
    _migration().zone_from_setting(apps, None)
    monkeypatch.setenv("LASER_TIME_ZONE", "Not/AZone")
    _migration().zone_from_setting(apps, None)
    shop["facility"].refresh_from_db()
    assert shop["facility"].time_zone == "Africa/Johannesburg"
