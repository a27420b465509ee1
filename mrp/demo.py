"""The demo's first MRP run (a demo step, see MrpConfig.demo_steps): the MRP pages read a stored run; later ones
come from Refresh and the schedule. Runs after the other steps have committed."""

from __future__ import annotations

import logging

from .models import MrpRun
from .services import execute_run, request_run

logger = logging.getLogger(__name__)


def first_run() -> None:
    if MrpRun.objects.filter(status=MrpRun.Status.DONE).exists():
        return
    run, created = request_run(trigger=MrpRun.Trigger.COMMAND)
    if created:
        run = execute_run(run)
        logger.info("MRP: first run %s (%s lines)", run.get_status_display().lower(), run.sizes.get("lines", 0))
