"""The upgrade keeps exactly-once across the switch to the core receiver: a phone command applied before it (an old
``TicketCommand``) or a ticket reported with a key, sent again by the offline queue after it, is a replay."""

import uuid

import pytest

from maintenance.services.commands import command_payload
from maintenance.services.tickets import report_payload
from portal.commands import fingerprint
from portal.testing.migrations import latest, migrate_to

pytestmark = pytest.mark.django_db(transaction=True)
BEFORE = [("maintenance", "0005_generated_photo_names"), ("portal", "0012_commandkey_and_all_lines")]




def test_keys_used_before_the_upgrade_are_replays_after_it(works, technician):
    old = migrate_to(BEFORE)
    try:
        Ticket = old.get_model("maintenance", "Ticket")
        Command = old.get_model("maintenance", "TicketCommand")
        normal = works["priorities"]["Normal"]
        reported_key, command_key, refused_key = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
        ticket = Ticket.objects.create(line_id=works["press_line"].pk, problem="Leak", priority_id=normal.pk,
                                       reported_by_id=technician.pk, idempotency_key=reported_key)
        Command.objects.create(key=command_key, ticket_id=ticket.pk, action="start", user_id=technician.pk,
                               payload={"minutes": "15", "part_number": "P-9"}, applied=True)
        Command.objects.create(key=refused_key, ticket_id=ticket.pk, action="verify", user_id=technician.pk,
                               payload={}, applied=False, status=403)
    finally:
        migrate_to(latest())
    from portal.models import CommandKey

    moved = {row.key: row for row in CommandKey.objects.all()}
    assert set(moved) == {str(reported_key), str(command_key)}  # a refused command spent no key
    command = moved[str(command_key)]
    assert command.kind == "maintenance.command" and command.user == technician and command.object_id == ticket.pk
    assert command.fingerprint == fingerprint(command_payload(ticket.pk, "start", {"minutes": 15,
                                                                                   "part_number": "P-9"}))
    report = moved[str(reported_key)]
    assert report.kind == "maintenance.report" and report.record.pk == ticket.pk
    assert report.fingerprint == fingerprint(report_payload(line=works["press_line"], machine=None, problem="Leak",
                                                            description="", priority=normal, kind="corrective"))
