"""Customer sales analysis figures against a scenario computed by hand (erp/tests/sales_scenario.py)."""

import datetime as dt
from decimal import Decimal

import pytest

from erp.models import Customer
from erp.services import sales as services

from . import sales_scenario

ERP = pytest.mark.django_db(databases=["default", "erp"])
TODAY = dt.date(2025, 6, 15)
D = Decimal


@pytest.fixture
def scenario(erp_rows):
    return sales_scenario.build(erp_rows, TODAY)


@ERP
def test_kpis_follow_the_definitions(scenario):
    kpis = services.customer_kpis("C1", TODAY)
    assert kpis.ytd_sales == sales_scenario.YTD  # 1 Jan and today included, tomorrow and last year not
    assert kpis.prior_ytd_sales == sales_scenario.PRIOR_YTD  # 5 Jan + 15 Jun of 2024, not 31 Dec
    assert kpis.open_order_value == sales_scenario.OPEN_VALUE  # 150 + 123.456 + 60, rounded once at the end
    assert (kpis.open_order_count, kpis.open_line_count, kpis.late_line_count) == (2, 3, 1)
    assert kpis.average_open_order_value == sales_scenario.AVERAGE
    assert kpis.ytd_change_percent == D("1042.9")  # (400 − 35) / 35


@ERP
def test_a_customer_with_nothing_has_zeros_and_no_division_by_zero(scenario):
    for code in ("C3", "NO-SUCH-CUSTOMER"):
        kpis = services.customer_kpis(code, TODAY)
        assert (kpis.ytd_sales, kpis.prior_ytd_sales, kpis.open_order_value) == (D("0.00"),) * 3
        assert (kpis.open_order_count, kpis.open_line_count, kpis.late_line_count) == (0, 0, 0)
        assert kpis.average_open_order_value == D("0.00")
        assert kpis.ytd_change_percent is None
        assert services.top_products(code) == []
        monthly = services.monthly_sales(code, TODAY)
        assert [m.this_year for m in monthly.months] == [D("0.00")] * 12
        assert [m.last_year for m in monthly.months] == [D("0.00")] * 12


@ERP
def test_monthly_sales_compare_this_year_month_by_month_with_last_year(scenario, erp_rows):
    monthly = services.monthly_sales("C1", TODAY)
    assert monthly.year == 2025 and [m.month for m in monthly.months] == list(range(1, 13))
    this_year = {m.month: m.this_year for m in monthly.months if m.this_year}
    last_year = {m.month: m.last_year for m in monthly.months if m.last_year}
    # The mid-year shipment falls on 24 March; tomorrow's (16 June) is not counted.
    assert this_year == {1: D("100.00"), 3: D("250.50"), 6: D("49.50")}
    assert last_year == {1: D("5.00"), 6: D("30.00"), 12: D("70.00")}  # the whole of last year
    assert [m.month for m in monthly.months if m.future] == [7, 8, 9, 10, 11, 12]
    assert monthly.this_year_total == sales_scenario.YTD
    assert monthly.last_year_total == D("105.00")


@ERP
def test_top_products_are_ranked_by_open_order_value(scenario):
    top = services.top_products("C1")
    assert [(p.part_number, p.open_quantity, p.open_value, p.open_lines) for p in top] == [
        ("FG-A", D(80), D("210.00"), 2),
        ("FG-B", D(10), D("123.46"), 1),
    ]
    assert top[0].description == "Soap bar" and top[0].uom == "EA"
    assert [p.part_number for p in services.top_products("C1", limit=1)] == ["FG-A"]


@ERP
def test_open_orders_are_exactly_the_open_lines_with_their_open_figures(scenario):
    rows = list(services.open_orders("C1", TODAY))
    assert [(r.sales_order_id, r.line_number) for r in rows] == [("SO1", 1), ("SO2", 1), ("SO1", 2)]  # by due date
    first = rows[0]
    assert (first.open_qty, first.open_value.quantize(D("0.01")), first.is_late) == (D(60), D("150.00"), True)
    assert rows[1].is_late is False  # due today is not late yet
    assert rows[2].open_value.quantize(D("0.0001")) == D("123.4560")
    assert first.sales_order.customer_po == "PO-77"


@ERP
def test_recent_shipments_are_the_latest_first(scenario):
    recent = list(services.recent_shipments("C1", limit=3))
    assert [(s.ship_date, s.value) for s in recent] == [
        (dt.date(2025, 6, 16), D("1000.00")),  # the ERP's own rows, as they are
        (dt.date(2025, 6, 15), D("49.50")),
        (dt.date(2025, 3, 24), D("250.50")),
    ]
    assert all(s.customer_id == "C1" for s in services.customer_shipments("C1"))


@ERP
def test_top_customers_rank_open_order_value(scenario):
    assert [(r["customer_id"], r["open_lines"]) for r in services.top_customers()] == [("C2", 1), ("C1", 3)]


@ERP
def test_find_customer_needs_the_exact_code(scenario):
    assert services.find_customer(" C1 ").name == "Acme Foods"
    assert services.find_customer("") is None
    assert services.find_customer("X" * 500) is None  # longer than any code: no query, no error


TRICKY = [
    ("T1", "O'Brien & Sons"),
    ("T2", "100% Natural Foods"),
    ("T3", "1000 Lakes Trading"),
    ("T4", "Under_Score Ltd"),
    ("T5", "Underscore-free Inc"),
    ("T6", "Drop; Table Supplies"),
    ("T7", "Núñez Hermanos"),
    ("T8", "東京精密"),
    ("T9", "Plain Co"),
]


@pytest.fixture
def tricky_customers(erp_rows):
    return erp_rows(Customer, [{"customer_code": code, "name": name} for code, name in TRICKY])


def _codes(query):
    return [c.customer_code for c in services.search_customers(query)]


@ERP
@pytest.mark.parametrize(("query", "expected"), [
    ("O'Brien", ["T1"]),
    ("100%", ["T2"]),  # % is a character, not "anything": 1000 Lakes does not match
    ("_", ["T4"]),  # _ is a character, not "any one character"
    ("; DROP TABLE", ["T6"]),
    ("'; DROP TABLE erp_customer; --", []),
    ("Núñez", ["T7"]),
    ("東京", ["T8"]),
    ("plain", ["T9"]),  # case-insensitive
    ("lakes 1000", ["T3"]),  # every word, in any order
    ("T9", ["T9"]),
])
def test_search_treats_every_character_as_text(tricky_customers, query, expected):
    assert _codes(query) == expected
    assert Customer.objects.count() == len(TRICKY)  # nothing was dropped


@ERP
def test_search_puts_the_exact_code_first_and_lists_all_without_words(erp_rows):
    erp_rows(Customer, [
        {"customer_code": "C10", "name": "Alpha"},
        {"customer_code": "C1", "name": "Zulu"},
        {"customer_code": "C100", "name": "Beta", "active": False},
    ])
    assert _codes("C1") == ["C1", "C10", "C100"]  # exact code, then active by name, inactive last
    assert _codes("  ") == ["C10", "C1", "C100"]
