"""The keys of recent runs, stored where the one receiver (portal.commands.receive) looks for them: a start or end
still waiting in a phone's offline queue when this version is deployed is answered as a replay, not run again.
Runs of the last 30 days only (the queue keeps entries for days, not months)."""

import datetime as dt

from django.db import migrations
from django.utils import timezone

from portal.commands import fingerprint

RECENT = dt.timedelta(days=30)


def store_keys(apps, schema_editor):
    LaserRun = apps.get_model("laser", "LaserRun")
    CommandKey = apps.get_model("portal", "CommandKey")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Movement = apps.get_model("laser", "StockMovement")
    runs = LaserRun.objects.filter(started_at__gte=timezone.now() - RECENT)
    if not runs.exists():
        return
    run_type, _ = ContentType.objects.get_or_create(app_label="laser", model="laserrun")
    enders = dict(Movement.objects.filter(run__in=runs).values_list("run_id", "user_id"))
    rows = []
    for run in runs.iterator():
        extras = sorted(run.extra_operators.values_list("pk", flat=True))
        rows.append(CommandKey(user_id=run.operator_id, kind="laser.run_start", key=run.start_key[:100],
                               fingerprint=fingerprint({"project": run.project_id, "machine": run.machine_id,
                                                        "extra_operators": extras}),
                               content_type=run_type, object_id=run.pk))
        if run.end_key:
            rows.append(CommandKey(user_id=enders.get(run.pk) or run.operator_id, kind="laser.run_end",
                                   key=run.end_key[:100],
                                   fingerprint=fingerprint({"run": run.pk, "sheets_used": run.sheets_used,
                                                            "sheet_size": run.sheet_size,
                                                            "parts_cut": run.parts_cut, "notes": run.notes}),
                                   content_type=run_type, object_id=run.pk))
    CommandKey.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("laser", "0003_run_keys_per_operator"),
        ("portal", "0012_commandkey_and_all_lines"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(store_keys, migrations.RunPython.noop)]
