"""Seed 004's stage thresholds: QuotesAndApproval 4 days, WaitingOnMaterial 2 days (editable in the admin)."""

from decimal import Decimal

from django.db import migrations

DEFAULTS = {"quotes": Decimal("4"), "material": Decimal("2")}


def add_defaults(apps, schema_editor):
    StageThreshold = apps.get_model("laser", "StageThreshold")
    for stage, days in DEFAULTS.items():
        StageThreshold.objects.get_or_create(stage=stage, defaults={"days": days})


class Migration(migrations.Migration):
    dependencies = [("laser", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
