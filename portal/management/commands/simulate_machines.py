"""Simulated machines of the demo plant publishing to the MQTT broker (docs/machine-signals.md): realistic cycles,
rejects, micro-stops, jams with fault codes and a break in each shift, so the demo's boards and OEE move live.

    manage.py simulate_machines --configure     give every active machine without one a signal source first
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from portal.machine_signals.publisher import Publisher
from portal.machine_signals.simulator import SimulatedMachine, on_break
from portal.models import Machine, SignalSource

log = logging.getLogger("portal.machine_signals")


def configure() -> int:
    """A signal source for every active machine without one: the line's second machine speaks Sparkplug B (as
    many gateways do), the others plain JSON. Returns how many were created."""
    created = 0
    for machine in Machine.objects.active().filter(signal_source__isnull=True).select_related("line__facility"):
        line, facility = machine.line, machine.line.facility
        sparkplug = machine.code.endswith("-M2")
        topic = (f"spBv1.0/{facility.code}/DDATA/{line.code}/{machine.code}" if sparkplug
                 else f"plant/{facility.code}/{line.code}/{machine.code}")
        SignalSource.objects.create(machine=machine, state_topic=topic,
                                    payload=SignalSource.Payload.SPARKPLUG if sparkplug else SignalSource.Payload.JSON)
        created += 1
    return created


class Command(BaseCommand):
    help = "Publish simulated machine signals (cycles, rejects, micro-stops, jams, breaks) to the MQTT broker."

    def add_arguments(self, parser):
        parser.add_argument("--configure", action="store_true", help="create signal sources for the demo machines")
        parser.add_argument("--seconds", type=float, help="stop after this many seconds")
        parser.add_argument("--host", default=None)
        parser.add_argument("--port", type=int, default=None)

    def handle(self, *args, seconds=None, host=None, port=None, **options):
        if options["configure"]:
            self.stdout.write(f"signal sources created: {configure()}")
        sources = list(SignalSource.objects.filter(enabled=True, machine__active=True)
                       .select_related("machine__line__facility"))
        if not sources:
            self.stdout.write("no signal sources: run with --configure, or add them in the admin")
            return
        shifts = {}
        for source in sources:
            facility = source.machine.line.facility
            if facility.pk not in shifts:
                shifts[facility.pk] = [s.start_time for s in facility.shifts.filter(active=True)]
        machines = [(SimulatedMachine(s.machine_id, s.state_topic, s.payload), s.machine.line.facility)
                    for s in sources]
        publisher = Publisher(host or settings.MQTT_HOST, port or settings.MQTT_PORT, "plant-portal-simulator")
        self.stdout.write(f"simulating {len(machines)} machines on MQTT {host or settings.MQTT_HOST}:"
                          f"{port or settings.MQTT_PORT}")
        ends = time.monotonic() + seconds if seconds else None
        try:
            while ends is None or time.monotonic() < ends:
                now = time.time()
                local_now = timezone.now()
                for sim, facility in machines:
                    pause = on_break(local_now.astimezone(facility.tzinfo), shifts[facility.pk])
                    for topic, body in sim.step(now, pause):
                        publisher.send(topic, body)
                time.sleep(max(0.0, 1 - (time.time() - now)))
        except KeyboardInterrupt:
            pass
        finally:
            publisher.wait_acked(timeout=5)
            publisher.close()
