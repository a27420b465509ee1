"""Every maintenance upload path goes through portal/photos.py and takes a file only on a ticket the uploader may
work on: the report page, the ticket page's photo form and the phone page's (the same endpoint, back to the phone).
Each file of ``refused_uploads()`` is refused with a message and nothing is stored (no row, no file); an accepted
photo is stored under a generated name and served as image/jpeg with nosniff."""

import html
from pathlib import Path

import pytest
from django.urls import reverse

from maintenance.models import Ticket, TicketPhoto
from maintenance.services import open_ticket
from portal.testing.factories import UserFactory
from portal.testing.uploads import accepted_photo, png_bytes, refused_uploads

pytestmark = pytest.mark.django_db
REFUSED = sorted(refused_uploads())
PATHS = ["report page", "ticket page", "phone page"]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


def _stored(media: Path) -> list[Path]:
    return [p for p in media.rglob("*") if p.is_file()]


@pytest.fixture
def ticket(works, technician):
    ticket, _ = open_ticket(line=works["press_line"], machine=works["press"], problem="Leak",
                            priority=works["priorities"]["Normal"], assigned_to=technician, state="in_progress")
    return ticket


@pytest.fixture
def reporter(works):
    return UserFactory(username="floor", roles=["DowntimeTracker_User"], lines=[works["press_line"]])


def _post(client, path: str, upload, works, ticket, reporter, technician, **headers):
    if path == "report page":
        client.force_login(reporter)
        return client.post(reverse("maintenance:report"), {
            "key": "6f1c1a52-3c39-4f0e-9a5e-0c6b8f7d2a11", "line": works["press_line"].pk, "problem": "Oil",
            "photo": upload}, follow=not headers, **headers)
    client.force_login(technician)
    data = {"photo": upload, "caption": "Seal"}
    if path == "phone page":
        data["next"] = reverse("maintenance:my")
    return client.post(reverse("maintenance:ticket-photo-add", args=[ticket.pk]), data, follow=not headers,
                       **headers)


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("name", REFUSED)
def test_every_refused_file_is_refused_with_a_message_and_nothing_is_stored(client, media, works, ticket, reporter,
                                                                            technician, path, name):
    answer = _post(client, path, refused_uploads()[name], works, ticket, reporter, technician,
                   HTTP_X_OFFLINE_REPLAY="1")
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert body["code"] == "invalid" and body["photo"] and body["detail"]
    page = _post(client, path, refused_uploads()[name], works, ticket, reporter, technician)
    assert page.status_code == 200 and html.escape(body["photo"][0], quote=False) in page.content.decode()
    if path == "phone page":
        assert page.redirect_chain[-1][0] == reverse("maintenance:my")
    assert not TicketPhoto.objects.exists() and Ticket.objects.count() == 1  # the fixture's ticket only
    assert _stored(media) == []


@pytest.mark.parametrize("path", PATHS)
def test_an_accepted_photo_is_stored_under_a_generated_name_and_served_as_an_image(client, media, works, ticket,
                                                                                 reporter, technician, path):
    answer = _post(client, path, accepted_photo("poly.jpg"), works, ticket, reporter, technician)
    assert answer.status_code == 200
    photo = TicketPhoto.objects.get()
    assert "poly" not in photo.image.name and photo.image.name.endswith(".jpg")
    assert photo.image.name.startswith("maintenance/photos/")
    client.force_login(technician)
    served = client.get(reverse("maintenance:photo", args=[photo.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served["X-Content-Type-Options"] == "nosniff"


def test_a_report_only_user_attaches_nothing_to_a_ticket_they_may_not_work_on(client, media, works, ticket,
                                                                              reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(reporter)
    url = reverse("maintenance:ticket-photo-add", args=[ticket.pk])
    poly = SimpleUploadedFile("poly.html", png_bytes() + b"<script>alert(1)</script>", content_type="image/png")
    answer = client.post(url, {"photo": poly}, HTTP_X_OFFLINE_REPLAY="1")
    assert answer.status_code == 403 and answer.json()["code"] == "forbidden"
    good = client.post(url, {"photo": accepted_photo()}, follow=True)
    assert "maintenance admin may record work" in html.unescape(good.content.decode())
    assert not TicketPhoto.objects.exists() and _stored(media) == []


def test_no_photo_on_a_closed_ticket(client, media, ticket, technician):
    Ticket.objects.filter(pk=ticket.pk).update(state="done")
    client.force_login(technician)
    answer = client.post(reverse("maintenance:ticket-photo-add", args=[ticket.pk]), {"photo": accepted_photo()},
                         HTTP_X_OFFLINE_REPLAY="1")
    assert answer.status_code == 409 and not TicketPhoto.objects.exists() and _stored(media) == []
