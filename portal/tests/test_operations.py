"""Operations: request ids in responses and logs, JSON logs, the protected Prometheus endpoint, formula-safe
exports."""

import io
import json
import logging

import pytest
from django.test import RequestFactory
from openpyxl import load_workbook

from portal.observability.requestid import RequestIdFilter, RequestIdMiddleware, current_request_id
from portal.testing.factories import FacilityFactory, ProductionLineFactory


@pytest.mark.django_db
def test_every_response_carries_a_request_id_and_a_valid_incoming_one_is_kept(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    assert client.get("/healthz", HTTP_X_REQUEST_ID="lb-1234abcd")["X-Request-ID"] == "lb-1234abcd"
    # Anything else from outside (log injection, huge values) is replaced, not echoed.
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\n{\"level\":\"CRITICAL\"}")["X-Request-ID"]
    assert "\n" not in forged and len(forged) == 32


@pytest.mark.django_db
def test_json_log_lines_carry_the_request_id_of_the_request_being_served():
    from pythonjsonlogger.json import JsonFormatter

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
                                       rename_fields={"levelname": "level"}))
    logger = logging.getLogger("portal.test.json")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        def view(request):
            logger.warning("line stopped", extra={"line": "L1"})
            from django.http import HttpResponse

            return HttpResponse("ok")

        RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID="req-00000042"))
        logger.warning("still serving: Django logs the response after the middleware returned")
        from django.core.signals import request_finished

        request_finished.send(sender=None)  # the response was closed
        logger.warning("outside a request")
    finally:
        logger.removeHandler(handler)
    first, after, outside = (json.loads(line) for line in stream.getvalue().splitlines())
    assert first["request_id"] == "req-00000042" and first["level"] == "WARNING" and first["line"] == "L1"
    assert after["request_id"] == "req-00000042"
    assert outside["request_id"] == "-"
    assert current_request_id() == "-"


@pytest.mark.django_db
def test_metrics_are_hidden_from_anonymous_users_and_other_roles(client, role_user, settings):
    settings.METRICS_TOKEN = "scrape-token-for-tests-only"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404
    client.force_login(role_user("Scheduling_User"))
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_metrics_answer_the_scraper_token_and_portal_admins(client, role_user, settings):
    from portal.tasks import ping

    settings.METRICS_TOKEN = "scrape-token-for-tests-only"
    ping.delay()  # an (eager) task run is counted
    body = client.get("/metrics", HTTP_AUTHORIZATION="Bearer scrape-token-for-tests-only").content.decode()
    assert "django_http_requests_latency_seconds_by_view_method" in body
    assert 'portal_task_runs_total{outcome="success",task="portal.tasks.ping"}' in body
    assert "portal_mrp_run_seconds_bucket" in body
    client.force_login(role_user("Production_Portal_Admin"))
    assert client.get("/metrics").status_code == 200


@pytest.mark.django_db
def test_metrics_without_a_token_configured_refuse_any_bearer(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 404


FORMULAE = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)"]


@pytest.mark.django_db
@pytest.mark.urls("portal.tests.list_urls")
def test_excel_exports_write_formula_like_text_as_text(client, role_user):
    facility = FacilityFactory(code="F", name="F")
    for index, text in enumerate(FORMULAE):
        ProductionLineFactory(facility=facility, code=f"X{index}", name=text)
    client.force_login(role_user("Scheduling_User"))
    response = client.get("/lines/", {"sort": "code", "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    names = {row[1].value: row[1].data_type for row in sheet.iter_rows(min_row=2)}
    assert set(names) == set(FORMULAE)
    assert set(names.values()) == {"s"}  # strings, never formulas ("f")


def test_admin_csv_and_excel_exports_keep_formula_like_text_as_text():
    import csv

    import tablib
    from django.contrib import admin

    from portal.imports.formats import SafeCSV, SafeXLSX
    from portal.models import LoginEvent

    assert admin.site._registry[LoginEvent].get_export_formats() == [SafeCSV, SafeXLSX]
    dataset = tablib.Dataset(*[(text, "-5", 3) for text in FORMULAE], headers=["name", "qty", "n"])
    rows = list(csv.reader(io.StringIO(SafeCSV().export_data(dataset))))
    assert [r[0] for r in rows[1:]] == ["'" + text for text in FORMULAE]
    assert {r[1] for r in rows[1:]} == {"-5"}  # a plain number stays a number
    sheet = load_workbook(io.BytesIO(SafeXLSX().export_data(dataset))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert [c.value for c in cells] == FORMULAE and {c.data_type for c in cells} == {"s"}
