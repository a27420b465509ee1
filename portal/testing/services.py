"""Real servers on loopback for the tests: Redis, a Celery worker, PostgreSQL, Mosquitto (MQTT).

Each fixture is session-scoped and starts its server on a free port in its own temporary directory, so
pytest-xdist workers never share one. A missing binary fails the test with the package to install
(``bin/setup --test`` installs them all); it never skips, so CI cannot go green without the real servers.

Also usable outside pytest (``bin/test`` starts the PostgreSQL the second run of the suite uses)::

    python -m portal.testing.services postgres-start      # prints "<dir> <port>"
    python -m portal.testing.services postgres-stop <dir>
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent.parent
START_TIMEOUT = 30  # seconds; a server that is not up by then has a problem worth reading the log for


class ServiceError(RuntimeError):
    """A test server could not be started; the message says why and what to install."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now (the caller retries if it loses the race)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def require_binary(name: str, package: str, candidates: tuple[str, ...] = ()) -> str:
    found = shutil.which(name) or next((c for c in candidates if os.access(c, os.X_OK)), None)
    if not found:
        raise ServiceError(f"{name} not found: install the Debian package {package} (bin/setup --test does)")
    return found


def _log_tail(path: Path, lines: int = 25) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --- Redis ------------------------------------------------------------------------------------------------------
@dataclass
class RedisServer:
    port: int
    process: subprocess.Popen
    directory: Path

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_redis(directory: Path) -> RedisServer:
    """redis-server on loopback, nothing persisted; returns once it answers PING."""
    import redis

    binary = require_binary("redis-server", "redis-server")
    for _attempt in range(3):
        port = free_port()
        log = directory / f"redis-{port}.log"
        cmd = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no"]
        cmd += ["--dir", str(directory), "--logfile", str(log)]
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        server = RedisServer(port, process, directory)
        client = redis.Redis(port=port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + START_TIMEOUT
        while process.poll() is None and time.monotonic() < deadline:
            try:
                client.ping()
                return server
            except redis.ConnectionError:
                time.sleep(0.05)
        server.stop()
        if "Address already in use" not in _log_tail(log):
            raise ServiceError(f"redis-server did not start on port {port}:\n{_log_tail(log)}")
    raise ServiceError("redis-server: no free port after 3 attempts")


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    """A throwaway Redis for the session: ``redis_server.url``."""
    try:
        server = start_redis(tmp_path_factory.mktemp("redis"))
    except ServiceError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


# --- Celery worker ----------------------------------------------------------------------------------------------
@dataclass
class CeleryWorker:
    nodename: str  # what ``self.request.hostname`` is inside a task this worker runs
    broker_url: str
    process: subprocess.Popen
    log: Path


def _celery_module(env: dict[str, str]) -> str:
    """``celery``, or the same command with its clock moved when ``PORTAL_CLOCK_OFFSET`` is set (shifted_clock.py)."""
    return "portal.testing.shifted_clock" if env.get("PORTAL_CLOCK_OFFSET") else "celery"


def start_celery_worker(broker_url: str, directory: Path, extra_env: dict[str, str] | None = None) -> CeleryWorker:
    """``celery -A portal worker --pool=solo`` in a subprocess, consuming from ``broker_url``.

    Limitation: the worker is another process with the test settings, so its database is its own empty
    in-memory SQLite, not the test database. Tasks run through it must not need portal rows (``portal.tasks.ping``),
    unless ``extra_env`` points it at a database the test shares on purpose (e.g. ``TEST_DATABASE_URL`` of the
    PostgreSQL test database in a ``transaction=True`` test: laser/tests/test_worker.py).
    """
    from celery import Celery

    nodename = f"portal-test-{os.getpid()}@{socket.gethostname()}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.test",
        "REDIS_URL": broker_url,
        # Celery reads these two before any setting, so the test settings' in-memory broker is overridden.
        "CELERY_BROKER_URL": broker_url,
        "CELERY_RESULT_BACKEND": broker_url,
    }
    for name in ("TEST_DATABASE_URL", "TEST_ERP_DATABASE_URL"):  # never let it near a shared database
        env.pop(name, None)
    env.update(extra_env or {})
    log = directory / "celery-worker.log"
    cmd = [sys.executable, "-m", _celery_module(env), "-A", "portal", "worker", "--pool=solo", "--loglevel=INFO"]
    cmd += ["-n", nodename, "--without-mingle", "--without-gossip", "--without-heartbeat"]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)
    worker = CeleryWorker(nodename, broker_url, process, log)
    # Not the current app: shared tasks (portal.tasks.ping) must keep resolving to the portal's app.
    probe = Celery("portal-test-probe", broker=broker_url, set_as_current=False)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise ServiceError(f"celery worker exited with {process.returncode}:\n{_log_tail(log)}")
            if probe.control.ping(destination=[nodename], timeout=0.5):
                return worker
        stop_celery_worker(worker)
        raise ServiceError(f"celery worker did not answer a ping within {START_TIMEOUT}s:\n{_log_tail(log)}")
    finally:
        probe.close()


def start_celery_beat(broker_url: str, directory: Path, extra_env: dict[str, str] | None = None
                      ) -> subprocess.Popen:
    """``celery -A portal beat`` in a subprocess: the schedule in the database its ``extra_env`` points at (as
    ``start_celery_worker``), looked at every second; ``PORTAL_CLOCK_OFFSET`` in ``extra_env`` moves its clock.
    Stop it with ``terminate()``."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test", "REDIS_URL": broker_url,
           "CELERY_BROKER_URL": broker_url, "CELERY_RESULT_BACKEND": broker_url,
           "CELERY_TASK_ALWAYS_EAGER": "false"}  # beat sends to the worker, never runs a task itself
    for name in ("TEST_DATABASE_URL", "TEST_ERP_DATABASE_URL"):
        env.pop(name, None)
    env.update(extra_env or {})
    log = directory / "celery-beat.log"
    cmd = [sys.executable, "-m", _celery_module(env), "-A", "portal", "beat", "--loglevel=INFO", "--max-interval", "1",
           "--pidfile", str(directory / "beat.pid")]
    with log.open("wb") as out:
        return subprocess.Popen(cmd, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT)


def stop_celery_worker(worker: CeleryWorker) -> None:
    if worker.process.poll() is None:
        worker.process.terminate()  # warm shutdown: finishes the current task
        try:
            worker.process.wait(15)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait()


@pytest.fixture(scope="session")
def celery_worker_process(redis_server, tmp_path_factory) -> Iterator[CeleryWorker]:
    """A real Celery worker against ``redis_server``. See ``start_celery_worker`` for what it cannot see."""
    try:
        worker = start_celery_worker(redis_server.url, tmp_path_factory.mktemp("celery"))
    except ServiceError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield worker
    stop_celery_worker(worker)


def _drop_celery_connections(app) -> None:
    """Forget cached broker/result connections so the next call uses the current configuration."""
    app._pool = None  # not closed: kombu keeps pools per URL globally and would hand back a closed one
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    app._backend_cache = None
    app._local.__dict__.pop("backend", None)


@contextlib.contextmanager
def celery_app_using_broker(url: str) -> Iterator:
    """The portal's Celery app sending to ``url`` instead of running tasks eagerly, restored afterwards."""
    from portal.celery import app

    changed = {"broker_url": url, "result_backend": url, "task_always_eager": False}
    saved = {key: app.conf[key] for key in changed}
    app.conf.update(changed)
    _drop_celery_connections(app)
    try:
        yield app
    finally:
        app.conf.update(saved)
        _drop_celery_connections(app)


# --- PostgreSQL -------------------------------------------------------------------------------------------------
@dataclass
class PostgresServer:
    directory: Path
    port: int
    user: str = "postgres"

    def url(self, database: str = "postgres") -> str:
        return f"postgres://{self.user}@127.0.0.1:{self.port}/{database}"


def _pg_bindir() -> Path:
    newest = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name))
    pg_ctl = require_binary("pg_ctl", "postgresql", tuple(reversed(newest)))
    return Path(pg_ctl).resolve().parent


def _as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: switch to the postgres account when we are root."""
    if os.geteuid() != 0:
        return cmd
    runuser = require_binary("runuser", "util-linux", ("/usr/sbin/runuser", "/sbin/runuser"))
    return [runuser, "-u", "postgres", "--", *cmd]


def start_postgres() -> PostgresServer:
    """initdb + pg_ctl start in a fresh temporary directory, loopback only, fsync off (throwaway data)."""
    bindir = _pg_bindir()
    root = Path(tempfile.mkdtemp(prefix="portal-pg-"))
    if os.geteuid() == 0:
        try:
            account = pwd.getpwnam("postgres")
        except KeyError as exc:
            shutil.rmtree(root, ignore_errors=True)
            raise ServiceError("no 'postgres' account: install the Debian package postgresql") from exc
        os.chown(root, account.pw_uid, account.pw_gid)
    data = root / "data"
    initdb = _as_postgres([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"])
    initdb += ["-E", "UTF8", "--no-locale", "--no-sync"]
    done = subprocess.run(initdb, capture_output=True, text=True)
    if done.returncode:
        shutil.rmtree(root, ignore_errors=True)
        raise ServiceError(f"initdb failed:\n{done.stdout}{done.stderr}")
    for _attempt in range(3):
        port = free_port()
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
        options += " -c full_page_writes=off -c max_connections=50"
        log = root / "server.log"
        start = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "30", "start"]
        if subprocess.run(_as_postgres(start), capture_output=True).returncode == 0:
            (root / "port").write_text(str(port))
            return PostgresServer(root, port)
        if "already in use" not in _log_tail(log):
            tail = _log_tail(log)
            shutil.rmtree(root, ignore_errors=True)
            raise ServiceError(f"PostgreSQL did not start on port {port}:\n{tail}")
    shutil.rmtree(root, ignore_errors=True)
    raise ServiceError("PostgreSQL: no free port after 3 attempts")


def stop_postgres(directory: Path) -> None:
    directory = Path(directory)
    if (directory / "data" / "postmaster.pid").exists():
        stop = [str(_pg_bindir() / "pg_ctl"), "-D", str(directory / "data"), "-m", "immediate", "-w", "stop"]
        subprocess.run(_as_postgres(stop), capture_output=True)
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """A throwaway PostgreSQL cluster (superuser ``postgres``, trust auth on 127.0.0.1)."""
    try:
        server = start_postgres()
    except ServiceError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    stop_postgres(server.directory)


# --- Mosquitto (MQTT broker of the machine signals) ------------------------------------------------------------
@dataclass
class MosquittoBroker:
    """A throwaway Mosquitto on loopback that keeps sessions and queued messages on disk, so ``restart()`` on the
    same port is a broker restart the listener must survive (docs/machine-signals.md)."""

    port: int
    directory: Path
    process: subprocess.Popen | None = None

    @property
    def log(self) -> Path:
        return self.directory / "mosquitto.log"

    def _config(self) -> Path:
        config = self.directory / "mosquitto.conf"
        config.write_text(
            # as root, mosquitto would switch to its own account and could not write in the test's directory
            f"user {pwd.getpwuid(os.geteuid()).pw_name}\n"
            f"listener {self.port} 127.0.0.1\nallow_anonymous true\npersistence true\n"
            f"persistence_location {self.directory}/\nautosave_interval 1\nmax_queued_messages 1000000\n"
            f"max_inflight_messages 1000\nlog_dest file {self.log}\nlog_type error\nlog_type warning\n")
        return config

    def start(self) -> None:
        binary = require_binary("mosquitto", "mosquitto", ("/usr/sbin/mosquitto",))
        self.process = subprocess.Popen([binary, "-c", str(self._config())], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServiceError(f"mosquitto exited with {self.process.returncode}:\n{_log_tail(self.log)}")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return
            time.sleep(0.05)
        self.stop()
        raise ServiceError(f"mosquitto did not listen on port {self.port}:\n{_log_tail(self.log)}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # saves the sessions and queued messages before it exits
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()


def mosquitto_available() -> bool:
    return bool(shutil.which("mosquitto") or os.access("/usr/sbin/mosquitto", os.X_OK))


def start_mosquitto(directory: Path) -> MosquittoBroker:
    for _attempt in range(3):
        broker = MosquittoBroker(free_port(), directory)
        try:
            broker.start()
            return broker
        except ServiceError:
            if "Address already in use" not in _log_tail(broker.log):
                raise
    raise ServiceError("mosquitto: no free port after 3 attempts")


@pytest.fixture
def mosquitto_broker(tmp_path) -> Iterator[MosquittoBroker]:
    """A fresh Mosquitto per test (its sessions and queue are part of what the test checks). Skipped, saying so,
    only where the mosquitto binary is missing; bin/setup --test installs it, so CI runs these tests."""
    if not mosquitto_available():
        pytest.skip("mosquitto is not installed (Debian package mosquitto; bin/setup --test installs it)")
    try:
        broker = start_mosquitto(tmp_path)
    except ServiceError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield broker
    broker.stop()


# --- bin/test's verdict -----------------------------------------------------------------------------------------
def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Show the gates bin/test ran before this pytest run, just above pytest's own summary line.

    bin/test passes them in PORTAL_TEST_GATES ("name=ok;name=FAILED"); printed here so the run's output still
    ends with pytest's summary line, which is the verdict of this last step.
    """
    gates = os.environ.get("PORTAL_TEST_GATES", "")
    if not gates or hasattr(config, "workerinput"):
        return
    results = [gate.rsplit("=", 1) for gate in gates.split(";") if "=" in gate]
    terminalreporter.section("bin/test: earlier steps")
    for name, outcome in results:
        terminalreporter.write_line(f"  {outcome:<7} {name}", red=outcome != "ok", green=outcome == "ok")
    failed = [name.split(" (")[0] for name, outcome in results if outcome != "ok"]
    if failed:
        terminalreporter.write_line(f"bin/test will FAIL: {', '.join(failed)}", red=True, bold=True)
    else:
        terminalreporter.write_line("All earlier steps passed; this run's result is the line below.", green=True)


def main(argv: list[str]) -> int:
    if argv[:1] == ["postgres-start"]:
        try:
            server = start_postgres()
        except ServiceError as exc:
            print(exc, file=sys.stderr)
            return 1
        print(server.directory, server.port)
        return 0
    if argv[:1] == ["postgres-stop"] and len(argv) == 2:
        stop_postgres(Path(argv[1]))
        return 0
    print("usage: python -m portal.testing.services postgres-start | postgres-stop DIR", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
