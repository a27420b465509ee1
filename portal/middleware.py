from django.utils import translation


class UserPreferencesMiddleware:
    """Applies the signed-in user's language from their profile (the profile wins over browser and cookie)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class ErpUnavailableMiddleware:
    """A page or endpoint whose ERP query failed (ERP down, too slow: ERP_STATEMENT_TIMEOUT) answers 503 "ERP
    unavailable" instead of a server error. Pages that do not read the ERP (floor entry...) are unaffected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.db import connections

        connections["erp"].errors_occurred = False  # a flag left by an earlier request must not mislead us
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DatabaseError, connections

        # Django flags the connection whose cursor raised; the exception itself does not name the database.
        if not isinstance(exception, DatabaseError) or not getattr(connections["erp"], "errors_occurred", False):
            return None
        import logging

        logging.getLogger("portal.erp").warning("ERP unavailable on %s: %s", request.path, exception)
        if request.path.startswith("/api/"):
            from django.http import JsonResponse

            return JsonResponse({"detail": "The ERP is unavailable right now; try again in a few minutes."},
                                status=503, headers={"Retry-After": "60"})
        from django.shortcuts import render

        response = render(request, "errors/erp_unavailable.html", status=503)
        response["Retry-After"] = "60"
        return response


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY): the camera for scanning, nothing else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class RefuseNullBytesMiddleware:
    """A NUL character in a query parameter is never a person's input, and PostgreSQL refuses it in any text value
    (a server error wherever a view passes the parameter to a query): answer 400 before any view runs, in the
    API's refusal contract for JSON callers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "")
        if ("%00" in raw or "\x00" in raw) and any(
                "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            from django.utils.translation import gettext as _

            from portal.commands import wants_json

            message = _("A query parameter contains a NUL character.")
            if request.path.startswith("/api/") or wants_json(request):
                from django.http import JsonResponse

                return JsonResponse({"detail": message, "code": "invalid", "non_field_errors": [message]},
                                    status=400)
            from django.http import HttpResponseBadRequest

            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
