"""Machine-signal ingestion benchmark (run on demand: ``.venv/bin/python bench/bench_signals.py``).

200 machines x 1 message/s on loopback (issue 36): a real Mosquitto, the ``signal_listener`` command as its own
process (as systemd runs it), one publisher process acting as the PLC gateways (QoS 1). Each message carries a
good-count increment, every 30th a state change. Afterwards:

* lost = published - stored (0 expected), duplicated = counted units - published units (0 expected);
* ingest lag = commit time of the message's row (``received_at``) - the controller's time stamp (``ts``): p50/p99,
  target p99 < 1 s;
* listener CPU (user + system of its process) per 1,000 messages/s;
* database writes per message (batched: a few statements per batch).

Options: --machines N (200), --rate R messages/s per machine (1), --seconds S (600; shorter runs are fine),
--postgres (the portal database on a throwaway PostgreSQL instead of a SQLite file).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = str(ROOT / ".venv" / "bin" / "python")


def _setup_database(url: str, machines: int) -> None:
    os.environ.update({"DJANGO_SETTINGS_MODULE": "portal.settings.base", "DJANGO_DEBUG": "false",
                       "DATABASE_URL": url, "LOG_LEVEL": "WARNING"})
    import django

    django.setup()
    from django.core.management import call_command

    from portal.models import Facility, Machine, ProductionLine, SignalSource

    call_command("migrate", verbosity=0)
    facility, _ = Facility.objects.get_or_create(code="BENCH", defaults={"name": "Bench", "time_zone": "UTC"})
    for n in range(machines):
        line, _ = ProductionLine.objects.get_or_create(facility=facility, code=f"L{n // 10:02d}",
                                                       defaults={"name": f"Line {n // 10}"})
        machine, _ = Machine.objects.get_or_create(line=line, code=f"M{n:03d}", defaults={"name": f"Machine {n}"})
        SignalSource.objects.get_or_create(machine=machine, defaults={"state_topic": f"bench/{machine.code}"})


def publish(port: int, machines: int, rate: float, seconds: float) -> None:
    """The gateways: every machine a message every 1/rate s, spread evenly over each second."""
    import datetime as dt

    from portal.machine_signals.publisher import Publisher

    publisher = Publisher("127.0.0.1", port, "bench-gateway")
    interval = 1 / (machines * rate)
    sent, start = 0, time.monotonic()
    while time.monotonic() - start < seconds:
        machine = sent % machines
        body = {"id": f"{machine}-{sent}", "ts": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
                "good": 1}
        if (sent // machines) % 30 == 0:
            body["state"] = "running" if (sent // machines // 30) % 2 == 0 else "stopped"
        publisher.send(f"bench/M{machine:03d}", body)
        sent += 1
        delay = start + sent * interval - time.monotonic()
        if delay > 0:
            time.sleep(delay)
    publisher.wait_acked(60)
    publisher.close()
    print(json.dumps({"sent": sent}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--machines", type=int, default=200)
    parser.add_argument("--rate", type=float, default=1.0)
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--publish", nargs=3, type=float, help=argparse.SUPPRESS)  # the publisher process
    args = parser.parse_args()
    if args.publish:
        publish(int(args.publish[0]), int(args.publish[1]), args.publish[2], args.seconds)
        return 0

    from portal.testing import services

    workdir = Path(tempfile.mkdtemp(prefix="bench-signals-"))
    postgres = None
    if args.postgres:
        postgres = services.start_postgres()
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(postgres.port), "-U", "postgres", "-c",
                        "CREATE DATABASE portal"], check=True, capture_output=True)
        url = postgres.url("portal")
    else:
        url = f"sqlite:///{workdir / 'portal.sqlite3'}"
    broker = services.start_mosquitto(workdir)
    try:
        _setup_database(url, args.machines)
        env = {**os.environ, "DATABASE_URL": url, "MQTT_PORT": str(broker.port), "DJANGO_DEBUG": "false",
               "DJANGO_SETTINGS_MODULE": "portal.settings.base", "MQTT_CLIENT_ID": "bench-listener"}
        log = (workdir / "listener.log").open("w")
        listener = subprocess.Popen([PY, "manage.py", "signal_listener"], cwd=ROOT, env=env, stdout=log,
                                    stderr=subprocess.STDOUT)
        _wait_subscribed(broker.port)
        cpu_before = _cpu(listener.pid)
        total = args.machines * args.rate
        print(f"publishing {args.machines} machines x {args.rate:g} msg/s = {total:g} msg/s for {args.seconds:g} s "
              f"({'PostgreSQL' if postgres else 'SQLite'})")
        publisher = subprocess.run([PY, __file__, "--seconds", str(args.seconds), "--publish", str(broker.port),
                                    str(args.machines), str(args.rate)], cwd=ROOT, env=env, capture_output=True,
                                   text=True)
        sent = json.loads(publisher.stdout.strip().splitlines()[-1])["sent"]
        from portal.models import SignalMessage

        SignalMessage.objects.filter(message_id__startswith="probe-").delete()
        deadline = time.monotonic() + 120
        while SignalMessage.objects.count() < sent and time.monotonic() < deadline:
            time.sleep(0.5)  # the listener catching up (what it has not stored yet waits at the broker)
        cpu = _cpu(listener.pid) - cpu_before
        listener.terminate()
        listener.wait(30)
        log.close()
        output = (workdir / "listener.log").read_text()

        from django.db import connection
        from django.db.models import Sum

        from portal.models import MachineCount

        connection.close()
        stored = SignalMessage.objects.count()
        units = MachineCount.objects.aggregate(total=Sum("good"))["total"] or 0
        lags = sorted((m.received_at - m.at).total_seconds() for m in SignalMessage.objects.only("at", "received_at"))
        p50, p99 = lags[len(lags) // 2], lags[int(len(lags) * 0.99) - 1]
        last = [line for line in output.splitlines() if line.startswith("stopped:")]
        writes = int(last[0].split(" with ")[1].split()[0]) if last else 0
        print(last[0] if last else output[-2000:])
        print(f"lost:        target 0, got {sent - stored} (sent {sent}, stored {stored})")
        print(f"duplicated:  target 0, got {units - sent} units")
        print(f"ingest lag:  p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms; target p99 < 1000 ms, "
              f"ratio {p99 / 1:.2f}")
        rate = stored / args.seconds
        print(f"listener CPU while publishing: {cpu:.1f} s for {args.seconds:g} s at {rate:.0f} msg/s = "
              f"{cpu / args.seconds / (rate / 1000):.2f} CPU-seconds per second per 1,000 msg/s")
        print(f"database writes per message: {writes / max(stored, 1):.3f} ({writes} statements, batched)")
    finally:
        broker.stop()
        if postgres:
            services.stop_postgres(postgres.directory)
    return 0


def _wait_subscribed(port: int) -> None:
    """Probe messages until the listener stored one: from then on its session holds every message."""
    import datetime as dt

    from portal.machine_signals.publisher import Publisher
    from portal.models import SignalMessage

    probe = Publisher("127.0.0.1", port, "bench-probe")
    for n in range(600):
        probe.send("bench/M000", {"id": f"probe-{n}", "ts": dt.datetime.now(dt.UTC).isoformat(), "state": "running"})
        time.sleep(0.2)
        if SignalMessage.objects.filter(message_id__startswith="probe-").exists():
            break
    probe.close()
    time.sleep(1)


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a running process (/proc/<pid>/stat, fields 14 and 15)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    sys.exit(main())
