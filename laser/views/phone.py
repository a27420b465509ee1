"""Phone mode: the jobs ready to cut, Start run and End run. Start and end go through the REST endpoints
(``/api/laser/runs/`` and ``runs/end/``) from ``static/laser/phone.js`` via the shared offline queue, so a run
logged without a connection is sent exactly once when the phone is back online."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import render

from portal.access import capability_required
from portal.models import Machine
from portal.offline import offline_shell

from ..apps import LOG_RUNS
from ..materials import SheetSize
from ..models import ExtraOperator, InventoryItem, LaserRun, Preset
from ..services.runs import ready_to_cut
from . import in_shop_zone

JOBS_SHOWN = 30


def laser_machines():
    """The shop's cutting machines: active machines whose type names a laser (set in the admin's machines)."""
    return Machine.objects.filter(active=True, machine_type__icontains="laser").select_related("line")


def _context(request) -> dict:
    jobs = list(ready_to_cut()[:JOBS_SHOWN])
    keys = {(j.material_type, j.thickness_mm) for j in jobs}
    presets: dict = {}
    for preset in Preset.objects.filter(material_type__in={k[0] for k in keys},
                                        thickness_mm__in={k[1] for k in keys}).order_by("version"):
        presets[(preset.material_type, preset.thickness_mm)] = preset  # newest version wins
    items = {(i.material_type, i.thickness_mm, i.sheet_size): i for i in InventoryItem.objects.filter(
        material_type__in={k[0] for k in keys}, thickness_mm__in={k[1] for k in keys})}
    for job in jobs:
        job.preset = presets.get((job.material_type, job.thickness_mm))
        job.stock = items.get((job.material_type, job.thickness_mm, job.sheet_size))
    running = (LaserRun.objects.filter(status=LaserRun.Status.RUNNING)
               .select_related("project", "machine", "operator", "preset")
               .prefetch_related(Prefetch("extra_operators", queryset=ExtraOperator.objects.order_by("name")))
               .order_by("started_at"))
    return {"jobs": jobs, "running": running, "machines": laser_machines(),
            "extra_operators": ExtraOperator.objects.filter(active=True), "sheet_sizes": SheetSize.choices}


@in_shop_zone
@offline_shell
@capability_required(LOG_RUNS)
def phone(request):
    return render(request, "laser/phone.html", _context(request))


@in_shop_zone
@capability_required(LOG_RUNS)
def phone_runs(request):
    """The jobs and running runs (htmx partial, refreshed after each start/end)."""
    return render(request, "laser/partials/phone_lists.html", _context(request))
