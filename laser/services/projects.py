"""Projects: what the dashboard calls blocked or overdue (the workflow clears a stage's escalation itself)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..models import Project, Stage, StageThreshold
from . import shop_today


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
