"""Queue background work so that nothing is lost when Redis (the broker) is down.

Every module sends its Celery tasks through :func:`enqueue`, never ``task.delay()`` directly::

    from portal.queue import enqueue
    enqueue(run_mrp, run.pk)

The task is sent after the current transaction commits (so the worker finds the rows it is given), with a short
broker timeout; if the broker cannot take it, the task is kept in ``portal.OutboxTask`` and the request goes on.
:func:`flush_outbox` sends the kept tasks once the broker answers again: when a worker starts (``worker_ready``)
and every minute from beat. Tasks take primary keys and are idempotent, so a task sent twice does no harm.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction

logger = logging.getLogger(__name__)


def _send(task_name: str, args: list, kwargs: dict) -> None:
    from celery import current_app

    if current_app.conf.task_always_eager:  # no broker configured (demo, tests): run it here and now
        if task_name not in current_app.tasks:  # sent by name: the app's tasks modules, discovered on first use
            current_app.loader.import_default_modules()
        current_app.tasks[task_name].apply(args=args, kwargs=kwargs, throw=True)
        return
    # retry=False: a down broker fails at once instead of holding the request for kombu's retry schedule;
    # ignore_result: the portal reads outcomes from its own rows, and a down result store must not block either.
    current_app.send_task(task_name, args=args, kwargs=kwargs, retry=False, ignore_result=True)


def send_now(task: Any, *args: Any, **kwargs: Any) -> None:
    """Hand ``task`` to the broker now (for code already running after commit); the outbox keeps it if the
    broker is down."""
    name = task if isinstance(task, str) else task.name
    try:
        _send(name, list(args), dict(kwargs))
    except Exception as exc:  # noqa: BLE001 - broker errors vary by transport (kombu, redis, socket)
        from celery import current_app

        if current_app.conf.task_always_eager:
            raise  # in-process: the task itself failed, not the broker
        from portal.models import OutboxTask

        OutboxTask.objects.create(task=name, args=list(args), kwargs=dict(kwargs), last_error=str(exc)[:1000])
        logger.warning("broker unavailable: %s kept in the outbox (%s)", name, exc)


def enqueue(task: Any, *args: Any, **kwargs: Any) -> None:
    """Run ``task(*args, **kwargs)`` in the background after the current transaction commits; never lost."""
    transaction.on_commit(lambda: send_now(task, *args, **kwargs))


def broker_reachable(timeout: float = 1.0) -> bool:
    """Whether the broker answers now (True without one: tasks run in-process). Pages waiting on a background
    task say so plainly when it does not, instead of "Waiting" forever."""
    from celery import current_app

    if current_app.conf.task_always_eager:
        return True
    try:
        with current_app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
    except Exception:  # noqa: BLE001 - broker errors vary by transport (kombu, redis, socket)
        return False
    return True


def flush_outbox(limit: int = 500) -> int:
    """Send the tasks kept while the broker was down; returns how many went. Stops at the first failure."""
    from portal.models import OutboxTask

    sent = 0
    for pk in list(OutboxTask.objects.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            row = OutboxTask.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if row is None:  # another flusher has it
                continue
            try:
                _send(row.task, row.args, row.kwargs)
            except Exception as exc:  # noqa: BLE001
                OutboxTask.objects.filter(pk=pk).update(attempts=row.attempts + 1, last_error=str(exc)[:1000])
                logger.warning("outbox: broker still unavailable (%s)", exc)
                return sent
            row.delete()
            sent += 1
    return sent


def connect_worker_signal() -> None:
    from celery.signals import worker_ready

    def _flush(**kwargs) -> None:
        try:
            count = flush_outbox()
        except Exception:  # noqa: BLE001 - the worker must start even if the portal database is not there yet
            logger.exception("outbox: flush at worker start failed")
            return
        if count:
            logger.info("outbox: %s tasks sent at worker start", count)

    worker_ready.connect(_flush, weak=False, dispatch_uid="portal.queue.flush_on_worker_ready")
