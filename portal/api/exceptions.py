"""The REST API's refusals in the portal's one contract (portal/commands.py): every error answers
``{"detail": sentence, "code": kind}``, a 400 also names its fields (``{"quantity": ["..."], ...}``).

A floor service's ``Refused`` keeps its status (400/403/404/409); a Django ``ValidationError`` that reaches the
view is a 400 with its fields; DRF's own errors get the sentence they lacked. A missing or unknown token answers
401 with ``WWW-Authenticate`` (TokenAuthentication is the first authentication class for that reason).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from portal.commands import Refused


def _messages(value) -> list[str]:
    if isinstance(value, dict):
        return [m for v in value.values() for m in _messages(v)]
    if isinstance(value, list | tuple):
        return [m for v in value for m in _messages(v)]
    return [str(value)]


def portal_exception_handler(exc, context):
    if isinstance(exc, Refused):
        return Response(exc.body(), status=exc.status)
    if isinstance(exc, DjangoValidationError):
        return Response(Refused.from_validation_error(exc).body(), status=400)
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        fields = data if isinstance(data, dict) else {"non_field_errors": data}
        detail = " ".join(_messages(fields)) or _("The input is not valid.")
        response.data = {**fields, "detail": fields.get("detail", detail) if isinstance(fields.get("detail"), str)
                         else detail, "code": "invalid"}
    elif isinstance(data, dict):
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        response.data = {**data, "code": codes if isinstance(codes, str) else "error"}
    return response
