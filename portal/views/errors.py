"""Friendly error pages (no stack traces to users); templates in templates/errors/.

Under ``/api/`` the same errors answer in JSON (``{"detail": ...}``), as the REST endpoints themselves do, so an
API client never has to parse an HTML page (the OpenAPI schema documents these bodies).
"""

from django.http import JsonResponse
from django.shortcuts import render


def _api(request) -> bool:
    return getattr(request, "path", "").startswith("/api/")


def permission_denied(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "You do not have permission to perform this action."}, status=403)
    return render(request, "errors/403.html", status=403)


def page_not_found(request, exception=None):
    if _api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return render(request, "errors/404.html", status=404)


def server_error(request):
    if _api(request):
        return JsonResponse({"detail": "Server error. The request id in the X-Request-ID header helps support."},
                            status=500)
    # No context processors that could fail again: a plain render of a static page.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("errors/500.html").render())
