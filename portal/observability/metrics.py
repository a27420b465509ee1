"""Prometheus metrics of the portal (django-prometheus adds request latency, responses and database metrics).

``/metrics`` is not public: it answers a scraper that sends ``Authorization: Bearer <METRICS_TOKEN>``, or a
signed-in user holding ``portal.view_metrics``; anyone else gets 404 (not even a login prompt).
"""

from __future__ import annotations

import hmac
import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from prometheus_client import REGISTRY as DEFAULT_REGISTRY

from portal.roles import VIEW_METRICS

logger = logging.getLogger(__name__)

TASK_RUNS = Counter("portal_task_runs_total", "Celery tasks finished, by task and outcome.", ["task", "outcome"])
TASK_SECONDS = Histogram("portal_task_seconds", "Duration of Celery tasks.", ["task"],
                         buckets=(0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 300))
MRP_RUN_SECONDS = Histogram("portal_mrp_run_seconds", "Wall time of a full MRP refresh.",
                            buckets=(0.5, 1, 2, 3, 5, 8, 13, 20, 40, 90))
QUEUE_LENGTH = Gauge("portal_celery_queue_length", "Messages waiting in the Celery broker queue.", ["queue"])


def _queue_length(queue: str = "celery") -> float | None:
    if not settings.REDIS_URL:
        return None
    try:
        import redis

        client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
        return float(client.llen(queue))
    except Exception:  # noqa: BLE001 - a broker outage must not break the scrape
        logger.warning("metrics: the broker queue length could not be read")
        return None


def _authorised(request) -> bool:
    token = settings.METRICS_TOKEN
    header = request.META.get("HTTP_AUTHORIZATION", "")
    if token and header.startswith("Bearer ") and hmac.compare_digest(header[7:].encode(), token.encode()):
        return True
    return request.user.is_authenticated and request.user.has_perm(VIEW_METRICS)


@never_cache
@login_not_required
def metrics(request):
    if not _authorised(request):
        raise Http404
    length = _queue_length()
    if length is not None:
        QUEUE_LENGTH.labels("celery").set(length)
    return HttpResponse(generate_latest(DEFAULT_REGISTRY), content_type=CONTENT_TYPE_LATEST)


metrics.open_to_all_users = True  # the URL walk: guarded by its own token/permission check above


def connect_celery_signals() -> None:
    import time

    from celery.signals import task_postrun, task_prerun

    started: dict[str, float] = {}

    def _prerun(task_id=None, **kwargs):
        started[task_id] = time.monotonic()

    def _postrun(task_id=None, task=None, state=None, **kwargs):
        name = getattr(task, "name", "unknown")
        begun = started.pop(task_id, None)
        if begun is not None:
            TASK_SECONDS.labels(name).observe(time.monotonic() - begun)
        TASK_RUNS.labels(name, (state or "unknown").lower()).inc()  # success, failure, retry

    task_prerun.connect(_prerun, weak=False, dispatch_uid="portal.metrics.prerun")
    task_postrun.connect(_postrun, weak=False, dispatch_uid="portal.metrics.postrun")
