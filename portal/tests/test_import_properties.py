"""Property test (hypothesis) of the import page: any file content gets an answer, never a 500, and writes nothing
unless every row is valid."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal.models import PendingImport, ProductionLine

pytestmark = [pytest.mark.django_db, pytest.mark.urls("portal.tests.import_urls")]

HEADER = "id,facility,code,name,erp_line_code,active\n"
CELL = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12)
ROW = st.lists(CELL, min_size=0, max_size=8).map(lambda cells: ",".join(cells))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.one_of(st.lists(ROW, max_size=6).map(lambda rows: HEADER + "\n".join(rows)),
                      st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_any_upload_is_answered_and_nothing_is_half_written(admin_client_portal, body):
    with transaction.atomic():
        before = ProductionLine.objects.count()
        response = admin_client_portal.post("/test-import/lines/",
                                            {"import_file": SimpleUploadedFile("rows.csv", body.encode("utf-8"))})
        assert response.status_code == 200
        assert ProductionLine.objects.count() == before  # the preview never writes
        content = response.content.decode()
        if PendingImport.objects.exists():  # a clean preview: only then can it be confirmed
            assert "Nothing has been written yet" in content
        transaction.set_rollback(True)
