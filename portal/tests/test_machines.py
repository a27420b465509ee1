"""Machines (assets) of the plant structure: admin (deactivate, never delete), Excel/CSV import, audit."""

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile

from portal.models import Machine
from portal.testing.factories import FacilityFactory, MachineFactory, ProductionLineFactory


def _import(client, csv_text):
    upload = SimpleUploadedFile("machines.csv", csv_text.encode(), content_type="text/csv")
    return client.post("/admin/portal/machine/import/", {"import_file": upload, "format": "0", "resource": "0"})


@pytest.mark.django_db
def test_machine_is_deactivated_not_deleted_and_audited(admin_client_portal):
    machine = MachineFactory()
    assert admin_client_portal.get(f"/admin/portal/machine/{machine.pk}/delete/").status_code == 403
    response = admin_client_portal.post(
        "/admin/portal/machine/", {"action": "deactivate", "_selected_action": [machine.pk]}, follow=True)
    assert b"1 record deactivated" in response.content
    machine.refresh_from_db()
    assert machine.active is False
    assert LogEntry.objects.get_for_object(machine).filter(action=LogEntry.Action.UPDATE).exists()


@pytest.mark.django_db
def test_machine_list_searches_and_filters_by_type(admin_client_portal):
    MachineFactory(code="BRAKE-1", machine_type="press brake")
    MachineFactory(code="WELD-1", machine_type="welder")
    body = admin_client_portal.get("/admin/portal/machine/", {"q": "BRAKE"}).content.decode()
    assert "BRAKE-1" in body and "WELD-1" not in body
    body = admin_client_portal.get("/admin/portal/machine/", {"machine_type": "welder"}).content.decode()
    assert "WELD-1" in body and "BRAKE-1" not in body


@pytest.mark.django_db
def test_machine_import_bad_line_shows_row_error_and_writes_nothing(admin_client_portal):
    line = ProductionLineFactory(facility=FacilityFactory(code="MAIN"), code="L1")
    csv_text = ("id,line,code,name,name_es,machine_type,active\n"
                ",MAIN/L1,M-1,Brake,Dobladora,press brake,1\n,MAIN/NOPE,M-2,Welder,,welder,1\n")
    response = _import(admin_client_portal, csv_text)
    assert response.status_code == 200
    assert "FACILITY/LINE" in response.content.decode()
    assert not Machine.objects.filter(line=line).exists()


@pytest.mark.django_db
def test_machine_import_creates_and_updates_by_id(admin_client_portal):
    line = ProductionLineFactory(facility=FacilityFactory(code="MAIN"), code="L1")
    existing = MachineFactory(line=line, code="M-1", name="Old")
    csv_text = ("id,line,code,name,name_es,machine_type,active\n"
                f"{existing.pk},MAIN/L1,M-1,Renamed,,press brake,1\n,MAIN/L1,M-2,Welder,Soldadora,welder,1\n")
    preview = _import(admin_client_portal, csv_text)
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"].initial
    response = admin_client_portal.post("/admin/portal/machine/process_import/", confirm)
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.name == "Renamed" and existing.machine_type == "press brake"
    assert Machine.objects.get(code="M-2").name_es == "Soldadora"


@pytest.mark.django_db
def test_machine_code_is_unique_per_line(admin_client_portal):
    machine = MachineFactory(code="M-1")
    response = admin_client_portal.post("/admin/portal/machine/add/", {
        "line": machine.line_id, "code": "M-1", "name": "Twin", "machine_type": "", "active": "on"})
    assert response.status_code == 200
    assert Machine.objects.filter(code="M-1").count() == 1


@pytest.mark.django_db
def test_the_one_machine_rule_refuses_another_lines_and_a_deactivated_machine():
    from django.core.exceptions import ValidationError

    from portal.services.machines import check_machine_on_line

    line = ProductionLineFactory(code="L1")
    own, retired = MachineFactory(line=line, code="P1"), MachineFactory(line=line, code="P2", active=False)
    elsewhere = MachineFactory(code="X9")
    check_machine_on_line(own, line)
    check_machine_on_line(None, line)
    for machine, words in ((elsewhere, "not a machine of line L1"), (retired, "P2 is deactivated")):
        with pytest.raises(ValidationError) as refused:
            check_machine_on_line(machine, line)
        assert words in refused.value.message_dict["machine"][0]
