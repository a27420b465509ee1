"""The shop's pages as its users meet them: who may open what, forms that validate and lose nothing, and query
counts that do not grow with the rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from laser.models import InventoryItem, LaserRun, OutboundDraft, Preset, Project, Stage, StockMovement
from laser.services.runs import end_run, start_run
from portal.models import Machine
from portal.workflow.escalation import evaluate_escalations


def _machine(shop, name: str):
    """One machine per running run (a machine runs one run at a time)."""
    return Machine.objects.create(line=shop["line"], code=name, name=name)


def _more(shop, n: int) -> None:
    Preset.objects.get_or_create(material_type="stainless", thickness_mm=Decimal("1.5"), version=1, defaults={
        "power_w": 2000, "speed_mm_min": 2000, "gas": "N2", "pressure_bar": 12, "nozzle_mm": 1, "focus_mm": 0})
    for k in range(n):
        stage = [Stage.QUOTES, Stage.MATERIAL, Stage.CUTTING][k % 3]
        # Those in Cutting were moved there by a manager who accepted their short material.
        project = Project.objects.create(code=f"X-{k}", client=shop["client"], material_type="stainless",
                                         thickness_mm=Decimal("1.5"), sheet_size="2500x1250", sheets_required=k,
                                         stage=stage, target_date=dt.date(2026, 1, 1),
                                         material_confirmed_at=dt.datetime.now(dt.UTC))
        InventoryItem.objects.get_or_create(material_type="stainless", thickness_mm=Decimal("1.5"),
                                            sheet_size=["2500x1250", "3000x1500", "4000x2000"][k % 3],
                                            defaults={"quantity": k - 3, "minimum": 2})
        if project.stage == Stage.CUTTING:
            run, _ = start_run(project=project, machine=_machine(shop, f"X-{k}"), operator=shop["operator"],
                               extra_operators=[shop["helper"]], key=f"more-{k}")
            if k % 2 == 0:
                end_run(run=run, sheets_used=1, user=shop["operator"], key=f"more-{k}-end")
    evaluate_escalations(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=10))


PAGES = ["laser:dashboard", "laser:board", "laser:projects", "laser:queue", "laser:phone", "laser:phone-lists",
         "laser:inventory", "laser:movements", "laser:presets", "laser:drafts", "laser:reports"]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow_with_the_rows(client, shop, page):
    client.force_login(shop["manager"])
    url = reverse(page)
    _more(shop, 3)
    start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="few-running")
    few = _queries(client, url)
    for k in range(3, 24):
        _more_one(shop, k)
    many = _queries(client, url)
    assert many <= few, f"{page}: {few} queries with few rows, {many} with many"
    assert many <= 30, f"{page}: {many} queries"


def _more_one(shop, k: int) -> None:
    project = Project.objects.create(code=f"Y-{k}", client=shop["client"], material_type="stainless",
                                     thickness_mm=Decimal("1.5"), sheet_size="2500x1250", sheets_required=k,
                                     stage=[Stage.QUOTES, Stage.MATERIAL, Stage.CUTTING][k % 3],
                                     material_confirmed_at=dt.datetime.now(dt.UTC))
    InventoryItem.objects.get_or_create(material_type="aluminium", thickness_mm=[Decimal("1.0"), Decimal("2.0"),
                                        Decimal("3.0"), Decimal("4.0"), Decimal("5.0"), Decimal("6.0"),
                                        Decimal("8.0")][k % 7], sheet_size="3000x1500",
                                        defaults={"quantity": k - 12, "minimum": 3})
    if project.stage == Stage.CUTTING:
        run, _ = start_run(project=project, machine=_machine(shop, f"Y-{k}"), operator=shop["operator"],
                           extra_operators=[shop["helper"]], key=f"y-{k}")
        if k % 2:
            end_run(run=run, sheets_used=1, user=shop["operator"], key=f"y-{k}-end")
    evaluate_escalations(now=dt.datetime.now(dt.UTC) + dt.timedelta(days=10))


def test_operator_sees_the_phone_page_and_presets_but_not_the_office(client, shop):
    client.force_login(shop["operator"])
    assert client.get(reverse("laser:home"))["Location"] == reverse("laser:mode")  # this device never chose
    client.post(reverse("laser:mode"), {"ui_mode": "phone"})
    assert client.get(reverse("laser:home"))["Location"] == reverse("laser:phone")
    page = client.get(reverse("laser:phone"))
    assert page.status_code == 200 and b"P-1001" in page.content and b"3000 W" in page.content
    presets = client.get(reverse("laser:presets"))
    assert presets.status_code == 200 and b"Only managers edit presets." in presets.content
    for name in ("laser:dashboard", "laser:projects", "laser:inventory", "laser:drafts", "laser:reports",
                 "laser:preset-new"):
        assert client.get(reverse(name)).status_code == 403, name
    queue = client.get(reverse("laser:queue"))
    assert queue.status_code == 200 and b"P-1001" in queue.content
    assert reverse("laser:project", args=[shop["project"].pk]).encode() not in queue.content


def test_mode_is_kept_for_the_device(client, shop):
    client.force_login(shop["manager"])
    assert client.get(reverse("laser:home"))["Location"] == reverse("laser:mode")  # this device never chose
    chose = client.post(reverse("laser:mode"), {"ui_mode": "phone"})
    assert chose.cookies["laser_mode"].value == "phone"
    shop["manager"].refresh_from_db()
    assert shop["manager"].ui_mode == "phone"
    assert client.get(reverse("laser:home"))["Location"] == reverse("laser:phone")
    client.post(reverse("laser:mode"), {"ui_mode": "desktop"})
    assert client.get(reverse("laser:home"))["Location"] == reverse("laser:dashboard")
    response = client.post(reverse("laser:mode"), {"ui_mode": "tablet"}, follow=True)
    assert b"Choose desktop or phone." in response.content


def test_dashboard_attention_cards(client, shop):
    shop["project"].stage = Stage.MATERIAL
    shop["project"].state_entered_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=3)
    shop["project"].save()
    InventoryItem.objects.filter(pk=shop["item"].pk).update(quantity=1)
    other = Project.objects.create(code="C-1", client=shop["client"], material_type="mild_steel",
                                   thickness_mm=Decimal("3.0"), sheet_size="3000x1500", stage=Stage.CUTTING)
    start_run(project=other, machine=shop["machine"], operator=shop["operator"], key="r")
    client.force_login(shop["manager"])
    content = client.get(reverse("laser:dashboard")).content.decode()
    low, blocked, overdue, running = (content.split(f'id="card-{c}"')[1].split("</section>")[0]
                                      for c in ("low-stock", "blocked", "overdue", "running"))
    assert "1 / 5" in low and "P-1001" in blocked and "P-1001" in overdue and "C-1 · LZ-1" in running


def test_receipt_and_adjustment_forms(client, shop):
    client.force_login(shop["manager"])
    url = reverse("laser:stock-move", args=[shop["item"].pk])
    response = client.post(url, {"kind": "adjustment", "sheets": "-2", "reason": ""})
    assert response.status_code == 200 and "Say why the count changes." in response.content.decode()
    assert client.post(url, {"kind": "receipt", "sheets": "abc"}).status_code == 200
    assert not StockMovement.objects.exists()
    assert client.post(url, {"kind": "receipt", "sheets": "15", "reason": "PO 881"}).status_code == 302
    assert client.post(url, {"kind": "adjustment", "sheets": "-1", "reason": "bent"}).status_code == 302
    assert InventoryItem.objects.get(pk=shop["item"].pk).quantity == 24
    assert list(StockMovement.objects.order_by("pk").values_list("kind", "quantity", "balance_after")) == [
        ("receipt", 15, 25), ("adjustment", -1, 24)]


def test_project_form_validates_and_workflow_buttons_move_it(client, shop):
    client.force_login(shop["manager"])
    bad = client.post(reverse("laser:project-new"), {"code": "P-1001", "client": shop["client"].pk,
                                                     "material_type": "mild_steel", "thickness_mm": "3.3",
                                                     "sheet_size": "3000x1500", "sheets_required": "2"})
    assert bad.status_code == 200 and Project.objects.count() == 1
    assert "already exists" in bad.content.decode() and "is not one of the available choices" in bad.content.decode()
    good = client.post(reverse("laser:project-new"), {"code": "P-2000", "client": shop["client"].pk,
                                                      "material_type": "aluminium", "thickness_mm": "2.0",
                                                      "sheet_size": "2500x1250", "sheets_required": "4",
                                                      "target_date": "2026-12-15"})
    project = Project.objects.get(code="P-2000")
    assert good["Location"] == project.get_absolute_url() and project.stage == Stage.QUOTES
    detail = client.get(project.get_absolute_url()).content.decode()
    assert "Approved: order material" in detail and "Cutting complete" not in detail
    # No aluminium 2.0 on the rack: "in stock" warns (the material block) and moves only once confirmed.
    warned = client.post(reverse("laser:project-workflow", args=[project.pk, "approve_in_stock"]))
    project.refresh_from_db()
    assert warned.status_code == 200 and project.stage == Stage.QUOTES
    assert "needs 4 sheets of Aluminium 2.0 mm 2500 × 1250 mm and only 0 are free" in warned.content.decode()
    assert 'name="confirmed" value="1"' in warned.content.decode()
    client.post(reverse("laser:project-workflow", args=[project.pk, "approve_in_stock"]), {"confirmed": "1"})
    project.refresh_from_db()
    assert project.stage == Stage.CUTTING and project.material_confirmed_by == shop["manager"]
    assert "Confirmed despite" in project.timeline().filter(kind="transition").get().text


def test_presets_new_version_by_managers_only(client, shop):
    client.force_login(shop["manager"])
    form = client.get(reverse("laser:preset-new") + f"?from={shop['preset'].pk}").content.decode()
    assert 'value="3000"' in form
    data = {"material_type": "mild_steel", "thickness_mm": "3.0", "power_w": "3300", "speed_mm_min": "3100",
            "gas": "O2", "pressure_bar": "0.7", "nozzle_mm": "1.2", "focus_mm": "2.5", "notes": "less dross"}
    assert client.post(reverse("laser:preset-new"), data).status_code == 302
    versions = list(Preset.objects.filter(material_type="mild_steel").order_by("version")
                    .values_list("version", "power_w"))
    assert versions == [(1, 3000), (2, 3300)]
    run, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="k")
    assert run.preset.version == 2
    client.force_login(shop["operator"])
    assert client.post(reverse("laser:preset-new"), data).status_code == 403
    assert Preset.objects.count() == 2


def test_draft_page_edits_and_marks_sent(client, shop):
    shop["project"].stage = Stage.QUOTES
    shop["project"].state_entered_at = dt.datetime.now(dt.UTC) - dt.timedelta(days=5)
    shop["project"].save()
    evaluate_escalations()
    draft = OutboundDraft.objects.get()
    client.force_login(shop["manager"])
    url = reverse("laser:draft", args=[draft.pk])
    assert client.post(url, {"body": "  ", "mark_sent": "1"}).status_code == 200
    assert client.post(url, {"body": "Hi Thandi, shall we cut?", "mark_sent": "1"}).status_code == 302
    draft.refresh_from_db()
    assert draft.body == "Hi Thandi, shall we cut?" and draft.sent_by == shop["manager"]
    assert b"Sent " in client.get(url).content


def test_api_start_and_end_with_replays(client, shop):
    client.force_login(shop["operator"])
    start = {"start_key": "api-1", "project": shop["project"].pk, "machine": shop["machine"].pk,
             "extra_operators": [shop["helper"].pk]}
    first = client.post("/api/laser/runs/", start, content_type="application/json")
    again = client.post("/api/laser/runs/", start, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200) and first.json()["id"] == again.json()["id"]
    assert first.json()["preset"] == str(shop["preset"])
    end = {"start_key": "api-1", "end_key": "api-1-end", "sheets_used": 2, "parts_cut": 9}
    assert client.post("/api/laser/runs/end/", end, content_type="application/json").status_code == 201
    assert client.post("/api/laser/runs/end/", end, content_type="application/json").status_code == 200
    refused = client.post("/api/laser/runs/end/", {**end, "end_key": "other"}, content_type="application/json")
    assert refused.status_code == 409 and "already ended" in refused.json()["detail"]
    assert refused.json()["code"] == "conflict"
    missing = client.post("/api/laser/runs/end/", {**end, "start_key": "nope", "end_key": "e3"},
                          content_type="application/json")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert InventoryItem.objects.get(pk=shop["item"].pk).quantity == 8
    assert LaserRun.objects.get().started_at.utcoffset() is not None
    assert client.get("/api/laser/inventory/").status_code == 403  # managers only
