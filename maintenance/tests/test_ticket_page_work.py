"""The ticket page records work by the ticket's assignee (parts, labour, checklist ticks with who and when, photos
checked by content), the assign picker offers only technicians, and floor users report tickets on their lines with
a scanned machine and a photo."""

import io
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from maintenance.models import ChecklistItem, Ticket, TicketPhoto
from maintenance.services import open_ticket
from portal.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}


def _png(name="p.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture
def ticket(works, technician):
    ticket, _ = open_ticket(line=works["press_line"], machine=works["press"], problem="Leak",
                            priority=works["priorities"]["Normal"], assigned_to=technician, state="assigned")
    return ticket


def test_parts_labour_and_checklist_from_the_ticket_page(client, works, ticket, technician):
    step = ChecklistItem.objects.create(ticket=ticket, text="Check the oil level")
    client.force_login(technician)
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert 'id="part-form"' in page and 'id="labour-form"' in page and 'capture="environment"' in page
    work = lambda what: reverse("maintenance:ticket-work", args=[ticket.pk, what])  # noqa: E731
    client.post(work("part"), {"part_number": "HOSE-12", "quantity": "0,5", "description": "Hose"})
    client.post(work("labour"), {"minutes": "35", "note": "Helper"})
    page = client.post(work("tick"), {"item": step.pk, "done": "on"}, follow=True).content.decode()
    ticket.refresh_from_db()
    assert str(ticket.parts.get().quantity) == "0.50" and ticket.labour_minutes == 35
    step.refresh_from_db()
    assert step.done_by == technician and step.done_at is not None
    assert "Tere Campos" in page.split('id="checklist"')[1].split("</ul>")[0]  # who ticked it, and when
    bad = client.post(work("part"), {"part_number": "X", "quantity": "lots"}, follow=True).content.decode()
    assert "Enter the quantity as a number" in bad and ticket.parts.count() == 1
    client.post(work("tick"), {"item": step.pk})  # untick
    step.refresh_from_db()
    assert step.done_at is None


def test_a_viewer_may_not_record_work_and_a_closed_ticket_takes_none(client, works, ticket, technician):
    viewer = UserFactory(username="viewer")
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_maintenance"))
    client.force_login(viewer)
    assert 'id="part-form"' not in client.get(ticket.get_absolute_url()).content.decode()
    assert client.post(reverse("maintenance:ticket-work", args=[ticket.pk, "labour"]),
                       {"minutes": "5"}).status_code == 403
    Ticket.objects.filter(pk=ticket.pk).update(state="done")
    client.force_login(technician)
    answer = client.post(reverse("maintenance:ticket-work", args=[ticket.pk, "labour"]), {"minutes": "5"},
                         follow=True)
    assert "no more work can be recorded" in answer.content.decode() and not ticket.labour.exists()


def test_photos_are_checked_by_content_and_a_bad_one_saves_nothing(client, works, ticket, technician, settings):
    client.force_login(technician)
    url = reverse("maintenance:ticket-photo-add", args=[ticket.pk])
    fake = SimpleUploadedFile("p.jpg", b"MZ not an image", content_type="image/jpeg")
    page = client.post(url, {"photo": fake}, follow=True).content.decode()
    assert "not a photo (JPEG, PNG or WebP)" in page and not TicketPhoto.objects.exists()
    settings.PHOTO_MAX_MB = 0
    page = client.post(url, {"photo": _png()}, follow=True).content.decode()
    assert "at most 0 MB" in page and not TicketPhoto.objects.exists()
    settings.PHOTO_MAX_MB = 8
    answer = client.post(url, {"photo": _png(), "caption": "Leaking fitting", "next": "/maintenance/my/"})
    assert answer.status_code == 302 and answer["Location"] == "/maintenance/my/"  # back to the phone page
    photo = TicketPhoto.objects.get()
    assert photo.caption == "Leaking fitting" and photo.uploaded_by == technician
    served = client.get(reverse("maintenance:photo", args=[photo.pk]))
    assert served["Content-Type"] == "image/png" and served["X-Content-Type-Options"] == "nosniff"
    evil = client.post(url, {"photo": _png(), "next": "https://evil.example/"})
    assert evil["Location"] == ticket.get_absolute_url()


def test_the_photo_check_lives_in_the_core_and_quality_uses_it(settings):
    from portal import photos
    from quality.models import InternalReject

    validators = InternalReject._meta.get_field("photo").validators
    assert photos.validate_photo in validators
    settings.PHOTO_MAX_MB = 3
    assert photos.max_photo_bytes() == 3 * 1024 * 1024
    settings.QUALITY_PHOTO_MAX_MB = 2  # the old name still wins where a deployment set it
    assert photos.max_photo_bytes() == 2 * 1024 * 1024


def test_the_assign_picker_offers_only_technicians(client, works, technician, maintenance_admin):
    ticket, _ = open_ticket(line=works["press_line"], problem="Unassigned", priority=works["priorities"]["Normal"])
    clerk = UserFactory(username="clerk", first_name="Clara", last_name="Clerk", roles=["DowntimeTracker_User"])
    client.force_login(maintenance_admin)
    page = client.get(ticket.get_absolute_url()).content.decode()
    picker = page.split('name="assign-assigned_to"')[1].split("</select>")[0]
    assert f'value="{technician.pk}"' in picker and f'value="{clerk.pk}"' not in picker
    client.post(reverse("maintenance:ticket-workflow", args=[ticket.pk, "assign"]),
                {"assign-assigned_to": clerk.pk})
    ticket.refresh_from_db()
    assert ticket.assigned_to is None
    client.post(reverse("maintenance:ticket-workflow", args=[ticket.pk, "assign"]),
                {"assign-assigned_to": technician.pk})
    ticket.refresh_from_db()
    assert ticket.assigned_to == technician and ticket.state == "assigned"


def _reporter(works):
    return UserFactory(username="floor", roles=["DowntimeTracker_User"],
                       lines=[works["press_line"], works["weld_line"]])


def test_a_floor_user_reports_a_ticket_with_a_scanned_machine_and_a_photo(client, works):
    client.force_login(_reporter(works))
    url = reverse("maintenance:report")
    page = client.get(url).content.decode()
    assert "data-scan-field" in page and 'capture="environment"' in page and 'name="key"' in page
    key = str(uuid.uuid4())
    form = {"key": key, "line": works["press_line"].pk, "machine": "press-1", "problem": "Oil on the floor",
            "priority": works["priorities"]["High"].pk}
    answer = client.post(url, {**form, "photo": _png()}, follow=True)
    ticket = Ticket.objects.get()
    assert ticket.machine == works["press"] and ticket.reported_by.username == "floor"
    assert ticket.photos.count() == 1 and f"MT-{ticket.pk} reported" in answer.content.decode()
    client.post(url, {**form, "photo": _png()})  # a double tap
    assert Ticket.objects.count() == 1 and TicketPhoto.objects.count() == 1


def test_report_refuses_a_machine_of_another_line_and_a_bad_photo_keeping_the_input(client, works):
    client.force_login(_reporter(works))
    url = reverse("maintenance:report")
    form = {"key": str(uuid.uuid4()), "line": works["press_line"].pk, "machine": "WELD-1", "problem": "Noise"}
    page = client.post(url, form).content.decode()
    assert "Line PL1 has no machine WELD-1." in page and 'value="Noise"' in page
    fake = SimpleUploadedFile("p.png", b"not an image", content_type="image/png")
    page = client.post(url, {**form, "machine": "", "photo": fake}).content.decode()
    assert "not a photo" in page and not Ticket.objects.exists()


def test_report_links_from_the_machine_history_and_the_phone_page(client, works, technician):
    client.force_login(technician)
    history = client.get(reverse("maintenance:machine", args=[works["press"].pk])).content.decode()
    link = f'{reverse("maintenance:report")}?machine={works["press"].pk}'
    assert link in history
    page = client.get(link).content.decode()
    assert 'value="PRESS-1"' in page and f'<option value="{works["press_line"].pk}" selected' in page
    assert reverse("maintenance:report") in client.get(reverse("maintenance:my")).content.decode()
