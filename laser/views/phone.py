"""Phone mode: the jobs ready to cut, Start run and End run. Start and end go through the REST endpoints
(``/api/laser/runs/`` and ``runs/end/``, the commands ``laser.run_start`` / ``laser.run_end`` of the one receiver)
from ``static/laser/phone.js`` via the shared offline queue, so a run logged without a connection is sent exactly
once when the phone is back online.

Only for those who work on the shop's line (scoping fails closed: without a department, the page says so); the
machines offered are the shop's active ones; an operator sees their own running runs, a lead everyone's."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import render

from portal.access import capability_required
from portal.commands import floor_write
from portal.offline import offline_shell
from portal.services.scoping import NO_LINES_HINT

from ..apps import LOG_RUNS
from ..materials import SheetSize
from ..models import ExtraOperator, InventoryItem, LaserRun, Preset
from ..services.material import material_blocks
from ..services.runs import may_act_for_operators, ready_to_cut, shop_machines, visible_runs, works_in_shop
from . import in_shop_zone

JOBS_SHOWN = 30


def laser_machines():
    """The machines a run may start on (bench/cluster.py reads them too): the shop line's active machines."""
    return shop_machines()


def _context(request) -> dict:
    if not works_in_shop(request.user):
        return {"no_lines_hint": NO_LINES_HINT, "jobs": [], "running": [], "machines": [], "extra_operators": [],
                "sheet_sizes": SheetSize.choices}
    jobs = list(ready_to_cut()[:JOBS_SHOWN])
    keys = {(j.material_type, j.thickness_mm) for j in jobs}
    presets: dict = {}
    for preset in Preset.objects.filter(material_type__in={k[0] for k in keys},
                                        thickness_mm__in={k[1] for k in keys}).order_by("version"):
        presets[(preset.material_type, preset.thickness_mm)] = preset  # newest version wins
    items = {(i.material_type, i.thickness_mm, i.sheet_size): i for i in InventoryItem.objects.filter(
        material_type__in={k[0] for k in keys}, thickness_mm__in={k[1] for k in keys})}
    blocks = {b.project.pk: b for b in material_blocks()}
    for job in jobs:
        job.preset = presets.get((job.material_type, job.thickness_mm))
        job.stock = items.get((job.material_type, job.thickness_mm, job.sheet_size))
        job.block = blocks.get(job.pk)
    running = (visible_runs(request.user).filter(status=LaserRun.Status.RUNNING)
               .select_related("project", "machine", "operator", "preset")
               .prefetch_related(Prefetch("extra_operators", queryset=ExtraOperator.objects.order_by("name")))
               .order_by("started_at"))
    return {"jobs": jobs, "running": running, "machines": laser_machines(),
            "may_override": may_act_for_operators(request.user),
            "extra_operators": ExtraOperator.objects.filter(active=True), "sheet_sizes": SheetSize.choices}


@floor_write("laser.run_start", "laser.run_end")  # its forms post to the API's start and end (the receiver)
@in_shop_zone
@offline_shell
@capability_required(LOG_RUNS)
def phone(request):
    return render(request, "laser/phone.html", _context(request))


@floor_write("laser.run_start", "laser.run_end")
@in_shop_zone
@capability_required(LOG_RUNS)
def phone_runs(request):
    """The jobs and running runs (htmx partial, refreshed after each start/end)."""
    return render(request, "laser/partials/phone_lists.html", _context(request))
