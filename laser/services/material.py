"""Material blocks: approved projects reserve their sheets; a project whose remaining requirement is more than the
free stock of its material, thickness and sheet size is blocked.

    free = on hand − what the *other* approved projects still need (their requirement minus the sheets their
           completed runs used)

Approved means Waiting on material or Cutting. A block raises the "laser.material_block" notification to managers
(warning while waiting on material, critical in Cutting), shows on the dashboard and in the daily report, and
clears itself when it is gone: stock received or adjusted, a requirement lowered, another project finished or
moved back. Moving a project into Cutting while it is short warns and goes ahead only on a manager's confirmation
(the workflow's ``warn``), which also lets runs start on it; without it the phone refuses to start a run.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications import services as notifications
from portal.roles import LASER_MANAGE

from ..materials import MaterialType, SheetSize
from ..models import InventoryItem, LaserRun, Project, Stage

APPROVED = (Stage.MATERIAL, Stage.CUTTING)
Key = tuple[str, Decimal, str]


def key_of(obj) -> Key:
    """(material, thickness, sheet size) of a project, an item or a run."""
    return obj.material_type, Decimal(obj.thickness_mm), obj.sheet_size


def describe(key: Key) -> str:
    material, thickness, size = key
    size_label = SheetSize(size).label if size in SheetSize.values else size
    return f"{MaterialType(material).label} {thickness} mm {size_label}"


@dataclass(frozen=True)
class Shortage:
    project: Project
    needed: int  # sheets the project still needs
    on_hand: int
    reserved: int  # still needed by the other approved projects of the same sheet

    @property
    def free(self) -> int:
        return self.on_hand - self.reserved

    @property
    def available(self) -> int:
        return max(self.free, 0)

    @property
    def short(self) -> int:
        return self.needed - self.available

    @property
    def sheet(self) -> str:
        return describe(key_of(self.project))

    def sentence(self) -> str:
        return _("%(project)s needs %(needed)s sheets of %(sheet)s and only %(free)s are free (%(on_hand)s on hand, "
                 "%(reserved)s reserved by other approved projects).") % {
            "project": self.project.code, "needed": self.needed, "sheet": self.sheet, "free": self.available,
            "on_hand": self.on_hand, "reserved": self.reserved}


def _keys_filter(keys: Iterable[Key]) -> Q:
    query = Q(pk__in=[])
    for material, thickness, size in keys:
        query |= Q(material_type=material, thickness_mm=thickness, sheet_size=size)
    return query


def _position(keys: set[Key] | None, also: Project | None = None) -> tuple[list[Project], dict, dict]:
    """The approved projects of ``keys`` (all keys: None), with ``also`` counted as approved; sheets each still
    needs; sheets on hand per key. Three queries whatever the number of projects."""
    projects = Project.objects.filter(stage__in=APPROVED).select_related("client")
    items = InventoryItem.objects.all()
    if keys is not None:
        projects, items = projects.filter(_keys_filter(keys)), items.filter(_keys_filter(keys))
    found = list(projects)
    if also is not None and all(p.pk != also.pk for p in found):
        found.append(also)
    used = dict(LaserRun.objects.filter(project__in=[p.pk for p in found], status=LaserRun.Status.COMPLETED)
                .values("project").annotate(s=Sum("sheets_used")).values_list("project", "s"))
    remaining = {p.pk: max(p.sheets_required - (used.get(p.pk) or 0), 0) for p in found}
    on_hand: dict[Key, int] = defaultdict(int)
    for item in items:
        on_hand[key_of(item)] += item.quantity
    return found, remaining, on_hand


def _shortages(projects: list[Project], remaining: dict, on_hand: dict) -> dict[int, Shortage]:
    need_by_key: dict[Key, int] = defaultdict(int)
    for p in projects:
        need_by_key[key_of(p)] += remaining[p.pk]
    found = {}
    for p in projects:
        key = key_of(p)
        shortage = Shortage(p, remaining[p.pk], on_hand.get(key, 0), need_by_key[key] - remaining[p.pk])
        if shortage.needed > shortage.available:
            found[p.pk] = shortage
    return found


def material_blocks() -> list[Shortage]:
    """Every approved project short of material now (dashboard, daily report), nearest target date first."""
    projects, remaining, on_hand = _position(None)
    blocks = _shortages(projects, remaining, on_hand).values()
    return sorted(blocks, key=lambda s: (s.project.target_date or dt.date.max, s.project.code))


def shortage_of(project: Project) -> Shortage | None:
    """The project's shortage, counting it as approved (the question before moving it into Cutting)."""
    projects, remaining, on_hand = _position({key_of(project)}, also=project)
    return _shortages(projects, remaining, on_hand).get(project.pk)


def shortages_for(projects: Iterable[Project]) -> dict[int, Shortage]:
    """The shortage of each of ``projects`` that would be (Quotes: counted as approved, the question approval asks)
    or is short of sheets, by project id; the same three queries whatever the number of projects (the board)."""
    approved, remaining, on_hand = _position(None)
    found = _shortages(approved, remaining, on_hand)
    need_by_key: dict[Key, int] = defaultdict(int)
    for p in approved:
        need_by_key[key_of(p)] += remaining[p.pk]
    for p in projects:
        if p.stage != Stage.QUOTES:
            continue
        # Not approved yet: no completed run has used its sheets, and no other project counts on them.
        shortage = Shortage(p, p.sheets_required, on_hand.get(key_of(p), 0), need_by_key[key_of(p)])
        if shortage.needed > shortage.available:
            found[p.pk] = shortage
    wanted = {p.pk for p in projects}
    return {pk: s for pk, s in found.items() if pk in wanted}


def _raise(shortage: Shortage) -> None:
    project = shortage.project
    notifications.raise_notification(
        "laser.material_block", project,
        title=_("Material block: %(sentence)s") % {"sentence": shortage.sentence()},
        level="critical" if project.stage == Stage.CUTTING else "warning",
        permissions=[LASER_MANAGE], url=project.get_absolute_url())


def refresh_blocks(keys: Iterable[Key] | None = None, projects: Iterable[Project] = ()) -> int:
    """Raise or clear the block of every approved project of ``keys`` (every key: None), and clear it for
    ``projects`` that are no longer approved. Returns how many are blocked."""
    for project in projects:
        if project.stage not in APPROVED:
            notifications.clear_condition("laser.material_block", project)
    keys = None if keys is None else set(keys)
    if keys == set():
        return 0
    found, remaining, on_hand = _position(keys)
    blocks = _shortages(found, remaining, on_hand)
    for project in found:
        if project.pk in blocks:
            _raise(blocks[project.pk])
        else:
            notifications.clear_condition("laser.material_block", project)
    return len(blocks)


# --- The workflow's hooks (laser/models/projects.py names them by path) ------------------------------------------

def shortage_warning(project: Project) -> str | None:
    """The warning before moving a project into Cutting (read on the locked row)."""
    shortage = shortage_of(project)
    if shortage is None:
        return None
    return _("%(sentence)s Cutting it now needs your confirmation.") % {"sentence": shortage.sentence()}


def record_confirmation(project: Project, user, warning: str) -> None:
    project.material_confirmed_at, project.material_confirmed_by = timezone.now(), user


def forget_confirmation(project: Project, user, fields) -> None:
    """A manager's acceptance of short material holds for the stay it was given for."""
    project.material_confirmed_at, project.material_confirmed_by = None, None
