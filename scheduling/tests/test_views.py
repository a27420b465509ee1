"""The grid page: who sees it, who may edit, filters, sorting, export, summary cards, query budget."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from erp.models import SalesOrderLine
from scheduling.models import GridPreference

pytestmark = pytest.mark.django_db(databases=["default", "erp"])
URL = "/scheduling/"


def _line_ids(response) -> list[int]:
    return [line.pk for line in response.context["lines"]]


def test_scheduling_users_see_the_grid_read_only(client, projected, viewer):
    client.force_login(viewer)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "grid-input" not in html and "data-editable" not in html
    assert "Read-only" in html
    assert "$75.00" in html and "$124.38" in html  # L1's low-risk value; the likely card


def test_admins_get_editable_projection_cells(client, projected, planner):
    client.force_login(planner)
    html = client.get(URL).content.decode()
    assert html.count('class="grid-input"') == 6  # two cells on each of the three open lines
    assert 'data-field="low_risk" value="30"' in html


@pytest.mark.parametrize("role", ["DowntimeTracker_User", "DowntimeTracker_Admin"])
def test_other_roles_are_refused(client_for, scenario, role):
    assert client_for(role).get(URL).status_code == 403


def test_only_open_lines_earliest_due_first(client, projected, viewer):
    client.force_login(viewer)
    l1, l2, l3, _l4 = projected["lines"]
    assert _line_ids(client.get(URL)) == [l1.pk, l2.pk, l3.pk]
    assert _line_ids(client.get(URL, {"sort": "-due_date"})) == [l3.pk, l2.pk, l1.pk]


@pytest.mark.parametrize(("params", "expected"), [
    ({"facility": "MTY"}, [2]),
    ({"business_unit": "CARE"}, [1]),
    ({"order_type": "STANDARD"}, [0, 1]),
    ({"customer": "beta"}, [2]),
    ({"customer": "C1"}, [0, 1]),
    ({"q": "PO-77"}, [0, 1]),
])
def test_filters(client, projected, viewer, params, expected):
    client.force_login(viewer)
    lines = projected["lines"]
    assert _line_ids(client.get(URL, params)) == [lines[i].pk for i in expected]


def test_due_date_range_and_bad_input(client, projected, viewer):
    client.force_login(viewer)
    lines, today = projected["lines"], projected["today"]
    response = client.get(URL, {"due_after": today.isoformat()})
    assert _line_ids(response) == [lines[1].pk, lines[2].pk]
    response = client.get(URL, {"due_after": "not-a-date", "facility": "<script>"})
    assert response.status_code == 200
    assert "Some filters are not valid" in response.content.decode()
    assert response.context["lines"] == []


def test_htmx_refresh_returns_the_table_only(client, projected, viewer):
    client.force_login(viewer)
    response = client.get(URL, {"facility": "CHI"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert 'id="list-results"' in html and "<html" not in html
    assert len(response.context["lines"]) == 2


def test_summary_partial_follows_facility(client, projected, viewer):
    client.force_login(viewer)
    html = client.get("/scheduling/summary/", {"facility": "CHI"}).content.decode()
    assert "$100.00" in html  # shipped at CHI this month
    html = client.get("/scheduling/summary/", {"facility": "nowhere"}).content.decode()
    assert "$123.45" in html  # an unknown code shows the whole plant


def test_hidden_columns_come_from_the_server_preference(client, projected, viewer):
    GridPreference.objects.create(user=viewer, hidden_columns=["customer_name"])
    client.force_login(viewer)
    html = client.get(URL).content.decode()
    assert '#schedule-grid [data-col="customer_name"]{display:none}' in html
    assert {c.key: hidden for c, hidden in client.get(URL).context["column_states"]}["customer_name"]


def test_excel_export_has_the_filtered_rows_with_projections(client, projected, viewer):
    client.force_login(viewer)
    response = client.get(URL, {"facility": "CHI", "export": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.iter_rows(values_only=True))
    header = rows[0]
    data = [dict(zip(header, row, strict=False)) for row in rows[1:] if any(row)]
    assert [r["Sales order"] for r in data] == ["SO1", "SO1"]
    assert [r["No/Low-risk qty"] for r in data] == [30, 4]
    assert [float(r["High-risk $"]) for r in data] == [50.0, 74.07]


def test_page_queries_do_not_grow_with_rows(client, projected, viewer, erp_rows, planner):
    from scheduling.services.projections import set_projection

    client.force_login(viewer)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connections["default"]) as portal, \
                CaptureQueriesContext(connections["erp"]) as erp:
            assert client.get(URL, {"per_page": 250}).status_code == 200
        return len(portal), len(erp)

    before = count()
    base = projected["lines"][0]
    extra = erp_rows(SalesOrderLine, [
        {"so_number": "SO1", "line_number": n, "customer_code": "C1", "part_number": "FG-A", "quantity_ordered": 10,
         "quantity_shipped": 0, "unit_price": 1, "due_date": base.due_date, "order_type": "STANDARD",
         "facility": "CHI", "business_unit": "HOME"}
        for n in range(10, 70)
    ])
    for line in extra[:30]:
        set_projection(line.pk, "low_risk", 1, 0, planner)
    after = count()
    assert after == before
    assert after[0] <= 10 and after[1] <= 7  # ERP: 2 filter choices, count, page, 3 summary figures


def test_grid_cells_match_the_shared_list_formatting_and_escape_text(client, erp_rows, scenario, viewer):
    from decimal import Decimal

    from erp.models import Part
    from portal.lists.columns import Column
    from portal.templatetags.lists import cell
    from scheduling.rendering import _number

    for value, kind in ((Decimal("1234567.891"), "money"), (Decimal("0.0025"), "money"), (Decimal("0.5"), "decimal"),
                        (Decimal("60.0000"), "decimal"), (1234567, "int"), (Decimal("-12.5"), "money")):
        assert _number(value, kind) == str(cell(Column("x", "x", kind=kind), value))
    erp_rows(Part, [{"part_number": "FG-X", "description": '<b>"Bold" & co</b>', "part_type": "FG", "uom": "EA",
                     "unit_cost": 1}])
    erp_rows(SalesOrderLine, [{"so_number": "SO1", "line_number": 9, "customer_code": "C1", "part_number": "FG-X",
                               "quantity_ordered": 1, "unit_price": 1, "due_date": scenario["today"],
                               "order_type": "STANDARD", "facility": "CHI"}])
    client.force_login(viewer)
    html = client.get(URL).content.decode()
    assert "<b>" not in html and "&lt;b&gt;&quot;Bold&quot; &amp; co&lt;/b&gt;" in html


def test_scheduling_admins_set_the_aging_buckets_in_the_admin(client, planner, viewer):
    from scheduling.models import AgingBucket

    client.force_login(planner)
    response = client.post("/admin/scheduling/agingbucket/add/", {"first_max_days": 14, "second_max_days": 10})
    assert response.status_code == 200 and "must be above the first" in response.content.decode()
    response = client.post("/admin/scheduling/agingbucket/add/", {"first_max_days": 14, "second_max_days": 60})
    assert response.status_code == 302
    bounds = AgingBucket.current()
    assert (bounds.first_max_days, bounds.second_max_days) == (14, 60)
    assert client.get("/admin/scheduling/agingbucket/add/").status_code == 403  # one row only: edit it instead
    assert client.get("/admin/scheduling/projection/").status_code == 200
    client.force_login(viewer)
    assert client.get("/admin/scheduling/agingbucket/").status_code == 403


def test_no_template_comment_leaks_into_the_page(client, projected, planner):
    client.force_login(planner)
    for response in (client.get(URL), client.get(URL, headers={"HX-Request": "true"})):
        html = response.content.decode()
        assert "{#" not in html and "{%" not in html and "hx-history" in html


def test_so_type_is_shown_by_its_name_in_the_readers_language(client, projected, viewer):
    client.force_login(viewer)
    html = client.get(URL).content.decode()
    assert ">Blanket release<" in html and ">BLANKET<" not in html
    viewer.language = "es"
    viewer.save()
    html = client.get(URL).content.decode()
    assert ">BLANKET<" not in html and ">Blanket release<" not in html
