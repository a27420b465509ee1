"""Liveness and dependency check for load balancers and monitoring: no login, no secrets in the output."""

import logging

from django.apps import apps
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connections, router
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from portal.odbc import MSSQL_ENGINES

logger = logging.getLogger(__name__)


def _database(alias: str) -> str:
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # noqa: BLE001 - any failure is "down"; the reason goes to the log, not the output
        logger.exception("health check: database %s is down", alias)
        return "down"


def _erp() -> str:
    """The ERP answers and its contract views are readable (an empty SQLite file would pass a bare SELECT 1).

    The model is looked up by name and read where the router sends it: the core imports no module app."""
    part = apps.get_model("erp", "Part")
    alias = router.db_for_read(part)
    if _database(alias) != "ok":
        return "down"
    try:
        part.objects.using(alias).only("pk").first()
        return "ok"
    except Exception:  # noqa: BLE001
        logger.exception("health check: the ERP views cannot be read")
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
    checks = {"portal_db": _database("default"), "erp_db": _erp(), "broker": _broker()}
    healthy = all(v in ("ok", "eager") for v in checks.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", **checks, **_odbc_drivers()},
                        status=200 if healthy else 503)


def _odbc_drivers() -> dict:
    """The ODBC driver each SQL Server connection uses (portal/odbc.py: the first installed of ODBC_DRIVERS), or
    none found; nothing for other databases."""
    used = getattr(settings, "ODBC_DRIVER_IN_USE", {})
    shown = {}
    for alias, key in (("default", "portal_db_driver"), ("erp", "erp_db_driver")):
        if settings.DATABASES[alias]["ENGINE"] in MSSQL_ENGINES:
            shown[key] = used.get(alias) or f"none of {', '.join(settings.ODBC_DRIVERS)} is installed"
    return shown
