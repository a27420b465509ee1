"""The pipeline board: every project in a column of its stage, in the workflow's order, each card with its age in
the stage against the stage's threshold (the escalation's own rule), its material block and its target date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from portal.workflow.escalation import Standing, standing

from ..models import Project, Stage, StageThreshold
from ..models.projects import stage_levels
from . import shop_today
from .material import Shortage, shortages_for

# Delivered projects stay on the board this many days after delivery; older ones are counted and linked.
DELIVERED_DAYS = 14


@dataclass
class Card:
    project: Project
    standing: Standing
    shortage: Shortage | None
    late: bool  # target date passed and not yet ready (the dashboard's "late")

    @property
    def age(self) -> str:
        return short_duration(self.standing.elapsed)

    @property
    def limit(self) -> str:
        return short_duration(self.standing.limit) if self.standing.limit is not None else ""


def short_duration(delta: dt.timedelta) -> str:
    """Card notation: whole days from one day on ("3 d"; a threshold of 1.5 days reads "1.5 d"), hours below
    ("12 h"), minutes below an hour."""
    seconds = max(int(delta.total_seconds()), 0)
    days = seconds / 86400
    if days >= 1:
        whole = seconds % 86400 == 0 or days >= 10
        value = int(days) if whole else number_format(round(days, 1), 1)
        if not whole and str(value).rstrip("0").rstrip(".,") == str(int(days)):
            value = int(days)
        return _("%(n)s d") % {"n": value}
    if seconds >= 3600:
        return _("%(n)s h") % {"n": seconds // 3600}
    return _("%(n)s min") % {"n": seconds // 60}


@dataclass
class BoardColumn:
    stage: str
    label: str
    limit: dt.timedelta | None
    cards: list[Card] = field(default_factory=list)
    hidden: int = 0  # delivered before the board's window

    @property
    def limit_text(self) -> str:
        return short_duration(self.limit) if self.limit is not None else ""


def board(now: dt.datetime | None = None) -> list[BoardColumn]:
    """One column per stage in the workflow's order; oldest in the stage first. Four queries whatever the number of
    projects (projects with their clients, thresholds, and the material position's projects/runs/items)."""
    now = now or timezone.now()
    today = shop_today(now)
    thresholds = {t.stage: t.after for t in StageThreshold.objects.filter(active=True)}
    since = now - dt.timedelta(days=DELIVERED_DAYS)
    projects = list(Project.objects.select_related("client")
                    .exclude(stage=Stage.DELIVERED, state_entered_at__lt=since)
                    .order_by("state_entered_at", "code"))
    hidden = Project.objects.filter(stage=Stage.DELIVERED, state_entered_at__lt=since).count()
    shortages = shortages_for([p for p in projects if p.stage in (Stage.QUOTES, Stage.MATERIAL, Stage.CUTTING)])
    columns = {stage: BoardColumn(stage, label, thresholds.get(stage)) for stage, label in Stage.choices}
    columns[Stage.DELIVERED].hidden = hidden
    for p in projects:
        columns[p.stage].cards.append(Card(
            project=p,
            standing=standing(p, stage_levels(thresholds.get(p.stage)), now=now),
            shortage=shortages.get(p.pk),
            late=bool(p.target_date and p.target_date < today and p.stage not in (Stage.PICKUP, Stage.DELIVERED))))
    return list(columns.values())
