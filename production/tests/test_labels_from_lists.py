"""Labels from a list: the 'Print labels' admin actions (machines, production orders: the checked rows) and the
'Print labels' buttons of portal lists (ERP open jobs, production balance report: the filtered rows) open the labels
page with the codes filled in (the user still picks size and copies), capped at MAX_LABELS with a message, for users
who may print labels (and read the list)."""

import datetime as dt
import io
import re
from decimal import Decimal as D
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from pypdf import PdfReader

from erp.models import Job, Part
from portal.labels import actions, services
from portal.labels.services import MAX_LABELS
from portal.models import Machine
from portal.testing.factories import MachineFactory
from production.models import Movement, ProductionOrder

pytestmark = pytest.mark.django_db


def test_print_labels_action_prefills_the_labels_page_with_the_selected_machines(admin_client_portal, plant):
    line = plant["lines"][0]
    press = Machine.objects.create(line=line, code="PR-1", name="Press 1")
    welder = Machine.objects.create(line=line, code="WL-2", name="Welder 2")
    Machine.objects.create(line=line, code="XX-9", name="Not selected")
    response = admin_client_portal.post("/admin/portal/machine/", {
        "action": "print_labels", "_selected_action": [press.pk, welder.pk]})
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.path == "/labels/"
    assert parse_qs(url.query) == {"kind": ["machine"], "codes": ["PR-1\nWL-2"]}
    page = admin_client_portal.get(response["Location"]).content.decode()
    assert "PR-1\nWL-2" in page and "XX-9" not in page
    pdf = admin_client_portal.post("/labels/", {"kind": "machine", "codes": "PR-1\nWL-2", "size": "4x6",
                                                           "copies": 1})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_more_codes_than_a_print_run_are_cut_with_a_message(rf, monkeypatch):
    from django.contrib.messages.storage.fallback import FallbackStorage

    monkeypatch.setattr(actions, "MAX_LABELS", 3)
    request = rf.get("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    response = actions.labels_redirect(request, "job", ["j1", "J1", "j2", "j3", "j4", "j5"])
    assert parse_qs(urlsplit(response["Location"]).query)["codes"] == ["J1\nJ2\nJ3"]
    assert [str(m) for m in request._messages] == ["5 codes selected: only the first 3 are on the labels page."]
    assert services.MAX_LABELS == 500


@pytest.mark.django_db(databases=["default", "erp"])
def test_print_labels_of_the_open_jobs_list_takes_its_filtered_jobs(admin_client_portal, erp_data):
    from erp.services.jobs import open_jobs

    page = admin_client_portal.get("/erp/jobs/").content.decode()
    assert "/labels/erp-jobs/?" in page
    response = admin_client_portal.get("/labels/erp-jobs/")
    assert response.status_code == 302
    query = parse_qs(urlsplit(response["Location"]).query)
    expected = sorted(open_jobs().values_list("job_number", flat=True))[:services.MAX_LABELS]
    assert query["kind"] == ["job"] and query["codes"][0].split("\n") == [j.upper() for j in expected]
# --- orders (admin), ERP open jobs and the balance report (filtered lists); the PDF read back with pypdf ----------

CODE = re.compile(r"\b(?:PO|M|J)-\d+\b")


def printed_codes(client, response) -> list[str]:
    """Follow "Print labels" to the prefilled labels page, print it as a user would, read the codes in the PDF."""
    page = client.get(response["Location"]) if response.status_code == 302 else response
    assert page.status_code == 200, page.status_code
    form = page.context["form"]
    pdf = client.post("/labels/", {"kind": form.initial["kind"], "codes": form.initial["codes"],
                                              "size": "2x1", "copies": 1})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf", pdf.content[:300]
    return [code for p in PdfReader(io.BytesIO(pdf.content)).pages for code in CODE.findall(p.extract_text())]


def run_action(client, url: str, pks):
    return client.post(url, {"action": "print_labels", ACTION_CHECKBOX_NAME: [str(pk) for pk in pks]})


@pytest.fixture
def shop_admin(client, shop):
    client.force_login(shop["admin"])
    return client


@pytest.mark.django_db(databases=["default", "erp"])
def test_admin_orders_the_checked_rows_become_exactly_their_labels(shop_admin):
    orders = [ProductionOrder.objects.create(number=f"PO-{n}") for n in range(1, 6)]
    response = run_action(shop_admin, "/admin/production/productionorder/", [orders[4].pk, orders[1].pk,
                                                                             orders[2].pk])
    assert printed_codes(shop_admin, response) == ["PO-2", "PO-3", "PO-5"]  # one label each, nothing else


@pytest.mark.django_db(databases=["default", "erp"])
def test_admin_label_actions_only_for_users_who_may_print_labels(client, role_user, shop):
    machine = MachineFactory(line=shop["assembly"], code="M-9")
    client.force_login(role_user("DowntimeTracker_Admin"))  # edits machines in the admin, prints no labels
    changelist = client.get("/admin/portal/machine/")
    assert changelist.status_code == 200 and b'value="print_labels"' not in changelist.content
    refused = run_action(client, "/admin/portal/machine/", [machine.pk])
    assert "/labels/" not in refused.get("Location", "")


def erp_jobs(erp_rows, numbers, line="L1"):
    if not Part.objects.filter(part_number="FG-9").exists():
        erp_rows(Part, [{"part_number": "FG-9", "description": "Widget", "part_type": "FG", "uom": "EA",
                         "unit_cost": D("1"), "unit_price": D("2"), "business_unit": "X"}])
    erp_rows(Job, [{"job_number": number, "part": "FG-9", "facility": "PLT1", "line_code": line,
                    "created_date": dt.date(2026, 10, 2), "quantity_required": D("10"), "status": "RELEASED"}
                   for number in numbers])


@pytest.mark.django_db(databases=["default", "erp"])
def test_erp_open_jobs_list_prints_its_filtered_rows(shop_admin, erp_rows):
    erp_jobs(erp_rows, ["J-1", "J-2", "J-3"])
    erp_jobs(erp_rows, ["J-7"], line="L9")
    listing = shop_admin.get("/erp/jobs/?line=L1")
    link = re.search(r'id="print-labels" href="([^"]+)"', listing.content.decode()).group(1)
    assert link == "/labels/erp-jobs/?line=L1"
    assert printed_codes(shop_admin, shop_admin.get(link)) == ["J-1", "J-2", "J-3"]


@pytest.mark.django_db(databases=["default", "erp"])
def test_erp_jobs_over_the_cap_are_cut_with_a_message_naming_the_cap_and_the_count(shop_admin, erp_rows):
    erp_jobs(erp_rows, [f"J-{n:04d}" for n in range(MAX_LABELS + 20)])
    page = shop_admin.get("/labels/erp-jobs/", follow=True)
    assert f"{MAX_LABELS + 20} codes selected: only the first {MAX_LABELS} are on" in page.content.decode()
    codes = page.context["form"].initial["codes"].split("\n")
    assert len(codes) == MAX_LABELS and codes[0] == "J-0000" and codes[-1] == f"J-{MAX_LABELS - 1:04d}"


@pytest.mark.django_db(databases=["default", "erp"])
def test_query_count_of_a_list_to_labels_does_not_grow_with_rows(shop_admin, erp_rows,
                                                                 django_assert_max_num_queries):
    erp_jobs(erp_rows, ["J-1"])
    with django_assert_max_num_queries(12) as few:
        shop_admin.get("/labels/erp-jobs/")
    erp_jobs(erp_rows, [f"J-{n}" for n in range(2, MAX_LABELS + 50)])  # over the cap: a count more, no more
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        shop_admin.get("/labels/erp-jobs/")


@pytest.mark.django_db(databases=["default", "erp"])
def test_balance_report_prints_the_orders_of_its_filtered_movements(client, shop):
    for number, line in (("PO-1", shop["assembly"]), ("PO-2", shop["welding"]), ("PO-3", shop["paint"])):
        order = ProductionOrder.objects.create(number=number)
        for _ in range(2):  # two movements of one order: one label
            Movement.objects.create(order=order, line=line, direction="IN", quantity=5, user=shop["admin"])
    client.force_login(shop["operator"])  # sees the Production department's work centers only
    listing = client.get("/production/report/")
    link = re.search(r'id="print-labels" href="([^"]+)"', listing.content.decode()).group(1)
    assert printed_codes(client, client.get(link)) == ["PO-1", "PO-2"]
    assert printed_codes(client, client.get(f"/labels/from/production-orders/?line="
                                            f"{shop['welding'].pk}")) == ["PO-2"]


@pytest.mark.django_db(databases=["default", "erp"])
def test_from_list_needs_both_the_labels_and_the_lists_permission(client, role_user, shop):
    client.force_login(shop["operator"])  # prints labels, but does not read the ERP's job list
    assert client.get("/labels/erp-jobs/").status_code == 403
    client.force_login(role_user("Scheduling_User"))  # reads the job list, prints no labels
    assert client.get("/labels/erp-jobs/").status_code == 403
    assert b'id="print-labels"' not in client.get("/erp/jobs/").content
    client.force_login(role_user("Production_Admin"))
    assert client.get("/labels/from/nothing/").status_code == 404


@pytest.mark.django_db(databases=["default", "erp"])
def test_bookmarked_production_labels_addresses_lead_to_the_labels_page_for_who_may_print(client, role_user, shop):
    client.force_login(shop["operator"])
    moved = client.get("/production/labels/?kind=order&codes=PO-1")
    assert moved.status_code == 301 and moved["Location"] == "/labels/?kind=order&codes=PO-1"
    assert client.get("/production/labels/from/production-orders/")["Location"] == "/labels/from/production-orders/"
    client.force_login(role_user("Scheduling_User"))  # may not print labels: the old address reveals nothing either
    assert client.get("/production/labels/").status_code == 403
