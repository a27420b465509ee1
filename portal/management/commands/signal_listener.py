"""Run the machine-signal listener: subscribe to the MQTT broker (settings MQTT_*) for every enabled signal source
and store what the machines say (docs/machine-signals.md). Run by systemd in production, by bin/demo for the demo.
"""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand

from portal.machine_signals.listener import Listener


class Command(BaseCommand):
    help = "Listen to the machines' MQTT signals and record their states, stops and counts."

    def add_arguments(self, parser):
        parser.add_argument("--host", help="MQTT broker host (default: settings.MQTT_HOST)")
        parser.add_argument("--port", type=int, help="MQTT broker port (default: settings.MQTT_PORT)")
        parser.add_argument("--seconds", type=float, help="stop after this many seconds (tests, benches)")

    def handle(self, *args, host=None, port=None, seconds=None, **options):
        if not logging.getLogger().handlers:
            logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        listener = Listener(host=host, port=port)
        self.stdout.write(f"listening to MQTT {listener.host}:{listener.port} as {listener.client_id}")
        stats = listener.run(seconds=seconds)
        self.stdout.write(f"stopped: {stats.received} messages received, {stats.stored} stored, "
                          f"{stats.duplicates} duplicates skipped, {stats.rejected} unreadable, in {stats.batches} "
                          f"batches with {stats.statements} database writes")
