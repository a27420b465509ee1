"""Every quality upload path refuses what portal/photos.py refuses (html in a png, svg, a decompression bomb, an
oversize image, a wrong extension) with a message and stores nothing, no row and no file; an accepted photo is
served with its fixed type and nosniff, only to users who may see the record."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from portal.testing.factories import work_on
from portal.testing.uploads import accepted_photo, refused_uploads
from quality.models import CustomerReturn, InternalReject, ReturnPhoto
from quality.tests.test_floor_writes import an_hour_ago

pytestmark = pytest.mark.django_db

REFUSED = sorted(refused_uploads())
MESSAGES = ("not a photo", "Photos must be", "too many pixels", "pixels are allowed", "MB is allowed",
            "is named .png but is a JPEG")


@pytest.fixture
def media(settings, tmp_path):
    """Files stored on disk under MEDIA_ROOT (the test settings keep them in memory otherwise)."""
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES,
                         "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path


def stored_files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()]


def said_why(text: str) -> bool:
    return any(message in text for message in MESSAGES)


@pytest.fixture
def inspector(plant):
    work_on(plant["inspector"], plant["line"])
    return plant["inspector"]


def reject_fields(plant) -> dict:
    return {"line": plant["line"].pk, "part": "P-1", "quantity": 2, "defect": plant["scratch"].pk,
            "idempotency_key": str(uuid.uuid4())}


@pytest.mark.parametrize("name", REFUSED)
def test_the_reject_page_refuses_the_file_and_stores_nothing(client, plant, inspector, media, name):
    client.force_login(inspector)
    url = reverse("quality:reject-entry")
    page = client.post(url, {**reject_fields(plant), "photo": refused_uploads()[name]})
    assert page.status_code == 400 and said_why(page.content.decode()), page.content.decode()[-2000:]
    queued = client.post(url, {**reject_fields(plant), "photo": refused_uploads()[name]}, HTTP_X_OFFLINE_REPLAY="1")
    assert queued.status_code == 400 and said_why(queued.json()["photo"][0]) and queued.json()["code"] == "invalid"
    assert not InternalReject.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize("name", REFUSED)
def test_the_reject_api_refuses_the_file_and_stores_nothing(plant, inspector, media, name):
    api = APIClient()
    api.force_authenticate(inspector)
    response = api.post("/api/quality/rejects/", {**reject_fields(plant), "photo": refused_uploads()[name]},
                        format="multipart")
    assert response.status_code == 400 and said_why(response.json()["photo"][0]), response.json()
    assert not InternalReject.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize("name", REFUSED)
def test_the_return_form_refuses_the_file_and_stores_nothing(client, plant, inspector, media, name):
    client.force_login(inspector)
    page = client.post(reverse("quality:return-create"), {
        "facility": plant["facility"].pk, "customer": "ACME", "part": "P-1", "quantity": 1, "reason": "Dented",
        "received_at": an_hour_ago(), "photo": refused_uploads()[name]})
    assert page.status_code == 400 and said_why(page.content.decode())
    assert not CustomerReturn.objects.exists() and not ReturnPhoto.objects.exists() and stored_files(media) == []


@pytest.mark.parametrize("name", REFUSED)
def test_the_return_photo_form_refuses_the_file_and_stores_nothing(client, plant, inspector, media, name):
    ret = CustomerReturn.objects.create(facility=plant["facility"], customer="ACME", part="P", quantity=1,
                                        reason="r", created_by=inspector)
    client.force_login(inspector)
    page = client.post(ret.get_absolute_url(), {"image": refused_uploads()[name]})
    assert page.status_code == 400 and said_why(page.content.decode())
    assert not ReturnPhoto.objects.exists() and stored_files(media) == []


def served(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    return b"".join(response.streaming_content)


def test_accepted_photos_are_stored_under_a_generated_name_and_served_as_jpeg(client, plant, inspector, media):
    client.force_login(inspector)
    assert client.post(reverse("quality:reject-entry"),
                       {**reject_fields(plant), "photo": accepted_photo("line 3 <b>.jpg")}).status_code == 302
    api = APIClient()
    api.force_authenticate(inspector)
    by_api = api.post("/api/quality/rejects/", {**reject_fields(plant), "photo": accepted_photo()}, format="multipart")
    assert by_api.status_code == 201 and by_api.json()["photo_url"] == f"/quality/rejects/{by_api.json()['id']}/photo/"
    assert client.post(reverse("quality:return-create"), {
        "facility": plant["facility"].pk, "customer": "ACME", "part": "P-1", "quantity": 1, "reason": "Dented",
        "received_at": an_hour_ago(), "photo": accepted_photo()}).status_code == 302
    ret = CustomerReturn.objects.get()
    assert client.post(ret.get_absolute_url(), {"image": accepted_photo()}).status_code == 302
    for reject in InternalReject.objects.all():
        assert "line 3" not in reject.photo.name and reject.photo.name.endswith(".jpg")
        assert served(client.get(reverse("quality:reject-photo", args=[reject.pk])))[:2] == b"\xff\xd8"
    assert ReturnPhoto.objects.count() == 2
    for photo in ReturnPhoto.objects.all():
        assert served(client.get(reverse("quality:return-photo", args=[photo.pk])))[:2] == b"\xff\xd8"
    assert len(stored_files(media)) == 4
