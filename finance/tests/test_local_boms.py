"""Local BOMs (products not in the ERP) imported from a file, costed by the same engine, marked local; two BOM
revisions compared; the REST roll-up.

NEW-1 = 2 × SA-1 (scrap 5 %) + 1 × NEW-SUB; NEW-SUB (local) = 4 × LAB (scrap 25 %). With conftest's costs
(SA-1 rolls up to 5.5, LAB 0.1): NEW-SUB = 4 × 1.25 × 0.1 = 0.5; NEW-1 = 2 × 1.05 × 5.5 + 0.5 = 12.05.
"""

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from finance.models import LocalBom, LocalBomLine, ProductCost
from finance.services import costing

pytestmark = pytest.mark.django_db(databases=["default", "erp"])

URL = "/finance/local-boms/import/"
HEADER = "product,description,business_unit,sequence,component,quantity_per,scrap_percent\n"
GOOD = HEADER + ("NEW-1,New bottle kit,Home,10,SA-1,2,5\n"
                 "NEW-SUB,New label set,Home,10,LAB,4,25\n"
                 "NEW-1,New bottle kit,Home,20,NEW-SUB,1,0\n")


def _upload(client, text: str, name="boms.csv"):
    return client.post(URL, {"import_file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")})


def test_import_previews_row_errors_and_writes_nothing_then_imports_all(erp, client_for):
    client = client_for("Finance")
    bad = GOOD + "NEW-2,Other,Home,10,NO-SUCH-PART,1,0\nNEW-3,Other,Home,10,LAB,-1,0\nNEW-4,Other,Home,10,LAB,1,150\n"
    preview = _upload(client, bad)
    problems = {p.row: " ".join(p.messages) for p in preview.context["problems"]}
    assert "NO-SUCH-PART is neither an ERP part nor a local BOM's product." in problems[5]
    assert 6 in problems and 7 in problems and not preview.context["token"]
    assert not LocalBom.objects.exists() and not LocalBomLine.objects.exists()  # the dry run wrote nothing

    preview = _upload(client, GOOD)
    assert preview.context["problems"] == [] and preview.context["token"]
    assert not LocalBom.objects.exists()
    confirmed = client.post(URL, {"token": preview.context["token"], "format": "csv"})
    assert confirmed.status_code == 302
    assert set(LocalBom.objects.values_list("part_number", flat=True)) == {"NEW-1", "NEW-SUB"}
    assert LocalBomLine.objects.count() == 3


def test_a_local_bom_is_costed_by_the_engine_and_marked_local_everywhere(erp, client_for):
    new = LocalBom.objects.create(part_number="NEW-1", description="New bottle kit", list_price=D(20))
    sub = LocalBom.objects.create(part_number="NEW-SUB", description="New label set")
    LocalBomLine.objects.create(bom=new, sequence=10, component="SA-1", quantity_per=D(2), scrap_percent=D(5))
    LocalBomLine.objects.create(bom=new, sequence=20, component="NEW-SUB", quantity_per=D(1))
    LocalBomLine.objects.create(bom=sub, sequence=10, component="LAB", quantity_per=D(4), scrap_percent=D(25))
    costing.refresh()
    row = ProductCost.objects.get(scenario=None, part_number="NEW-1")
    assert (row.cost, row.local, row.levels, row.margin) == (D("12.0500"), True, 2, D("7.9500"))
    assert ProductCost.objects.get(scenario=None, part_number="FG-X").local is False

    client = client_for("Finance")
    listing = client.get(reverse("finance:costs"), {"local": "true"})
    assert {r["object"].part_number for r in listing.context["rows"]} == {"NEW-1", "NEW-SUB"}
    page = client.get(reverse("finance:product", args=["NEW-1"]))
    assert page.context["structure"].unit_cost == D("12.05") and 'id="local-badge"' in page.content.decode()
    api = client.get("/api/finance/costs/NEW-1/").json()
    assert api["local"] is True and D(api["unit_cost"]) == D("12.05")
    listed = client.get("/api/finance/costs/", {"local": "true"}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert {r["part_number"] for r in rows} == {"NEW-1", "NEW-SUB"}


def test_a_product_with_an_active_erp_bom_cannot_get_a_local_one(erp):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        LocalBom(part_number="fg-x").full_clean()


def test_two_revisions_compared_line_by_line_with_costs(erp, client_for):
    """FG-X rev A = 1 BOT + 1 LAB = 0.35; rev B (active) = 2 × 1.1 × SA-1 (5.5) + 1 BOT = 12.35."""
    page = client_for("Finance").get(reverse("finance:compare", args=["FG-X"]), {"a": "A", "b": "B"})
    assert page.status_code == 200
    context = page.context
    assert (context["cost_a"], context["cost_b"], context["difference"]) == (D("0.35"), D("12.35"), D("12.00"))
    rows = {row["component"]: row for row in context["rows"]}
    assert rows["LAB"]["b"] is None and rows["SA-1"]["a"] is None and not rows["BOT"]["changed"]
    assert rows["SA-1"]["cost_b"] == D("12.100")
    assert client_for("Finance").get(reverse("finance:compare", args=["NOPE"])).status_code == 404


def test_api_roll_up_scenarios_and_permissions(erp, resin, client_for):
    costing.refresh()
    client = client_for("Finance")
    rows = client.get("/api/finance/costs/").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert [r["part_number"] for r in rows] == ["FG-Y", "FG-X"]  # lowest margin first
    structure = client.get("/api/finance/costs/FG-X/", {"scenario": resin.pk}).json()
    assert D(structure["unit_cost"]) == D("13.7228")
    assert client.get("/api/finance/costs/FG-X/", {"scenario": "x"}).status_code == 400
    scenarios = client.get("/api/finance/scenarios/").json()
    scenarios = scenarios["results"] if isinstance(scenarios, dict) else scenarios
    assert scenarios[0]["unit_changes"] == [{"business_unit": "Chem", "percent": "12.00"}]
    assert client_for("DowntimeTracker_User").get("/api/finance/costs/").status_code == 403
