"""The technician's phone page: my tickets by priority, start and finish with a part and the labour recorded."""

from django.urls import reverse

from maintenance.models import Ticket
from maintenance.services import open_ticket


def test_technician_starts_and_finishes_from_the_phone_page(client, works, technician, other_technician):
    low, _ = open_ticket(line=works["press_line"], machine=works["press"], problem="Squeak",
                         priority=works["priorities"]["Low"])
    urgent, _ = open_ticket(line=works["weld_line"], problem="No arc", priority=works["priorities"]["Critical"])
    theirs, _ = open_ticket(line=works["weld_line"], problem="Theirs", priority=works["priorities"]["High"],
                            assigned_to=other_technician)
    client.force_login(technician)
    page = client.get(reverse("maintenance:my")).content.decode()
    assert page.index("No arc") < page.index("Squeak") and "Theirs" not in page  # most urgent first
    assert "working time left" in page
    client.post(reverse("maintenance:phone-action", args=[urgent.pk, "start"]), {"note": "On my way"})
    urgent.refresh_from_db()
    assert urgent.state == "in_progress" and urgent.assigned_to == technician and urgent.responded_at
    response = client.post(reverse("maintenance:phone-action", args=[urgent.pk, "finish"]),
                           {"resolution": "Replaced the torch", "part_number": "TORCH-9", "quantity": "1"},
                           follow=True)
    urgent.refresh_from_db()
    assert urgent.state == "done" and urgent.resolution == "Replaced the torch" and urgent.repair_minutes is not None
    assert list(urgent.parts.values_list("part_number", flat=True)) == ["TORCH-9"]
    assert urgent.labour.get().technician == technician and urgent.labour.get().ended_at is not None
    assert "No arc" not in response.content.decode()


def test_finish_without_what_was_done_is_refused_and_nothing_is_lost(client, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    client.force_login(technician)
    client.post(reverse("maintenance:phone-action", args=[ticket.pk, "start"]))
    response = client.post(reverse("maintenance:phone-action", args=[ticket.pk, "finish"]),
                           {"resolution": " ", "quantity": "abc", "part_number": "P-1"}, follow=True)
    ticket.refresh_from_db()
    assert ticket.state == "in_progress" and not ticket.parts.exists()
    assert "quantity" in response.content.decode().lower()
    assert Ticket.objects.count() == 1


def test_a_refused_finish_keeps_no_part(client, works, technician):
    ticket, _ = open_ticket(line=works["press_line"], problem="Leak", priority=works["priorities"]["Normal"])
    client.force_login(technician)
    client.post(reverse("maintenance:phone-action", args=[ticket.pk, "start"]))
    client.post(reverse("maintenance:phone-action", args=[ticket.pk, "finish"]),
                {"resolution": "", "quantity": "2", "part_number": "P-1"})
    ticket.refresh_from_db()
    assert ticket.state == "in_progress" and not ticket.parts.exists()
