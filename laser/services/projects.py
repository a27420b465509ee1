"""Projects: what the dashboard calls blocked or overdue (the workflow clears a stage's escalation itself), and
what follows a stage change or an edit: stale drafts withdrawn, material blocks checked again."""

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


def after_stage_change(project: Project, user) -> None:
    """The workflow's ``after`` hook of every stage move (laser/models/projects.py)."""
    from .drafts import withdraw_stale_drafts

    withdraw_stale_drafts(project)


def project_saved(sender, instance: Project, raw: bool = False, **kwargs) -> None:
    """Every save of a project (its form, the admin, a stage move): its sheet's material blocks are checked again,
    and those of the sheet it had before, whose reservation it gave back (post_save, connected in apps.py)."""
    if raw:
        return
    from .material import key_of, refresh_blocks

    keys = {key_of(instance)}
    previous = getattr(instance, "_loaded_key", None)
    if previous is not None:
        keys.add(previous)
    instance._loaded_key = key_of(instance)
    refresh_blocks(keys, projects=[instance])
