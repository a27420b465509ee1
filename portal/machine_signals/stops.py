"""Detected stops into downtime: each pending ``DetectedStop`` (not a micro-stop, no event yet) is handed to the
writer named by ``settings.MACHINE_SIGNAL_STOP_WRITER`` (the downtime app's, which records it through its own
write service and the floor-write receiver). The writer is idempotent per detected stop, so a crash between its
write and the mark here only makes the next run find the event already recorded.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from portal.commands import Refused
from portal.models import DetectedStop

log = logging.getLogger(__name__)


def pending():
    return DetectedStop.objects.filter(micro=False, event_id__isnull=True, error="").order_by("start", "pk")


def publish(limit: int = 200) -> int:
    """Record up to ``limit`` pending stops as downtime events; returns how many were recorded. A stop the
    downtime rules refuse keeps the refusal's sentence (shown in the admin) and is not tried again."""
    writer = import_string(settings.MACHINE_SIGNAL_STOP_WRITER)
    done = 0
    for stop in pending().select_related("machine__line__facility")[:limit]:
        try:
            event_id = writer(stop)
        except Refused as refused:
            log.warning("machine stop %s not recorded: %s", stop, refused.message)
            DetectedStop.objects.filter(pk=stop.pk).update(error=refused.message[:500])
            continue
        DetectedStop.objects.filter(pk=stop.pk).update(event_id=event_id)
        done += 1
    return done
