"""Starting and ending laser runs (phone page, its offline queue and the API): both go through the one receiver,
``portal.commands.receive`` (docs/floor-writes.md), with the commands ``laser.run_start`` and ``laser.run_end``.

Who may write: a run starts on the laser shop's line (``LASER_LINE``, "LASER" by default) for an operator who works
on it, on an active machine of that line; it is ended by its operator, or by someone who may act for them
(``laser.manage_shop``: a shift lead or manager), which is audited. Keys are the writer's own (the receiver scopes
them), so another operator's key finds nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.audit import audit_acting_for
from portal.commands import Conflict, Forbidden, Invalid, KeyReused, NeedsConfirmation, NotFound, receive
from portal.models import Machine, ProductionLine
from portal.roles import LASER_MANAGE as MANAGE
from portal.services.floortime import check_floor_time
from portal.services.localtime import format_local
from portal.services.machines import check_machine_on_line
from portal.services.scoping import lines_for, require_line, require_owner, scope_to_lines

from ..models import ExtraOperator, LaserRun, Preset, Project, Stage
from .inventory import deduct_for_run
from .material import key_of, refresh_blocks, shortage_of


def current_preset(material_type: str, thickness_mm) -> Preset | None:
    """The newest version of the preset for a material and thickness."""
    return (Preset.objects.filter(material_type=material_type, thickness_mm=thickness_mm)
            .order_by("-version").first())


def ready_to_cut():
    """The production queue: projects in Cutting, nearest target date first."""
    return (Project.objects.filter(stage=Stage.CUTTING).select_related("client")
            .order_by("target_date", "state_entered_at", "code"))


# --- The shop's line and who works on it ----------------------------------------------------------------------

def shop_line() -> ProductionLine | None:
    """The laser shop's line (its code is the setting ``LASER_LINE``; an active one first)."""
    code = getattr(settings, "LASER_LINE", "LASER")
    return (ProductionLine.objects.select_related("facility").filter(code=code)
            .order_by("-active", "pk").first())


def shop_machines() -> QuerySet[Machine]:
    """The machines a run may start on: the active machines of the shop's line."""
    line = shop_line()
    if line is None:
        return Machine.objects.none()
    return Machine.objects.filter(line=line, active=True).select_related("line").order_by("code")


def works_in_shop(user) -> bool:
    line = shop_line()
    return line is not None and lines_for(user).filter(pk=line.pk).exists()


def require_shop(user) -> ProductionLine:
    """The shop's line, or a refusal (403) for a user who does not work on it (fail closed: no department, none)."""
    line = shop_line()
    if line is None:
        raise Forbidden(_("The laser shop's line is not set up yet: ask a portal administrator."))
    require_line(user, line)
    return line


def may_act_for_operators(user) -> bool:
    return user.has_perm(MANAGE)


def visible_runs(user) -> QuerySet[LaserRun]:
    """Runs ``user`` may read: an operator their own, a manager those of the lines they may read."""
    runs = LaserRun.objects.all()
    if not (user and user.is_authenticated):
        return runs.none()
    if may_act_for_operators(user):
        return scope_to_lines(runs, user, "machine__line")
    return runs.filter(operator=user)


def find_run(user, *, start_key: str = "", pk: int | None = None) -> LaserRun:
    """The run ``user`` means, by its id or its start key, among the runs they may read; 404 otherwise (another
    operator's key finds nothing, and says nothing about their run)."""
    runs = visible_runs(user).select_related("machine__line__facility", "operator")
    if pk is not None:
        run = runs.filter(pk=pk).first()
    else:
        matches = list(runs.filter(start_key=start_key).order_by("-started_at")[:20]) if start_key else []
        own = [r for r in matches if r.operator_id == user.pk]
        if len(own) == 1 or len(matches) == 1:
            run = (own or matches)[0]
        elif matches:  # a manager, and several operators used this key
            raise Invalid(_("Several operators' runs have this start key: send the run's id."), field="run")
        else:
            run = None
    if run is None:
        raise NotFound(_("No run of yours was started with this key."), field="start_key")
    return run


# --- The two commands -------------------------------------------------------------------------------------------

def _machine_busy(machine: Machine) -> None:
    """One running run per machine: the second start is told who is running what since when."""
    running = (LaserRun.objects.filter(machine=machine, status=LaserRun.Status.RUNNING)
               .select_related("project", "operator").prefetch_related("extra_operators").first())
    if running is None:
        return
    who = ", ".join([str(running.operator.get_full_name() or running.operator.username),
                     *(x.name for x in running.extra_operators.all())])
    raise Conflict(_("%(machine)s is busy: %(who)s has been running %(project)s on it since %(when)s. End that run "
                     "first, or choose another machine.") % {
        "machine": machine.code, "who": who, "project": running.project.code,
        "when": format_local(running.started_at, machine.line.facility, "Y-m-d H:i")},
        field="machine", code="machine_busy", extra={"running_run": running.pk})


def _exceptions(project: Project, operator, reason: str, confirm_material: bool) -> tuple[Preset | None, list[str]]:
    """The preset to attach, and the exceptions a manager takes on (recorded on the run). An operator is refused
    without a preset or on a project short of material: only a manager may start such a run."""
    manager = may_act_for_operators(operator)
    preset = current_preset(project.material_type, project.thickness_mm)
    taken: list[str] = []
    if preset is None:
        what = {"material": project.get_material_type_display(), "thickness": project.thickness_mm}
        if not manager:
            raise Conflict(_("There is no preset for %(material)s %(thickness)s mm: a run cannot start without one. "
                             "Call a manager.") % what, code="no_preset")
        if not reason:
            raise Conflict(_("There is no preset for %(material)s %(thickness)s mm. To start without one, say why "
                             "(the reason is recorded).") % what, field="reason", code="no_preset",
                           extra={"reason_required": True})
        taken.append(_("no preset"))
    shortage = shortage_of(project)
    if shortage is not None and project.material_confirmed_at is None:
        if not manager:
            raise Conflict(_("Material block: %(sentence)s Call a manager.") % {"sentence": shortage.sentence()},
                           code="material_block")
        if not confirm_material:
            raise NeedsConfirmation({"confirm_material": _("Material block: %(sentence)s Start anyway?") % {
                "sentence": shortage.sentence()}})
        taken.append(_("short of material"))
    return preset, taken


def start_run(*, project: Project, machine: Machine, operator, extra_operators: Iterable[ExtraOperator] = (),
              key: str, at=None, reason: str = "", confirm_material: bool = False) -> tuple[LaserRun, bool]:
    """Start a run; the preset of the project's material and thickness is attached here, never chosen by the
    operator. Refused on a machine that is running another run; refused to an operator when the project has no
    preset or is short of material, which a manager may override (``reason`` for the missing preset,
    ``confirm_material`` for the shortage; both recorded on the run, and so in its audit entry).
    Returns (run, created): a key this operator already used returns the run it started then."""
    extras = list(extra_operators)
    reason = (reason or "").strip()
    payload = {"project": project, "machine": machine, "extra_operators": sorted(x.pk for x in extras), "at": at,
               "reason": reason, "confirm_material": confirm_material}

    lines: list[ProductionLine] = []

    def perform() -> LaserRun:
        line = lines[-1]
        check_floor_time(at, field="started_at")
        project.refresh_from_db()
        if project.stage != Stage.CUTTING:
            raise Conflict(_("%(project)s is not ready to cut (it is %(stage)s).") % {
                "project": project, "stage": project.get_stage_display()}, field="project")
        check_machine_on_line(machine, line)  # active machines of the shop's line only
        # The machine's row lock serialises two starts on one machine: the second sees the first's run.
        locked = Machine.objects.select_for_update().select_related("line__facility").get(pk=machine.pk)
        _machine_busy(locked)
        preset, taken = _exceptions(project, operator, reason, confirm_material)
        run = LaserRun.objects.create(
            project=project, machine=machine, operator=operator, start_key=key or uuid.uuid4().hex,
            preset=preset, material_type=project.material_type, thickness_mm=project.thickness_mm,
            sheet_size=project.sheet_size, started_at=at or timezone.now(),
            override_by=operator if taken else None,
            override_reason="; ".join([*taken, reason] if reason else taken)[:300] if taken else "")
        run.extra_operators.set(extras)
        return run

    received = receive("laser.run_start", user=operator, key=key, payload=payload, key_field="start_key",
                       authorize=lambda: lines.append(require_shop(operator)), perform=perform)
    return received.record, received.created


def end_run(*, run: LaserRun, sheets_used: int, sheet_size: str = "", parts_cut: int = 0, notes: str = "",
            user, key: str, at=None) -> tuple[LaserRun, bool]:
    """End a run and deduct its sheets from the matching inventory item, in one transaction with both rows
    locked. Never refused for lack of stock. Returns (run, created); a replayed key returns the ended run."""
    payload = {"run": run.pk, "sheets_used": sheets_used, "sheet_size": sheet_size, "parts_cut": parts_cut,
               "notes": notes, "at": at}
    acting_for: list[bool] = []

    def authorize() -> None:
        require_line(user, run.machine.line)
        acting_for.append(require_owner(
            user, run.operator_id, act_for=MANAGE,
            message=_("Only the operator who started this run, or a shift lead, can end it.")))

    def perform() -> LaserRun:
        errors = {}
        if sheets_used is None or sheets_used < 0:
            errors["sheets_used"] = _("Sheets used cannot be negative.")
        if parts_cut is not None and parts_cut < 0:
            errors["parts_cut"] = _("Parts cut cannot be negative.")
        if errors:
            raise ValidationError(errors)
        check_floor_time(at, field="ended_at")
        locked = LaserRun.objects.select_for_update().get(pk=run.pk)  # the row lock serialises parallel ends
        if locked.status == LaserRun.Status.COMPLETED:
            raise Conflict(_("This run was already ended at %(when)s.") % {
                "when": format_local(locked.ended_at, locked.machine.line.facility, "Y-m-d H:i")})
        ended_at = at or timezone.now()
        if ended_at < locked.started_at:
            raise Invalid(_("A run cannot end before it started (%(when)s).") % {
                "when": format_local(locked.started_at, locked.machine.line.facility, "Y-m-d H:i")},
                field="ended_at")
        if key and LaserRun.objects.filter(operator=locked.operator_id, end_key=key).exists():
            # Another writer (a lead, once) ended another of this operator's runs with this key.
            raise KeyReused(_("This end key was already used for another run; nothing was recorded."),
                            field="end_key")
        locked.status = LaserRun.Status.COMPLETED
        locked.ended_at = ended_at
        locked.sheets_used = sheets_used
        locked.sheet_size = sheet_size or locked.sheet_size
        locked.parts_cut = parts_cut or 0
        locked.notes = (notes or "").strip()
        locked.end_key = key or None
        locked.save()
        if sheets_used:
            deduct_for_run(locked, user=user)
            # The project needs fewer sheets now (the deduction checked the item's sheet, maybe another size).
            refresh_blocks({key_of(locked.project)})
        if acting_for[-1]:
            audit_acting_for(locked, user, locked.operator, "ended the run")
        return locked

    received = receive("laser.run_end", user=user, key=key, payload=payload, authorize=authorize, perform=perform,
                       key_field="end_key")
    return received.record, received.created
