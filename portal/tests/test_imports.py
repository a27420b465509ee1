"""The one import mechanism: a pending upload is readable and deletable only by its uploader, for its model,
until it expires; files elsewhere (the system temp folder) are never reached through a confirmation."""

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from portal.imports.admin import import_admins_bypassing_the_mechanism
from portal.imports.storage import purge_expired
from portal.models import Facility, PendingImport, ProductionLine
from portal.tasks import purge_pending_imports
from portal.testing.factories import FacilityFactory

CSV = "id,facility,code,name,erp_line_code,active\n,MAIN,L10,Line ten,WC10,1\n"


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _preview(client, model="productionline", text=CSV, name="rows.csv"):
    upload = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(f"/admin/portal/{model}/import/", {"import_file": upload, "format": "0", "resource": "0"})


@pytest.fixture
def two_admins(role_user):
    from portal.testing.factories import UserFactory

    FacilityFactory(code="MAIN")
    a = UserFactory(username="admin_a", roles=["Production_Portal_Admin"])
    b = UserFactory(username="admin_b", roles=["Production_Portal_Admin"])
    return a, b


@pytest.mark.django_db
def test_preview_keeps_the_upload_in_the_portal_database_under_an_unguessable_name(two_admins):
    a, _ = two_admins
    preview = _preview(_client_for(a))
    assert preview.status_code == 200
    token = preview.context["confirm_form"].initial["import_file_name"]
    pending = PendingImport.objects.get(token=token)
    assert pending.user == a and pending.model == "portal.productionline"
    assert bytes(pending.data).decode() == CSV
    assert len(token) >= 40 and "/" not in token
    assert not (Path(tempfile.gettempdir()) / token).exists()


@pytest.mark.django_db
def test_another_user_cannot_confirm_someone_elses_upload_and_it_survives(two_admins):
    a, b = two_admins
    form = _preview(_client_for(a)).context["confirm_form"].initial
    response = _client_for(b).post("/admin/portal/productionline/process_import/", form, follow=True)
    assert "was not uploaded by you" in response.content.decode()
    assert not ProductionLine.objects.filter(code="L10").exists()
    assert PendingImport.objects.filter(token=form["import_file_name"], user=a).exists()
    # The uploader can still confirm it afterwards.
    done = _client_for(a).post("/admin/portal/productionline/process_import/", form)
    assert done.status_code == 302
    assert ProductionLine.objects.filter(code="L10").exists()
    assert not PendingImport.objects.filter(token=form["import_file_name"]).exists()


@pytest.mark.django_db
def test_an_upload_is_bound_to_its_model(two_admins):
    a, _ = two_admins
    form = _preview(_client_for(a)).context["confirm_form"].initial
    response = _client_for(a).post("/admin/portal/facility/process_import/", form, follow=True)
    assert "was not uploaded by you" in response.content.decode()
    assert PendingImport.objects.filter(token=form["import_file_name"]).exists()
    assert list(Facility.objects.values_list("code", flat=True)) == ["MAIN"]


@pytest.mark.django_db
def test_a_confirmation_naming_a_file_of_the_temp_folder_is_refused_and_the_file_survives(two_admins):
    a, _ = two_admins
    form = dict(_preview(_client_for(a)).context["confirm_form"].initial)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as other:
        other.write("id,facility,code,name,erp_line_code,active\n,MAIN,EVIL,Injected,,1\n")
    victim = Path(other.name)
    try:
        for name in (victim.name, str(victim), "../" + victim.name, "", "x" * 43):
            form["import_file_name"] = name
            response = _client_for(a).post("/admin/portal/productionline/process_import/", form, follow=True)
            assert response.status_code == 200
            assert "was not uploaded by you" in response.content.decode()
            assert victim.exists()
        assert not ProductionLine.objects.filter(code="EVIL").exists()
    finally:
        victim.unlink()


@pytest.mark.django_db
def test_an_expired_upload_cannot_be_confirmed_and_is_purged(two_admins, settings):
    a, _ = two_admins
    settings.IMPORT_PENDING_MINUTES = 30
    form = _preview(_client_for(a)).context["confirm_form"].initial
    fresh = _preview(_client_for(a), text=CSV.replace("L10", "L11")).context["confirm_form"].initial
    PendingImport.objects.filter(token=form["import_file_name"]).update(
        created_at=timezone.now() - dt.timedelta(minutes=31))
    response = _client_for(a).post("/admin/portal/productionline/process_import/", form, follow=True)
    assert "longer than 30 minutes" in response.content.decode()
    assert not ProductionLine.objects.filter(code="L10").exists()
    assert purge_pending_imports() == 1
    assert list(PendingImport.objects.values_list("token", flat=True)) == [fresh["import_file_name"]]
    assert purge_expired() == 0  # a second run finds nothing more


@pytest.mark.django_db
def test_a_file_above_the_size_limit_is_refused_before_it_is_stored(two_admins, settings):
    a, _ = two_admins
    settings.IMPORT_MAX_BYTES = 100
    response = _preview(_client_for(a), text=CSV + "x" * 200)
    assert response.status_code == 200
    assert "imports accept files up to 100" in response.content.decode()
    assert not PendingImport.objects.exists()


@pytest.mark.django_db
def test_a_malformed_file_gets_a_clear_error_and_writes_nothing(two_admins):
    a, _ = two_admins
    upload = SimpleUploadedFile("rows.xlsx", b"PK\x03\x04 not really a workbook", content_type="application/zip")
    response = _client_for(a).post("/admin/portal/productionline/import/",
                                   {"import_file": upload, "format": "1", "resource": "0"})
    assert response.status_code == 200
    assert "encountered while trying to read file" in response.content.decode()
    assert not ProductionLine.objects.filter(code="L10").exists()


def test_every_import_in_the_admin_goes_through_the_portal_mechanism():
    assert import_admins_bypassing_the_mechanism(admin.site) == []


# --- The import page outside the admin (PortalImportView) -------------------------------------------------------


def _page_preview(client, text, name="rows.csv"):
    return client.post("/test-import/lines/", {"import_file": SimpleUploadedFile(name, text.encode())})


@pytest.mark.django_db
@pytest.mark.urls("portal.tests.import_urls")
def test_import_page_preview_shows_row_errors_and_writes_nothing_then_imports_all(two_admins):
    a, _ = two_admins
    client = _client_for(a)
    bad = CSV + ",NOPE,L11,Line eleven,,1\n"
    preview = _page_preview(client, bad)
    body = preview.content.decode()
    assert "1 row has errors: nothing was imported." in body
    assert "<td>3</td>" in body  # the file's third line (header = 1)
    assert not ProductionLine.objects.filter(code__in=["L10", "L11"]).exists()
    assert not PendingImport.objects.exists()  # nothing to confirm

    good = _page_preview(client, CSV + ",MAIN,L11,Line eleven,,1\n")
    assert "Preview: 2 new, 0 updated" in good.content.decode()
    assert not ProductionLine.objects.filter(code__in=["L10", "L11"]).exists()
    token = good.context["token"]
    done = client.post("/test-import/lines/", {"token": token, "format": "csv"}, follow=True)
    assert "Imported: 2 new, 0 updated" in done.content.decode()
    assert set(ProductionLine.objects.values_list("code", flat=True)) >= {"L10", "L11"}
    assert not PendingImport.objects.exists()


@pytest.mark.django_db
@pytest.mark.urls("portal.tests.import_urls")
def test_import_page_refuses_another_users_token_and_keeps_it(two_admins):
    a, b = two_admins
    token = _page_preview(_client_for(a), CSV).context["token"]
    response = _client_for(b).post("/test-import/lines/", {"token": token, "format": "csv"}, follow=True)
    assert "was not uploaded by you here" in response.content.decode()
    assert PendingImport.objects.filter(token=token, user=a).exists()
    assert not ProductionLine.objects.filter(code="L10").exists()


@pytest.mark.django_db
@pytest.mark.urls("portal.tests.import_urls")
@pytest.mark.parametrize("name, content, message", [
    ("rows.txt", b"a,b\n", "Choose an Excel (.xlsx) or CSV (.csv) file."),
    ("rows.xlsx", b"garbage", "could not be read as xlsx"),
    ("rows.csv", b"", "The submitted file is empty."),
    ("rows.csv", b"\xff\xfe\x00bad", "could not be read as csv"),
])
def test_import_page_explains_a_malformed_file(two_admins, name, content, message):
    a, _ = two_admins
    response = _client_for(a).post("/test-import/lines/", {"import_file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PendingImport.objects.exists()


@pytest.mark.django_db
@pytest.mark.urls("portal.tests.import_urls")
def test_import_page_template_download_has_the_resource_columns(two_admins):
    import io

    import openpyxl

    response = _client_for(two_admins[0]).get("/test-import/lines/?template=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == ["id", "facility", "code", "name", "name_es", "erp_line_code", "usual_crew",
                                          "active"]


@pytest.mark.django_db
@pytest.mark.urls("portal.tests.import_urls")
def test_import_page_needs_the_permission(client, role_user):
    client.force_login(role_user("Scheduling_User"))
    assert client.get("/test-import/lines/").status_code == 403
