"""OpenAPI post-processing: every operation documents the error answers the portal really gives.

Validation errors (400), a missing or wrong token (401), a capability or scope the caller lacks (403), an unknown
object (404) and a state or key conflict (409) answer the portal's one refusal contract (portal/commands.py):
``{"detail": sentence, "code": kind}``, and for 400 also ``{"field": ["message", ...]}``. drf-spectacular documents
only the success codes; clients (and schemathesis in portal/tests/test_api_fuzz.py) rely on the full list.
"""

from __future__ import annotations

ERROR = {"type": "object", "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
         "required": ["detail"]}
VALIDATION = {"type": "object", "additionalProperties": True,
              "properties": {"detail": {"type": "string"}, "code": {"type": "string"}},
              "description": "detail: one sentence; code: invalid; field name (or non_field_errors) -> messages."}
CONFLICT = {"type": "object", "additionalProperties": True,
            "properties": {"detail": {"type": "string"}, "code": {"type": "string"},
                           "needs_confirmation": {"type": "object", "additionalProperties": {"type": "string"}}},
            "required": ["detail"],
            "description": "The record's state refuses the command (code conflict), the idempotency key was used "
                           "for another payload (key_reused), or confirmations are needed (needs_confirmation: "
                           "flag -> question; send again with each flag true)."}
ANSWERS = {
    "400": ("Invalid input: the messages name the fields.", "PortalValidationError"),
    "401": ("Not signed in, or the token is unknown.", "PortalError"),
    "403": ("The caller lacks the capability this endpoint needs.", "PortalError"),
    "404": ("No such object (or not visible to the caller).", "PortalError"),
    "409": ("The record's state or an earlier use of the idempotency key refuses the command.", "PortalConflict"),
    "415": ("The request body is in a media type the endpoint does not read (send JSON).", "PortalError"),
}


TIME = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]+)?)?$"


def _plant_times(node) -> None:
    """Times of day (shift start/end...) are plant wall-clock times with no UTC offset: say so, instead of
    JSON Schema's "time" format, which demands an offset the portal never sends."""
    if isinstance(node, dict):
        if node.get("format") == "time":
            node.pop("format")
            node["pattern"] = TIME
            node.setdefault("description", "Time of day in the facility's time zone, HH:MM[:SS].")
        for value in node.values():
            _plant_times(value)
    elif isinstance(node, list):
        for value in node:
            _plant_times(value)


def add_error_responses(result: dict, generator, request, public) -> dict:
    _plant_times(result.get("components", {}))
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("PortalError", ERROR)
    schemas.setdefault("PortalValidationError", VALIDATION)
    schemas.setdefault("PortalConflict", CONFLICT)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, (description, schema_name) in ANSWERS.items():
                if code == "400" and method == "get" and not operation.get("parameters"):
                    continue  # nothing to validate
                if code == "415" and method in {"get", "delete"}:
                    continue  # no body
                if code == "409" and method == "get":
                    continue  # reads conflict with nothing
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}},
                })
    return result
