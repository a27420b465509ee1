"""Keys already used move to the core receiver (``portal.CommandKey``, scoped to the writer), so a command or a
report the phone's queue sends again after the upgrade is still answered as a replay, never applied twice.

Phone commands that were applied (``TicketCommand``; refused ones spent no key under the new contract) and
reported tickets' keys, with the fingerprint the services compute (maintenance/services/commands.py
``command_payload``, services/tickets.py ``report_payload``). A report sent without a priority got the least
urgent level: such a ticket's key is fingerprinted without the priority.
"""

from django.db import migrations


def _fingerprint(payload):
    from portal.commands import fingerprint

    return fingerprint(payload)


def forwards(apps, schema_editor):
    CommandKey = apps.get_model("portal", "CommandKey")
    ContentType = apps.get_model("contenttypes", "ContentType")
    TicketCommand = apps.get_model("maintenance", "TicketCommand")
    Ticket = apps.get_model("maintenance", "Ticket")
    Priority = apps.get_model("maintenance", "Priority")
    if not (TicketCommand.objects.exists() or Ticket.objects.filter(idempotency_key__isnull=False).exists()):
        return
    ticket_type, _ = ContentType.objects.get_or_create(app_label="maintenance", model="ticket")
    rows = []
    for command in TicketCommand.objects.filter(applied=True).order_by("pk"):
        payload = {"ticket": command.ticket_id, "action": command.action,
                   **{k: str(v) for k, v in (command.payload or {}).items() if v not in (None, "")}}
        rows.append((CommandKey(user_id=command.user_id, kind="maintenance.command", key=str(command.key),
                                fingerprint=_fingerprint(payload), content_type=ticket_type,
                                object_id=command.ticket_id), command.received_at))
    least_urgent = Priority.objects.filter(active=True).order_by("rank").values_list("pk", flat=True).last()
    for ticket in Ticket.objects.filter(idempotency_key__isnull=False, reported_by__isnull=False).order_by("pk"):
        payload = {"line": ticket.line_id, "machine": ticket.machine_id, "problem": ticket.problem,
                   "description": ticket.description, "kind": ticket.kind,
                   "priority": None if ticket.priority_id == least_urgent else ticket.priority_id}
        rows.append((CommandKey(user_id=ticket.reported_by_id, kind="maintenance.report",
                                key=str(ticket.idempotency_key), fingerprint=_fingerprint(payload),
                                content_type=ticket_type, object_id=ticket.pk), ticket.opened_at))
    for row, at in rows:
        if not CommandKey.objects.filter(user_id=row.user_id, kind=row.kind, key=row.key).exists():
            row.save()
            CommandKey.objects.filter(pk=row.pk).update(created_at=at)


class Migration(migrations.Migration):

    dependencies = [
        ("maintenance", "0005_generated_photo_names"),
        ("portal", "0012_commandkey_and_all_lines"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
