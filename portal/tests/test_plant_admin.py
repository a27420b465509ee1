"""Plant configuration in the admin: deactivate instead of delete, validation, Excel/CSV import all-or-nothing."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import Facility, ProductionLine, Shift
from portal.testing.factories import FacilityFactory, ProductionLineFactory


@pytest.mark.django_db
def test_config_records_cannot_be_deleted_only_deactivated(admin_client_portal):
    line = ProductionLineFactory()
    assert admin_client_portal.get(f"/admin/portal/productionline/{line.pk}/delete/").status_code == 403
    response = admin_client_portal.post(
        "/admin/portal/productionline/", {"action": "deactivate", "_selected_action": [line.pk]}, follow=True
    )
    assert b"1 record deactivated" in response.content
    line.refresh_from_db()
    assert line.active is False
    admin_client_portal.post("/admin/portal/productionline/", {"action": "reactivate", "_selected_action": [line.pk]})
    line.refresh_from_db()
    assert line.active is True


@pytest.mark.django_db
def test_overlapping_shift_gets_a_form_error_not_a_500(admin_client_portal, plant):
    response = admin_client_portal.post(
        "/admin/portal/shift/add/",
        {"facility": plant["facility"].pk, "name": "Overlap", "start_time": "13:00", "end_time": "15:00",
         "active": "on"},
    )
    assert response.status_code == 200
    assert b"overlaps" in response.content
    assert not Shift.objects.filter(name="Overlap").exists()


@pytest.mark.django_db
def test_bad_time_zone_is_refused(admin_client_portal):
    response = admin_client_portal.post(
        "/admin/portal/facility/add/",
        {"code": "TZ", "name": "Zone", "time_zone": "Mars/Olympus", "active": "on",
         "lines-TOTAL_FORMS": "0", "lines-INITIAL_FORMS": "0"},
    )
    assert response.status_code == 200
    assert "Unknown time zone" in response.content.decode()
    assert not Facility.objects.filter(code="TZ").exists()


def _import(client, model, csv_text):
    upload = SimpleUploadedFile("rows.csv", csv_text.encode(), content_type="text/csv")
    return client.post(
        f"/admin/portal/{model}/import/",
        {"import_file": upload, "format": "0", "resource": "0"},
    )


@pytest.mark.django_db
def test_line_import_with_a_bad_row_shows_row_errors_and_writes_nothing(admin_client_portal):
    FacilityFactory(code="MAIN")
    csv_text = "id,facility,code,name,erp_line_code,active\n,MAIN,L10,Line ten,WC10,1\n,NOPE,L11,Line eleven,,1\n"
    response = _import(admin_client_portal, "productionline", csv_text)
    assert response.status_code == 200
    body = response.content.decode()
    # A field error on row 2 that names the facility not found (the core's CodeWidget).
    assert "<td>2 </td>" in body and "NOPE" in body.split("<td>2 </td>", 1)[1]
    assert not ProductionLine.objects.filter(code__in=["L10", "L11"]).exists()


@pytest.mark.django_db
def test_line_import_creates_and_updates_by_id(admin_client_portal):
    facility = FacilityFactory(code="MAIN")
    existing = ProductionLineFactory(facility=facility, code="L1", name="Old")
    csv_text = (
        "id,facility,code,name,erp_line_code,active\n"
        f"{existing.pk},MAIN,L1,Renamed,WC1,1\n,MAIN,L2,Line two,WC2,1\n"
    )
    preview = _import(admin_client_portal, "productionline", csv_text)
    assert preview.status_code == 200
    form = preview.context["confirm_form"]
    response = admin_client_portal.post("/admin/portal/productionline/process_import/", form.initial)
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.name == "Renamed"
    assert ProductionLine.objects.get(code="L2").erp_line_code == "WC2"


@pytest.mark.django_db
def test_capacity_shift_must_belong_to_the_line_facility(admin_client_portal, plant):
    other_line = ProductionLineFactory(facility=FacilityFactory(code="OTHER"))
    response = admin_client_portal.post(
        "/admin/portal/productioncapacity/add/",
        {"line": other_line.pk, "shift": plant["shifts"][0].pk, "units_per_shift": "500"},
    )
    assert response.status_code == 200
    assert b"must belong to the line" in response.content


@pytest.mark.django_db
def test_shift_admin_shows_overnight_and_hours(admin_client_portal, plant):
    page = admin_client_portal.get("/admin/portal/shift/")
    assert page.status_code == 200
    assert Shift.objects.get(name="Night").start_time == dt.time(22)
    assert b"Night" in page.content


@pytest.mark.django_db
def test_scheduling_user_cannot_change_permissions_of_users(client, role_user):
    admin = role_user("Scheduling_Admin")
    target = role_user("DowntimeTracker_User")
    client.force_login(admin)
    # Scheduling admins review users and their access (read-only) but may not change them.
    page = client.get(f"/admin/portal/user/{target.pk}/change/")
    assert page.status_code == 200
    assert b'name="user_permissions"' not in page.content
    response = client.post(f"/admin/portal/user/{target.pk}/change/", {"username": target.username, "is_active": ""})
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active


@pytest.mark.django_db
@pytest.mark.parametrize(("role", "may_delete"), [("Production_Admin", True), ("DowntimeTracker_Admin", True),
                                                  ("Scheduling_Admin", True), ("Production_Portal_Admin", True),
                                                  ("Finance", False)])
def test_plant_config_roles_delete_a_capacity_and_the_delete_is_audited(client, role_user, plant, role, may_delete):
    from auditlog.models import LogEntry

    from portal.models import ProductionCapacity

    capacity = ProductionCapacity.objects.create(line=plant["lines"][0], shift=plant["shifts"][0],
                                                 units_per_shift=500)
    ProductionCapacity.objects.create(line=plant["lines"][1], shift=plant["shifts"][0], units_per_shift=300)
    client.force_login(role_user(role))
    url = f"/admin/portal/productioncapacity/{capacity.pk}/delete/"
    response = client.post(url, {"post": "yes"})
    assert ProductionCapacity.objects.filter(pk=capacity.pk).exists() is not may_delete
    if may_delete:
        assert response.status_code == 302
        assert LogEntry.objects.filter(object_pk=str(capacity.pk), action=LogEntry.Action.DELETE,
                                       content_type__model="productioncapacity").exists()
        # The list offers the bulk delete action too (on the capacity left)
        listing = client.get("/admin/portal/productioncapacity/").content.decode()
        assert 'value="delete_selected"' in listing
    else:
        assert response.status_code == 403
