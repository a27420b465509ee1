"""A request id for every request: taken from the proxy's ``X-Request-ID`` (when well-formed) or made here,
returned in the response header and attached to every log record written while the request is served, and to
the Celery tasks it queues (so a task's log lines carry the id of the request that caused them)."""

from __future__ import annotations

import contextlib
import contextvars
import logging
import re
import uuid

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")  # anything else from outside is replaced, never logged as-is


def current_request_id() -> str:
    return request_id_var.get()


class RequestIdMiddleware:
    header = "HTTP_X_REQUEST_ID"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get(self.header, "")
        request_id = incoming if _VALID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset when the middleware returns: Django logs the response ("django.request") after that; the
        # request_finished signal puts "-" back once the response is done.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request or task)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


def _request_done(**kwargs) -> None:
    request_id_var.set("-")


def connect_celery_signals() -> None:
    from django.core.signals import request_finished

    request_finished.connect(_request_done, weak=False, dispatch_uid="portal.request_id.finished")
    """Carry the request id into tasks: a header when queued, the context variable while the task runs."""
    from celery.signals import before_task_publish, task_postrun, task_prerun

    def _publish(headers=None, **kwargs):
        if headers is not None and "request_id" not in headers:
            headers["request_id"] = request_id_var.get()

    def _prerun(task=None, **kwargs):
        request_id = getattr(task.request, "request_id", None) if task is not None else None
        task.request.request_id_token = request_id_var.set(request_id or f"task-{uuid.uuid4().hex[:12]}")

    def _postrun(task=None, **kwargs):
        token = getattr(task.request, "request_id_token", None) if task is not None else None
        if token is not None:
            with contextlib.suppress(ValueError):  # set in another context (eager tasks nest): nothing to restore
                request_id_var.reset(token)

    before_task_publish.connect(_publish, weak=False, dispatch_uid="portal.request_id.publish")
    task_prerun.connect(_prerun, weak=False, dispatch_uid="portal.request_id.prerun")
    task_postrun.connect(_postrun, weak=False, dispatch_uid="portal.request_id.postrun")
