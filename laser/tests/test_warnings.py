"""Issue 30: the blueprint's "system must warn", as a shop's users meet it. Every stage with a threshold escalates
and drafts its own follow-up; a project short of material is blocked and told, and unblocked when sheets arrive; low
stock is told without any stock movement and on a clock; a run needs its preset and a free machine; a follow-up
whose reason is gone is withdrawn; the manager keeps the list of helpers without a login."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import tablib
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from laser import tasks
from laser.models import (
    ExtraOperator,
    FollowUpTemplate,
    InventoryItem,
    LaserRun,
    OutboundDraft,
    Preset,
    Project,
    Stage,
    StageThreshold,
)
from laser.resources import InventoryItemResource
from laser.services import inventory
from laser.services.drafts import DraftRefused, save_draft
from laser.services.material import material_blocks
from laser.services.reports import build_report_data
from laser.services.runs import end_run, start_run
from notifications import services as notifications
from notifications.models import Notification
from portal.commands import Conflict, NeedsConfirmation
from portal.periodic import collect_periodic_tasks, sync_periodic_tasks
from portal.services.localtime import format_local
from portal.workflow.escalation import evaluate_escalations
from portal.workflow.services import TransitionNeedsConfirmation, apply_transition

T0 = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)
STAINLESS = {"material_type": "stainless", "thickness_mm": Decimal("1.5"), "sheet_size": "2500x1250"}


def _open(kind: str, source=None):
    found = Notification.objects.filter(kind=kind, state="open")
    if source is not None:
        found = found.filter(source_id=str(source.pk))
    return found


def _project(shop, code, stage, sheets=4, client=None, **material) -> Project:
    return Project.objects.create(code=code, client=client or shop["client"], sheets_required=sheets, stage=stage,
                                  state_entered_at=T0, **(material or STAINLESS))


# --- §1 Every stage with a threshold escalates, each with its own follow-up ---------------------------------------

def test_ready_for_pickup_escalates_notifies_managers_and_drafts_a_pickup_reminder(shop):
    StageThreshold.objects.create(stage=Stage.PICKUP, days=Decimal("0.5"))
    project = _project(shop, "P-2004", Stage.PICKUP, client=shop["client_es"])
    assert evaluate_escalations(now=T0 + dt.timedelta(hours=12) - dt.timedelta(seconds=1)) == 0
    assert evaluate_escalations(now=T0 + dt.timedelta(hours=12)) == 1
    note = Notification.objects.get(kind="portal.escalation", state="open")
    assert note in notifications.unread_for(shop["manager"]) and note.url == project.get_absolute_url()
    draft = OutboundDraft.objects.get(project=project)
    assert (draft.stage, draft.channel, draft.language) == (Stage.PICKUP, "email", "es")
    assert "Recordatorio: el proyecto P-2004 está listo para recoger" in draft.body and "Lucía" in draft.body


@pytest.mark.parametrize("stage, words", [
    (Stage.CUTTING, "is on the laser"),
    (Stage.DELIVERED, "confirm that everything arrived"),
])
def test_every_stage_drafts_its_own_message(shop, stage, words):
    StageThreshold.objects.create(stage=stage, days=Decimal("1"))
    _project(shop, "S-1", stage, **{"material_type": "mild_steel", "thickness_mm": Decimal("3.0"),
                                    "sheet_size": "3000x1500"})
    assert evaluate_escalations(now=T0 + dt.timedelta(days=1)) == 1
    assert words in OutboundDraft.objects.get().body


def test_a_template_edited_in_the_admin_is_the_next_draft(client, shop, role_user):
    admin_user = role_user("Laser_Admin")
    client.force_login(admin_user)
    template = FollowUpTemplate.objects.get(stage=Stage.PICKUP, language="en")
    url = reverse("admin:laser_followuptemplate_change", args=[template.pk])
    form = {"stage": Stage.PICKUP, "language": "en", "email_subject": "Pickup {project}",
            "email_text": "x", "whatsapp_text": "Hi {contact}, {project} waits at the gate for {days} days {oops}"}
    refused = client.post(url, form)
    assert refused.status_code == 200 and "Unknown placeholder(s): {oops}" in refused.content.decode()
    form["whatsapp_text"] = "Hi {contact}, {project} waits at the gate for {days} days."
    assert client.post(url, form).status_code == 302
    StageThreshold.objects.create(stage=Stage.PICKUP, days=Decimal("2"))
    project = _project(shop, "P-9", Stage.PICKUP)
    project.state_entered_at = timezone.now() - dt.timedelta(days=3, hours=1)  # {days}: whole days until now
    project.save()
    evaluate_escalations()
    assert OutboundDraft.objects.get().body == "Hi Thandi, P-9 waits at the gate for 3 days."


def test_placeholders_are_data_never_code(shop):
    template = FollowUpTemplate(stage=Stage.QUOTES, language="en", email_subject="s", email_text="x",
                                whatsapp_text="{project.client.__class__} {project}")
    with pytest.raises(ValidationError):
        template.full_clean()


# --- §8 A draft is withdrawn when its project leaves the stage ----------------------------------------------------

def test_an_unsent_quote_follow_up_is_withdrawn_when_the_quote_is_approved(client, shop):
    shop["item"].quantity = 100
    shop["item"].save()
    project = _project(shop, "Q-1", Stage.QUOTES, **{"material_type": "mild_steel", "thickness_mm": Decimal("3.0"),
                                                    "sheet_size": "3000x1500"})
    evaluate_escalations(now=T0 + dt.timedelta(days=4))
    draft = OutboundDraft.objects.get()
    sent_one = OutboundDraft.objects.create(project=project, client=project.client, channel="whatsapp",
                                            language="en", stage=Stage.QUOTES, body="sent earlier",
                                            stage_entered_at=T0 - dt.timedelta(days=9))
    save_draft(sent_one, "sent earlier", mark_sent=True, user=shop["manager"])
    apply_transition(project, "approve", shop["manager"])
    draft.refresh_from_db()
    sent_one.refresh_from_db()
    assert draft.withdrawn_at is not None and sent_one.withdrawn_at is None  # what was sent stays sent
    with pytest.raises(DraftRefused, match="withdrawn"):
        save_draft(draft, "too late", mark_sent=True, user=shop["manager"])
    client.force_login(shop["manager"])
    waiting = client.get(reverse("laser:drafts") + "?pending=true").content.decode()
    assert "Q-1" not in waiting
    assert "Withdrawn" in client.get(reverse("laser:draft", args=[draft.pk])).content.decode()
    assert "follow-up waiting" not in client.get(reverse("laser:dashboard")).content.decode()


# --- §2 Material blocks ----------------------------------------------------------------------------------------------

def test_a_project_one_sheet_short_is_blocked_and_clears_when_stock_arrives(client, shop):
    item = InventoryItem.objects.create(quantity=3, minimum=0, **STAINLESS)
    project = _project(shop, "P-2001", Stage.QUOTES)  # needs 4
    assert not _open("laser.material_block").exists()  # a quote reserves nothing yet
    apply_transition(project, "approve", shop["manager"])
    block = _open("laser.material_block", project).get()
    assert "P-2001 needs 4 sheets of Stainless steel 1.5 mm 2500 × 1250 mm and only 3 are free" in block.title
    assert block in notifications.unread_for(shop["manager"]) and block not in notifications.unread_for(
        shop["operator"])
    client.force_login(shop["manager"])
    card = client.get(reverse("laser:dashboard")).content.decode()
    assert 'id="card-material-blocks"' in card and "needs 4 sheets of Stainless steel 1.5 mm" in card
    blocks = build_report_data(dt.date(2026, 11, 2))["material_blocks"]
    assert [(b["project"], b["needed"], b["free"]) for b in blocks] == [("P-2001", 4, 3)]
    inventory.receive(item, 1, user=shop["manager"], reason="delivery")
    block.refresh_from_db()
    assert block.state == "cleared" and material_blocks() == []


def test_the_block_follows_the_requirement_and_the_other_projects_reservations(shop):
    InventoryItem.objects.create(quantity=5, minimum=0, **STAINLESS)
    first = _project(shop, "A-1", Stage.MATERIAL, sheets=3)
    assert not _open("laser.material_block").exists()
    second = _project(shop, "A-2", Stage.MATERIAL, sheets=3)  # 3 + 3 > 5: each short of what the other holds
    assert set(_open("laser.material_block").values_list("source_id", flat=True)) == {str(first.pk),
                                                                                       str(second.pk)}
    second.sheets_required = 2  # the requirement changes: 3 + 2 = 5
    second.save()
    assert not _open("laser.material_block").exists()
    second.sheets_required = 4
    second.save()
    assert _open("laser.material_block").count() == 2
    # The first leaves the approved stages (cut, ready for pickup): its reservation is given back.
    first.stage = Stage.PICKUP
    first.save()
    assert not _open("laser.material_block").exists()


def test_sheets_a_project_already_cut_are_not_reserved_twice(shop):
    shop["item"].quantity = 6
    shop["item"].save()
    project = shop["project"]  # P-1001 needs 6 and is cutting
    run, _ = start_run(project=project, machine=shop["machine"], operator=shop["operator"], key="cut-4")
    end_run(run=run, sheets_used=4, user=shop["operator"], key="cut-4-end")  # 2 on hand, 2 still needed
    assert not _open("laser.material_block").exists()
    other = _project(shop, "P-7", Stage.MATERIAL, sheets=1, **{"material_type": "mild_steel",
                                                               "thickness_mm": Decimal("3.0"),
                                                               "sheet_size": "3000x1500"})
    assert _open("laser.material_block", other).exists()  # 2 on hand, P-1001 still needs them both


def _stainless_preset() -> None:
    Preset.objects.create(power_w=1, speed_mm_min=1, gas="N2", pressure_bar=1, nozzle_mm=1, focus_mm=1, version=1,
                          material_type="stainless", thickness_mm=Decimal("1.5"))


def test_moving_a_short_project_into_cutting_needs_a_managers_confirmation(shop):
    InventoryItem.objects.create(quantity=3, minimum=0, **STAINLESS)
    _stainless_preset()
    project = _project(shop, "P-2001", Stage.QUOTES)
    with pytest.raises(TransitionNeedsConfirmation, match="only 3 are free"):
        apply_transition(project, "approve_in_stock", shop["manager"])
    project.refresh_from_db()
    assert project.stage == Stage.QUOTES
    moved = apply_transition(project, "approve_in_stock", shop["manager"], confirmed=True)
    assert moved.stage == Stage.CUTTING and moved.material_confirmed_by == shop["manager"]
    assert _open("laser.material_block", project).get().level == "critical"
    # Runs may start on it now: the manager accepted cutting short.
    run, created = start_run(project=moved, machine=shop["machine"], operator=shop["operator"], key="short")
    assert created and run.override_by is None


# --- §3 Low stock without any movement, on a clock, declared ---------------------------------------------------------

def test_an_item_created_below_its_minimum_is_told_without_any_movement(client, shop):
    item = InventoryItem.objects.create(quantity=3, minimum=6, **STAINLESS)
    note = _open("laser.low_stock", item).get()
    assert "is low: 3 sheets, minimum 6" in note.title and note in notifications.unread_for(shop["operator"])
    client.force_login(shop["manager"])
    assert "Low sheet stock" in client.get("/notifications/").content.decode()  # its name, not "Other"


def test_raising_a_minimum_in_the_admin_tells_and_deactivating_the_item_clears(client, shop, role_user):
    client.force_login(role_user("Laser_Admin"))
    item = shop["item"]  # 10 on hand, minimum 5
    assert not _open("laser.low_stock", item).exists()
    url = reverse("admin:laser_inventoryitem_change", args=[item.pk])
    form = {"material_type": item.material_type, "thickness_mm": str(item.thickness_mm),
            "sheet_size": item.sheet_size, "minimum": "12", "active": "on"}
    assert client.post(url, form).status_code == 302
    assert "minimum 12" in _open("laser.low_stock", item).get().title
    form.pop("active")
    client.post(url, form)
    assert not _open("laser.low_stock", item).exists()


def test_an_imported_item_below_its_minimum_is_told(shop):
    data = tablib.Dataset(headers=["material_type", "thickness_mm", "sheet_size", "minimum", "active"])
    data.append(["brass", "2.0", "2500x1250", "4", "1"])
    result = InventoryItemResource().import_data(data, dry_run=False, raise_errors=True)
    assert not result.has_errors()
    item = InventoryItem.objects.get(material_type="brass")
    assert "is low: 0 sheets, minimum 4" in _open("laser.low_stock", item).get().title


def test_the_clock_checks_every_six_hours_and_brings_back_a_warning_resolved_too_early(shop):
    spec = next(s for s in collect_periodic_tasks() if s.task == "laser.tasks.check_stock")
    assert spec.crontab == "0 */6 * * *"
    sync_periodic_tasks([spec])
    assert PeriodicTask.objects.get(name=spec.name).crontab.hour == "*/6"
    item = InventoryItem.objects.create(quantity=1, minimum=2, **STAINLESS)
    notifications.resolve(_open("laser.low_stock", item).get(), shop["manager"], "ordered")
    assert not _open("laser.low_stock", item).exists()
    # A change nobody saved through the portal (a SQL fix): only the clock sees it.
    InventoryItem.objects.filter(pk=shop["item"].pk).update(quantity=1)
    answer = tasks.check_stock.delay().get()
    assert answer["items"] == 2
    assert _open("laser.low_stock", item).exists() and _open("laser.low_stock", shop["item"]).exists()


# --- §5 A run needs its preset; §6 one running run per machine -------------------------------------------------------

def _no_preset_project(shop) -> Project:
    InventoryItem.objects.create(material_type="mild_steel", thickness_mm=Decimal("6.0"), sheet_size="3000x1500",
                                 quantity=20, minimum=0)
    return _project(shop, "P-2003", Stage.CUTTING, sheets=8, **{"material_type": "mild_steel",
                                                                "thickness_mm": Decimal("6.0"),
                                                                "sheet_size": "3000x1500"})


def test_an_operator_cannot_start_without_a_preset_and_a_manager_can_with_a_reason(client, shop):
    project = _no_preset_project(shop)
    client.force_login(shop["operator"])
    body = {"start_key": "np-1", "project": project.pk, "machine": shop["machine"].pk}
    refused = client.post("/api/laser/runs/", body, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "no_preset"
    detail = refused.json()["detail"]
    assert "no preset for Mild steel 6.0 mm" in detail and "Call a manager" in detail
    assert "reason_required" not in refused.json()
    client.force_login(shop["manager"])
    asked = client.post("/api/laser/runs/", {**body, "start_key": "np-2"}, content_type="application/json")
    assert asked.status_code == 409 and asked.json()["reason_required"] is True and "reason" in asked.json()
    assert not LaserRun.objects.exists()
    started = client.post("/api/laser/runs/", {**body, "start_key": "np-3", "reason": "test cut, preset tomorrow"},
                          content_type="application/json")
    assert started.status_code == 201
    answer = started.json()
    assert answer["preset"] is None and answer["override_by"] == shop["manager"].username
    assert answer["override_reason"] == "no preset; test cut, preset tomorrow"


def test_the_api_names_the_preset_it_attached(client, shop):
    client.force_login(shop["operator"])
    body = {"start_key": "p-1", "project": shop["project"].pk, "machine": shop["machine"].pk}
    answer = client.post("/api/laser/runs/", body, content_type="application/json").json()
    assert answer["preset"] == str(shop["preset"]) == "Mild steel 3.0 mm v1"


def test_an_operator_is_refused_a_short_project_and_a_manager_confirms(shop):
    InventoryItem.objects.create(quantity=3, minimum=0, **STAINLESS)
    _stainless_preset()
    project = _project(shop, "P-2001", Stage.CUTTING)  # cutting, short, nobody accepted it
    with pytest.raises(Conflict, match="Material block: P-2001 needs 4 sheets") as refused:
        start_run(project=project, machine=shop["machine"], operator=shop["operator"], key="o-1")
    assert refused.value.code == "material_block"
    with pytest.raises(NeedsConfirmation) as asked:
        start_run(project=project, machine=shop["machine"], operator=shop["manager"], key="m-1")
    assert "confirm_material" in asked.value.warnings
    run, _ = start_run(project=project, machine=shop["machine"], operator=shop["manager"], key="m-2",
                       confirm_material=True)
    assert run.override_by == shop["manager"] and run.override_reason == "short of material"


def test_a_second_run_on_a_busy_machine_is_refused_with_who_what_and_since(client, shop, role_user):
    first, _ = start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="r-1",
                         extra_operators=[shop["helper"]])
    other = _project(shop, "P-2003", Stage.CUTTING, sheets=1, **{"material_type": "mild_steel",
                                                                 "thickness_mm": Decimal("3.0"),
                                                                 "sheet_size": "3000x1500"})
    client.force_login(shop["manager"])
    body = {"start_key": "r-2", "project": other.pk, "machine": shop["machine"].pk}
    refused = client.post("/api/laser/runs/", body, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "machine_busy"
    detail = refused.json()["detail"]
    who = shop["operator"].get_full_name()
    assert f"LZ-1 is busy: {who}, Sipho (helper) has been running P-1001 on it since" in detail
    assert format_local(first.started_at, shop["facility"], "Y-m-d H:i") in detail
    assert LaserRun.objects.count() == 1
    # Another machine is free; once the first run ends, LZ-1 is free again.
    assert client.post("/api/laser/runs/", {**body, "start_key": "r-3", "machine": shop["machines"][1].pk},
                       content_type="application/json").status_code == 201
    end_run(run=first, sheets_used=1, user=shop["operator"], key="r-1-end")
    assert client.post("/api/laser/runs/", {**body, "start_key": "r-4", "project": shop["project"].pk},
                       content_type="application/json").status_code == 201


# --- §9 The helpers' list, kept by the manager ------------------------------------------------------------------------

def test_the_manager_keeps_the_list_of_helpers_the_phone_offers(client, shop):
    client.force_login(shop["manager"])
    page = reverse("laser:extra-operators")
    assert client.post(page, {"name": "Thabo"}).status_code == 302
    duplicate = client.post(page, {"name": "Thabo"})
    assert duplicate.status_code == 400 and ExtraOperator.objects.filter(name="Thabo").count() == 1
    thabo = ExtraOperator.objects.get(name="Thabo")
    client.force_login(shop["operator"])
    assert client.get(page).status_code == 403
    assert ">Thabo</label>" in client.get(reverse("laser:phone")).content.decode()
    client.force_login(shop["manager"])
    client.post(page, {"toggle": thabo.pk})
    thabo.refresh_from_db()
    assert not thabo.active
    client.force_login(shop["operator"])
    assert ">Thabo</label>" not in client.get(reverse("laser:phone")).content.decode()
