"""The laser shop's zone is its facility's (the facility of the shop's line), like every plant: the old
``LASER_TIME_ZONE`` setting goes. An installation that set it in its environment (or ``.env``) keeps that zone: it is
written to the shop's facility. Without the setting, or without a shop line yet, nothing changes."""

import os
import zoneinfo

from django.conf import settings
from django.db import migrations


def zone_from_setting(apps, schema_editor):
    zone = os.environ.get("LASER_TIME_ZONE", "").strip()  # portal/settings read .env into the environment
    if not zone:
        return
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return
    ProductionLine = apps.get_model("portal", "ProductionLine")
    Facility = apps.get_model("portal", "Facility")
    line = (ProductionLine.objects.filter(code=getattr(settings, "LASER_LINE", "LASER"))
            .order_by("-active", "pk").first())
    if line is not None:
        Facility.objects.filter(pk=line.facility_id).update(time_zone=zone)


class Migration(migrations.Migration):
    dependencies = [
        ("laser", "0004_recent_run_keys"),
        ("portal", "0012_commandkey_and_all_lines"),
    ]
    operations = [migrations.RunPython(zone_from_setting, migrations.RunPython.noop)]
