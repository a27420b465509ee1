"""Liveness and dependency check for load balancers and monitoring: no login, no secrets in the output."""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _database(alias: str) -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any failure is "down"; the reason goes to the log, not the output
        return "down"


def _broker() -> str:
    if not settings.REDIS_URL:
        return "eager"  # no broker configured: tasks run in-process
    try:
        import redis

        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
        return "ok"
    except Exception:  # noqa: BLE001
        return "down"


@never_cache
@login_not_required
def healthz(request):
    checks = {"portal_db": _database("default"), "erp_db": _database("erp"), "broker": _broker()}
    healthy = all(v in ("ok", "eager") for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", **checks}, status=200 if healthy else 503)
