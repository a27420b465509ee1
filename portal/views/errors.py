"""Friendly error pages (no stack traces to users); templates in templates/errors/.

Under ``/api/`` the same errors answer in JSON (``{"detail": ...}``), as the REST endpoints themselves do, so an
API client never has to parse an HTML page (the OpenAPI schema documents these bodies).
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

RETRY_AFTER_SECONDS = "5"


def _api(request) -> bool:
    return getattr(request, "path", "").startswith("/api/")


def permission_denied(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": _("You do not have permission to perform this action."),
                             "code": "permission_denied"}, status=403)
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": _("Not found."), "code": "not_found"}, status=404)
    return render(request, "errors/404.html", status=404)


def _database_unreachable() -> bool:
    """The error being handled is a lost or refused database connection (a restart, a failover), not a bug."""
    from django.db import connections

    erp_failed = getattr(connections["erp"], "errors_occurred", False)  # the ERP has its own 503 page
    return isinstance(sys.exc_info()[1], OperationalError | InterfaceError) and not erp_failed


def server_error(request):
    from django.http import HttpResponse, HttpResponseServerError
    from django.template import loader

    if _database_unreachable():
        # Transient: the next request opens a new connection (CONN_HEALTH_CHECKS), so tell clients to retry.
        if _api(request):
            return JsonResponse({"detail": "The database is unavailable for a moment; try again in a few seconds."},
                                status=503, headers={"Retry-After": RETRY_AFTER_SECONDS})
        page = loader.get_template("errors/database_unavailable.html").render()
        return HttpResponse(page, status=503, headers={"Retry-After": RETRY_AFTER_SECONDS})
    if _api(request):
        return JsonResponse({"detail": "Server error. The request id in the X-Request-ID header helps support."},
                            status=500)
    # No context processors that could fail again: a plain render of a static page.
    return HttpResponseServerError(loader.get_template("errors/500.html").render())
