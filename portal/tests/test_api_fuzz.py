"""Hostile input against the REST API: schemathesis generates requests from the OpenAPI schema (valid and
invalid) and checks every answer, as a portal admin and as the least-privileged role.

Zero 5xx; every status code, content type and body as the schema documents it. The example count per operation
is bounded (API_FUZZ_EXAMPLES, default 15) so the suite stays fast in CI; raise it for a deeper run.
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "15"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    generated = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(generated, renderer_context={}))


schema = schemathesis.openapi.from_dict(_schema())
schema.app = WSGIHandler()


@pytest.fixture
def in_process_requests():
    # As Django's test client does: keep the test's database connection open across the in-process requests.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# What the least-privileged role (a downtime operator) may get a 2xx from: its own module, its profile, its
# notifications, the plant structure its tablet needs and the API index pages. Anything else must be refused.
LEAST_PRIVILEGED = "DowntimeTracker_User"
# SOP tickets are every department's, as on the pages (scoped to the departments involved: an operator in none
# reads an empty list).
OPERATOR_MAY_READ = ("/api/downtime/", "/api/me/", "/api/notifications/", "/api/portal/", "/api/quality/tickets/")


def _operator_stays_in_bounds(role: str):
    def check(ctx, response, case):
        path = case.operation.path
        index_page = path.count("/") <= 3 and case.method == "GET"  # e.g. /api/erp/ lists endpoint names only
        if role == LEAST_PRIVILEGED and 200 <= response.status_code < 300 and not index_page:
            assert path.startswith(OPERATOR_MAY_READ), f"{role} got {response.status_code} from {case.method} {path}"

    return check


@pytest.fixture(params=["Production_Portal_Admin", LEAST_PRIVILEGED])
def api_user(request, erp_data, plant, in_process_requests):
    from rest_framework.authtoken.models import Token

    from portal.testing.factories import UserFactory

    user = UserFactory(username=f"fuzz_{request.param.lower()}", roles=[request.param])
    return request.param, Token.objects.create(user=user).key


@pytest.mark.django_db(databases=["default", "erp"])
@schema.parametrize()
@hypothesis_settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                     suppress_health_check=list(HealthCheck))
def test_api_answers_as_documented(case, api_user):
    role, token = api_user
    case.call_and_validate(headers={"Authorization": f"Token {token}"}, checks=CHECKS,
                           additional_checks=[_operator_stays_in_bounds(role)])
