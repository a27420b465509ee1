"""Keys of movements recorded before the floor-write receiver become the writers' command keys (portal.CommandKey),
so a phone that replays such a movement after the upgrade gets the movement recorded then (200), not a refusal."""

from django.db import migrations

from portal.commands import fingerprint

BATCH = 2000


def _payload(row: dict) -> dict:
    # a frozen copy of production.services.ledger.movement_payload / correction_payload for stored rows
    if row["kind"] == "correction":
        return {"movement": row["reverses_id"], "reason": row["reason"].strip()}
    return {"line": row["line_id"], "order_number": row["order__number"], "direction": row["direction"],
            "quantity": row["quantity"], "erp_job": (row["erp_job"] or "").strip().upper(),
            "override_reason": row["reason"].strip() if row["kind"] == "override" else "", "at": None,
            "machine": (row["machine__code"] or "").strip().upper()}


def carry_keys(apps, schema_editor):
    Movement = apps.get_model("production", "Movement")
    CommandKey = apps.get_model("portal", "CommandKey")
    ContentType = apps.get_model("contenttypes", "ContentType")
    rows = (Movement.objects.filter(idempotency_key__isnull=False).exclude(idempotency_key="")
            .values("pk", "user_id", "idempotency_key", "kind", "reverses_id", "reason", "line_id", "order__number",
                    "direction", "quantity", "erp_job", "machine__code"))
    if not rows.exists():
        return
    movement_type, _ = ContentType.objects.get_or_create(app_label="production", model="movement")
    batch = []
    for row in rows.iterator(chunk_size=BATCH):
        batch.append(CommandKey(
            user_id=row["user_id"], key=row["idempotency_key"],
            kind="production.correction" if row["kind"] == "correction" else "production.movement",
            fingerprint=fingerprint(_payload(row)), content_type=movement_type, object_id=row["pk"]))
        if len(batch) >= BATCH:
            CommandKey.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    CommandKey.objects.bulk_create(batch, ignore_conflicts=True)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("portal", "0012_commandkey_and_all_lines"),
        ("production", "0006_movement_key_per_user"),
    ]

    operations = [migrations.RunPython(carry_keys, migrations.RunPython.noop)]
