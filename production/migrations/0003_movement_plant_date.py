"""Movement.plant_date: the work center's plant date of each movement, filled for the movements already recorded."""

import zoneinfo

from django.db import migrations, models


def fill_plant_dates(apps, schema_editor):
    Movement = apps.get_model("production", "Movement")
    rows = Movement.objects.filter(plant_date__isnull=True).select_related("line__facility").only(
        "pk", "at", "line__facility__time_zone")
    batch = []
    for row in rows.iterator(chunk_size=2000):
        row.plant_date = row.at.astimezone(zoneinfo.ZoneInfo(row.line.facility.time_zone)).date()
        batch.append(row)
        if len(batch) >= 2000:
            Movement.objects.bulk_update(batch, ["plant_date"])
            batch = []
    Movement.objects.bulk_update(batch, ["plant_date"])


class Migration(migrations.Migration):

    dependencies = [
        ("production", "0002_andon_board"),
    ]

    operations = [
        migrations.AddField(
            model_name="movement",
            name="plant_date",
            field=models.DateField(db_index=True, null=True, verbose_name="plant date"),
        ),
        migrations.RunPython(fill_plant_dates, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="movement",
            name="plant_date",
            field=models.DateField(db_index=True, verbose_name="plant date"),
        ),
    ]
