"""The Refresh of the page and of the API is one service (request a run, queue it once); runs are read-only in
the admin and never deleted there."""

import pytest

from mrp.models import MrpRun

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


def test_page_and_api_refresh_share_one_queued_run(client_for, mrp_scenario, django_capture_on_commit_callbacks):
    client = client_for("Scheduling_Admin")
    with django_capture_on_commit_callbacks(execute=False) as queued:
        assert client.post("/mrp/refresh/").status_code == 302
        posted = client.post("/api/mrp/runs/")
    run = MrpRun.objects.get()
    assert posted.status_code == 202 and posted.json()["id"] == run.pk
    assert run.status == MrpRun.Status.QUEUED and len(queued) == 1  # the second click queues nothing


def test_an_mrp_run_cannot_be_deleted_or_changed_in_the_admin(admin_client, stored_run):
    delete = admin_client.get(f"/admin/mrp/mrprun/{stored_run.pk}/delete/")
    assert delete.status_code == 403
    changelist = admin_client.get("/admin/mrp/mrprun/")
    assert changelist.status_code == 200 and "delete_selected" not in changelist.content.decode()
    bulk = admin_client.post("/admin/mrp/mrprun/", {"action": "delete_selected", "_selected_action": [stored_run.pk],
                                                    "post": "yes"})
    assert bulk.status_code in (200, 302, 403)
    page = admin_client.get(f"/admin/mrp/mrprun/{stored_run.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert MrpRun.objects.filter(pk=stored_run.pk).exists()
