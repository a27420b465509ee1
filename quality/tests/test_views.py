"""Quality pages as users meet them: the floor entry (scan, defect button, photo), refused uploads, detail pages
with their timeline, ticket visibility by department, NCR from a reject, the dashboard, bounded query counts."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from portal.testing.factories import UserFactory
from production.models import ProductionOrder
from quality.models import InternalReject, Ncr, SopTicket

pytestmark = pytest.mark.django_db


def _jpeg(name="p.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _entry(client, plant, **extra):
    data = {"line": plant["line"].pk, "part": "P-77", "quantity": 3, "defect": plant["scratch"].pk,
            "cause": "Tool wear", "order_or_job": "", **extra}
    return client.post(reverse("quality:reject-entry"), data)


def test_floor_entry_with_scanned_order_and_photo(client, plant, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ProductionOrder.objects.create(number="PO-9", erp_job="J-123")
    client.force_login(plant["inspector"])
    page = client.get(reverse("quality:reject-entry"))
    assert f'id="defect-{plant["scratch"].pk}"' in page.content.decode()
    assert f'id="defect-{plant["main"].pk}"' not in page.content.decode()  # a main group with codes is no leaf
    response = _entry(client, plant, order_or_job=" po-9 ", photo=_jpeg())
    assert response.status_code == 302
    reject = InternalReject.objects.get()
    assert (reject.production_order.number, reject.erp_job, reject.quantity) == ("PO-9", "J-123", 3)
    assert reject.photo.name.endswith(".jpg")
    detail = client.get(reject.get_absolute_url())
    assert "P-77" in detail.content.decode() and "workflow-panel" in detail.content.decode()
    photo = client.get(reverse("quality:reject-photo", args=[reject.pk]))
    assert photo.status_code == 200 and b"".join(photo.streaming_content)[:2] == b"\xff\xd8"


def test_unknown_code_is_kept_as_erp_job(client, plant):
    client.force_login(plant["inspector"])
    _entry(client, plant, order_or_job="j-555")
    assert InternalReject.objects.get().erp_job == "J-555"


def test_bad_photo_and_bad_quantity_are_refused_with_messages_and_nothing_saved(client, plant, settings):
    client.force_login(plant["inspector"])
    fake = SimpleUploadedFile("p.jpg", b"MZ not an image", content_type="image/jpeg")
    page = _entry(client, plant, photo=fake, quantity=0).content.decode()
    assert "not a photo" in page or "valid image" in page
    assert "greater than or equal to 1" in page
    settings.QUALITY_PHOTO_MAX_MB = 0
    page = _entry(client, plant, photo=_jpeg()).content.decode()
    assert "at most 0 MB" in page
    gif = io.BytesIO()
    Image.new("RGB", (4, 4)).save(gif, "GIF")
    settings.QUALITY_PHOTO_MAX_MB = 8
    page = _entry(client, plant, photo=SimpleUploadedFile("p.gif", gif.getvalue(), "image/gif")).content.decode()
    assert "not allowed" in page or "JPEG, PNG or WebP" in page
    assert not InternalReject.objects.exists()


def test_repeated_offline_post_is_stored_once(client, plant):
    client.force_login(plant["inspector"])
    key = "7f1c2b7e-1111-4c1e-9a55-3f0c9b9f0a01"
    _entry(client, plant, idempotency_key=key)
    _entry(client, plant, idempotency_key=key)
    assert InternalReject.objects.count() == 1


def test_ticket_is_seen_only_by_the_departments_involved(client, plant):
    member = UserFactory(username="labeler")
    member.departments.add(plant["labeling"])
    stranger = UserFactory(username="stranger")
    ticket = SopTicket.objects.create(charging_department=plant["filling"], charged_department=plant["labeling"],
                                      sop_reference="SOP-9", description="d", created_by=plant["inspector"])
    client.force_login(stranger)
    assert client.get(ticket.get_absolute_url()).status_code == 404
    assert "SOP-9" not in client.get(reverse("quality:tickets")).content.decode()
    client.force_login(member)
    assert "Dispute" in client.get(ticket.get_absolute_url()).content.decode()
    url = reverse("quality:ticket-workflow", args=[ticket.pk, "dispute"])
    response = client.post(url, {"dispute-dispute_reason": "Not ours"}, headers={"HX-Request": "true"})
    assert "Disputed" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.state == "disputed"


def test_ncr_opened_from_a_reject(client, plant):
    reject = InternalReject.objects.create(line=plant["line"], part="P-1", quantity=2, defect=plant["scratch"],
                                           created_by=plant["floor"])
    client.force_login(plant["inspector"])
    url = reverse("quality:ncr-create") + f"?reject={reject.pk}"
    assert client.get(url).status_code == 200
    response = client.post(url, {"title": "Scratches", "description": "d", "department": plant["labeling"].pk,
                                 "owner": plant["inspector"].pk, "facility": plant["facility"].pk})
    ncr = Ncr.objects.get()
    assert response.status_code == 302 and ncr.reject == reject
    assert "Record containment" in client.get(ncr.get_absolute_url()).content.decode()


def _many(plant, n):
    for i in range(n):
        InternalReject.objects.create(line=plant["line"], part=f"P-{i}", quantity=1, defect=plant["scratch"],
                                      created_by=plant["floor"])
        SopTicket.objects.create(charging_department=plant["filling"], charged_department=plant["labeling"],
                                 sop_reference=f"S-{i}", description="d", created_by=plant["inspector"])
        Ncr.objects.create(title=f"N{i}", description="d", department=plant["labeling"], owner=plant["inspector"],
                           created_by=plant["inspector"])


@pytest.mark.parametrize("url_name", ["quality:rejects", "quality:tickets", "quality:ncrs", "quality:returns",
                                      "quality:dashboard"])
def test_query_count_does_not_grow_with_rows(client, plant, url_name):
    client.force_login(plant["inspector"])
    _many(plant, 2)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse(url_name)).status_code == 200
    _many(plant, 30)
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(many) == len(few)


def test_dashboard_pareto_and_open_tables(client, plant):
    client.force_login(plant["inspector"])
    _many(plant, 3)
    page = client.get(reverse("quality:dashboard")).content.decode()
    assert "SUR-SCR" in page and "Labeling" in page


def test_weeks_begin_on_monday_in_the_plant_zone():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from quality.services.dashboard import week_starts

    zone = ZoneInfo("America/Mexico_City")
    start = dt.datetime(2026, 3, 4, 12, tzinfo=dt.UTC)  # a Wednesday
    starts = week_starts(start, start + dt.timedelta(days=10), zone)
    assert [s.date().isoformat() for s in starts] == ["2026-03-02", "2026-03-09"]
    assert all(s.weekday() == 0 and s.hour == 0 and s.tzinfo == zone for s in starts)


def test_dashboard_weeks_count_rejected_units_by_plant_week(plant):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from quality.services.dashboard import by_week

    zone = ZoneInfo("America/Monterrey")
    sunday_late = dt.datetime(2026, 3, 8, 23, 30, tzinfo=zone)  # still the week of 2 March in the plant
    for at, qty in ((sunday_late, 2), (sunday_late + dt.timedelta(hours=1), 5)):
        InternalReject.objects.create(line=plant["line"], part="P", quantity=qty, defect=plant["scratch"],
                                      occurred_at=at, created_by=plant["floor"])
    rows = by_week(dt.datetime(2026, 3, 2, tzinfo=zone), dt.datetime(2026, 3, 16, tzinfo=zone), zone)
    assert [(r["week"].isoformat(), r["rejected"]) for r in rows] == [("2026-03-02", 2), ("2026-03-09", 5)]


def test_dashboard_counts_a_facility_in_its_own_zone_and_all_facilities_in_the_portal_zone(client, plant):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from portal.models import Facility, ProductionLine

    tokyo = Facility.objects.create(code="TYO", name="Tokyo", time_zone="Asia/Tokyo")
    tokyo_line = ProductionLine.objects.create(facility=tokyo, code="T1", name="Tokyo 1")
    # Monday 01:00 in Tokyo is still Sunday in Monterrey and in the portal's zone (Chicago)
    monday_tokyo = dt.datetime(2026, 3, 9, 1, 0, tzinfo=ZoneInfo("Asia/Tokyo"))
    InternalReject.objects.create(line=tokyo_line, part="P", quantity=3, defect=plant["scratch"],
                                  occurred_at=monday_tokyo, created_by=plant["floor"])
    InternalReject.objects.create(line=plant["line"], part="P", quantity=7, defect=plant["scratch"],
                                  occurred_at=monday_tokyo, created_by=plant["floor"])
    client.force_login(plant["inspector"])
    period = {"start": "2026-03-01", "end": "2026-03-15"}

    tokyo_page = client.get(reverse("quality:dashboard"), {**period, "facility": tokyo.pk})
    assert [(r["week"].isoformat(), r["rejected"]) for r in tokyo_page.context["weeks"]] == [("2026-03-09", 3)]
    assert [r["units"] for r in tokyo_page.context["pareto"]] == [3]  # Monterrey's reject is not Tokyo's
    assert "Asia/Tokyo" in tokyo_page.content.decode()

    everywhere = client.get(reverse("quality:dashboard"), period)
    assert [(r["week"].isoformat(), r["rejected"]) for r in everywhere.context["weeks"]] == [("2026-03-02", 10)]
    assert "America/Chicago" in everywhere.content.decode()

    refused = client.get(reverse("quality:dashboard"), {**period, "facility": "999999"})
    assert refused.status_code == 200 and refused.context["form"].errors


def test_the_offline_queue_posts_get_json_and_a_repeated_key_records_once(client, plant):
    import uuid

    client.force_login(plant["inspector"])
    key = str(uuid.uuid4())
    url = reverse("quality:reject-entry")
    data = {"line": plant["line"].pk, "part": "P-9", "quantity": 2, "defect": plant["scratch"].pk,
            "idempotency_key": key, "photo": _jpeg()}
    first = client.post(url, data, HTTP_ACCEPT="application/json")
    assert first.status_code == 201 and "recorded: 2 × P-9" in first.json()["message"]
    again = client.post(url, {**data, "photo": _jpeg()}, HTTP_ACCEPT="application/json", HTTP_X_OFFLINE_REPLAY="1")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert InternalReject.objects.count() == 1

    bad = client.post(url, {**data, "idempotency_key": str(uuid.uuid4()), "quantity": "", "photo": SimpleUploadedFile(
        "x.jpg", b"MZ not an image", content_type="image/jpeg")}, HTTP_ACCEPT="application/json")
    assert bad.status_code == 400
    assert set(bad.json()) == {"quantity", "photo", "detail", "code"} and bad.json()["code"] == "invalid"
    assert InternalReject.objects.count() == 1
