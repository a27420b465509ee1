"""Starting and ending laser runs (phone page and API). Both are idempotent by the offline queue's key."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ExtraOperator, LaserRun, Preset, Project, Stage
from .inventory import deduct_for_run


class RunRefused(Exception):
    def __init__(self, message: str, field: str = ""):
        self.message = message
        self.field = field
        super().__init__(message)


def current_preset(material_type: str, thickness_mm) -> Preset | None:
    """The newest version of the preset for a material and thickness."""
    return (Preset.objects.filter(material_type=material_type, thickness_mm=thickness_mm)
            .order_by("-version").first())


def ready_to_cut():
    """The production queue: projects in Cutting, nearest target date first."""
    return (Project.objects.filter(stage=Stage.CUTTING).select_related("client")
            .order_by("target_date", "state_entered_at", "code"))


def start_run(*, project: Project, machine, operator, extra_operators: Iterable[ExtraOperator] = (),
              key: str, at=None) -> tuple[LaserRun, bool]:
    """Start a run; the preset of the project's material and thickness is attached here, never chosen by the
    operator. Returns (run, created): a key already stored returns the run it started the first time."""
    existing = LaserRun.objects.filter(start_key=key).first()
    if existing is not None:
        return existing, False
    if project.stage != Stage.CUTTING:
        raise RunRefused(_("%(project)s is not ready to cut (it is %(stage)s).") % {
            "project": project, "stage": project.get_stage_display()}, "project")
    if not machine.active:
        raise RunRefused(_("This machine is deactivated."), "machine")
    try:
        with transaction.atomic():
            run = LaserRun.objects.create(
                project=project, machine=machine, operator=operator, start_key=key,
                preset=current_preset(project.material_type, project.thickness_mm),
                material_type=project.material_type, thickness_mm=project.thickness_mm,
                sheet_size=project.sheet_size, started_at=at or timezone.now())
            run.extra_operators.set(list(extra_operators))
    except IntegrityError:
        existing = LaserRun.objects.filter(start_key=key).first()  # a parallel replay won the unique key
        if existing is None:
            raise
        return existing, False
    return run, True


def end_run(*, run: LaserRun, sheets_used: int, sheet_size: str = "", parts_cut: int = 0, notes: str = "",
            user, key: str, at=None) -> tuple[LaserRun, bool]:
    """End a run and deduct its sheets from the matching inventory item, in one transaction with both rows
    locked. Never refused for lack of stock. Returns (run, created); a replayed key returns the ended run."""
    if sheets_used is None or sheets_used < 0:
        raise RunRefused(_("Sheets used cannot be negative."), "sheets_used")
    if parts_cut is not None and parts_cut < 0:
        raise RunRefused(_("Parts cut cannot be negative."), "parts_cut")
    try:
        with transaction.atomic():
            locked = LaserRun.objects.select_for_update().get(pk=run.pk)
            if locked.status == LaserRun.Status.COMPLETED:
                if locked.end_key == key:
                    return locked, False
                raise RunRefused(_("This run was already ended at %(when)s.") % {
                    "when": timezone.localtime(locked.ended_at).strftime("%H:%M")})
            locked.status = LaserRun.Status.COMPLETED
            locked.ended_at = at or timezone.now()
            locked.sheets_used = sheets_used
            locked.sheet_size = sheet_size or locked.sheet_size
            locked.parts_cut = parts_cut or 0
            locked.notes = (notes or "").strip()
            locked.end_key = key
            locked.save()
            if sheets_used:
                deduct_for_run(locked, user=user)
    except IntegrityError:
        done = LaserRun.objects.filter(end_key=key).first()
        if done is None:
            raise
        return done, False
    return locked, True
