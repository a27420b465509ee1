"""Stage escalations on the shared workflow: exactly at the admin's threshold (clock frozen by passing ``now``),
once per stay, a client follow-up drafted in the client's language, and the notification clearing itself when the
project moves on."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from laser.models import OutboundDraft, Project, Stage, StageThreshold
from laser.services.drafts import DraftRefused, save_draft
from notifications.models import Notification
from notifications.services import unread_for
from portal.workflow.escalation import evaluate_escalations
from portal.workflow.services import TransitionRefused, apply_transition

T0 = dt.datetime(2026, 11, 2, 8, 0, tzinfo=dt.UTC)


def _project(shop, stage, client=None, code="Q-1") -> Project:
    return Project.objects.create(code=code, client=client or shop["client"], material_type="mild_steel",
                                  thickness_mm=Decimal("3.0"), sheet_size="3000x1500", sheets_required=2,
                                  stage=stage, state_entered_at=T0)


def test_default_thresholds_are_four_and_two_days(db):
    assert StageThreshold.for_stage(Stage.QUOTES) == dt.timedelta(days=4)
    assert StageThreshold.for_stage(Stage.MATERIAL) == dt.timedelta(days=2)
    assert StageThreshold.for_stage(Stage.CUTTING) is None


@pytest.mark.parametrize("stage, days", [(Stage.QUOTES, 4), (Stage.MATERIAL, 2)])
def test_escalates_exactly_at_the_threshold_and_once(shop, stage, days):
    project = _project(shop, stage)
    edge = T0 + dt.timedelta(days=days)
    assert evaluate_escalations(now=edge - dt.timedelta(microseconds=1)) == 0
    assert not OutboundDraft.objects.exists()
    assert evaluate_escalations(now=edge) == 1
    assert evaluate_escalations(now=edge + dt.timedelta(hours=5)) == 0  # a second run sends nothing more
    note = Notification.objects.get(kind="portal.escalation", state="open")
    assert note in unread_for(shop["manager"]) and note not in unread_for(shop["operator"])
    assert note.url == project.get_absolute_url()
    draft = OutboundDraft.objects.get()
    assert (draft.project, draft.stage, draft.channel, draft.language) == (project, stage, "whatsapp", "en")
    assert project.code in draft.body and "Thandi" in draft.body


def test_threshold_changed_in_the_admin_applies(shop):
    StageThreshold.objects.filter(stage=Stage.QUOTES).update(days=Decimal("0.5"))
    _project(shop, Stage.QUOTES)
    assert evaluate_escalations(now=T0 + dt.timedelta(hours=12) - dt.timedelta(seconds=1)) == 0
    assert evaluate_escalations(now=T0 + dt.timedelta(hours=12)) == 1


def test_a_deactivated_threshold_never_escalates(shop):
    StageThreshold.objects.filter(stage=Stage.MATERIAL).update(active=False)
    _project(shop, Stage.MATERIAL)
    assert evaluate_escalations(now=T0 + dt.timedelta(days=30)) == 0


def test_draft_is_in_the_clients_language_and_channel(shop, spanish):
    _project(shop, Stage.MATERIAL, client=shop["client_es"], code="M-7")
    evaluate_escalations(now=T0 + dt.timedelta(days=2))
    draft = OutboundDraft.objects.get()
    assert (draft.channel, draft.language) == ("email", "es")
    assert draft.body.startswith("Asunto: Material para el proyecto M-7")
    assert "Lucía" in draft.body


def test_notification_clears_itself_when_the_project_moves_on(shop):
    project = _project(shop, Stage.QUOTES)
    evaluate_escalations(now=T0 + dt.timedelta(days=4))
    note = Notification.objects.get(kind="portal.escalation")
    assert note.state == "open"
    apply_transition(project, "approve", shop["manager"])
    note.refresh_from_db()
    assert note.state == "cleared"
    project.refresh_from_db()
    assert project.stage == Stage.MATERIAL and project.state_entered_at > T0
    # A new stay in WaitingOnMaterial: measured from its own entry, escalates again with a new draft.
    assert evaluate_escalations(now=project.state_entered_at + dt.timedelta(days=2)) == 1
    assert OutboundDraft.objects.count() == 2
    assert Notification.objects.filter(kind="portal.escalation", state="open").count() == 1


def test_operators_cannot_move_projects(shop):
    project = _project(shop, Stage.QUOTES)
    with pytest.raises(TransitionRefused):
        apply_transition(project, "approve", shop["operator"])


def test_a_draft_is_edited_then_marked_sent_once(shop):
    _project(shop, Stage.QUOTES)
    evaluate_escalations(now=T0 + dt.timedelta(days=4))
    draft = OutboundDraft.objects.get()
    save_draft(draft, "Hi Thandi, any news on the quote?", mark_sent=False, user=shop["manager"])
    draft.refresh_from_db()
    assert draft.body == "Hi Thandi, any news on the quote?" and draft.sent_at is None
    save_draft(draft, draft.body, mark_sent=True, user=shop["manager"])
    draft.refresh_from_db()
    assert draft.sent_at is not None and draft.sent_by == shop["manager"]
    with pytest.raises(DraftRefused):
        save_draft(draft, "changed after sending", mark_sent=False, user=shop["manager"])
