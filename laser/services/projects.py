"""Projects: the escalation's auto-clear, and what the dashboard calls blocked or overdue."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from notifications import services as notifications
from portal.workflow.escalation import KIND as ESCALATION_KIND

from ..models import Project, Stage, StageThreshold
from ..models.projects import ESCALATION_RULE
from . import shop_today


def clear_stage_escalation(project: Project) -> None:
    """The project moved on: its stage-escalation notification goes away by itself."""
    notifications.clear_condition(ESCALATION_KIND, project, key=f"{ESCALATION_RULE}:1")


def overdue_in_stage(now: dt.datetime | None = None) -> list[Project]:
    """Projects that have sat in their stage at least as long as the stage's threshold (the escalation's rule)."""
    now = now or timezone.now()
    found: list[Project] = []
    for threshold in StageThreshold.objects.filter(active=True):
        found += list(Project.objects.filter(stage=threshold.stage, state_entered_at__lte=now - threshold.after)
                      .select_related("client"))
    return sorted(found, key=lambda p: p.state_entered_at)


def blocked():
    """Projects held up waiting on material."""
    return Project.objects.filter(stage=Stage.MATERIAL).select_related("client").order_by("state_entered_at")


def late(now: dt.datetime | None = None):
    """Projects past their target date and not yet ready for pickup."""
    return (Project.objects.filter(target_date__lt=shop_today(now))
            .exclude(stage__in=[Stage.PICKUP, Stage.DELIVERED]).select_related("client").order_by("target_date"))
