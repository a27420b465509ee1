"""The ERP fixtures other modules' tests rely on: the small demo, and exact hand-made scenarios."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from erp.models import ERP_MODELS, Customer, Part, SalesOrder, SalesOrderLine
from erp.testing import TEST_SCALE

ERP = pytest.mark.django_db(databases=["default", "erp"])


def make_order(erp_rows, *, ordered="100", shipped="0"):
    customer = erp_rows(Customer, [{"customer_code": "C1", "name": "Acme"}])[0]
    part = erp_rows(Part, [{"part_number": "FG-1", "description": "Soap", "part_type": "FG", "uom": "EA",
                            "unit_cost": "1.20", "unit_price": "2.50"}])[0]
    order = erp_rows(SalesOrder, [{"so_number": "SO1", "customer": customer, "order_date": dt.date(2025, 1, 2),
                                   "order_type": "STANDARD", "facility": "CHI"}])[0]
    return erp_rows(SalesOrderLine, [{
        "sales_order": order, "line_number": 1, "customer_code": "C1", "part": part, "quantity_ordered": ordered,
        "quantity_shipped": shipped, "due_date": "2025-02-01", "unit_price": "2.5", "order_type": "STANDARD",
        "facility": "CHI",
    }])


@ERP
def test_erp_data_is_the_small_demo_with_every_view_filled(erp_data):
    assert erp_data.scale == TEST_SCALE
    counts = {model._meta.db_table: model.objects.count() for model in ERP_MODELS}
    assert counts == erp_data.counts()
    assert all(counts.values()) and 1000 < sum(counts.values()) < 10000
    assert SalesOrderLine.objects.open().exists()


@ERP
def test_erp_rows_alone_gives_exactly_the_rows_of_the_test(erp_rows):
    [line] = make_order(erp_rows, ordered="100", shipped="40")
    assert line.pk == 1 and line.open_quantity == Decimal(60)
    assert Part.objects.count() == 1 and SalesOrderLine.objects.count() == 1
    fetched = SalesOrderLine.objects.select_related("part", "sales_order__customer").get()
    assert (fetched.part.unit_price, fetched.sales_order.customer.name, fetched.status) == (Decimal("2.5"), "Acme",
                                                                                             "OPEN")
    assert fetched.due_date == dt.date(2025, 2, 1) and fetched.quantity_shipped == Decimal(40)


@ERP
def test_erp_rows_with_erp_data_adds_to_the_demo(erp_data, erp_rows):
    demo_parts = erp_data.counts()["erp_part"]
    erp_rows(Part, [{"part_number": "EXTRA-1", "description": "Extra", "part_type": "COMP", "uom": "KG",
                     "unit_cost": 3}])
    assert Part.objects.count() == demo_parts + 1
    [line] = erp_rows(SalesOrderLine, [{
        "so_number": erp_data.rows("erp_sales_order")[0]["so_number"], "line_number": 99,
        "customer_code": erp_data.rows("erp_customer")[0]["customer_code"], "part_number": "EXTRA-1",
        "quantity_ordered": 5, "due_date": erp_data.today, "unit_price": 1, "order_type": "SAMPLE",
        "facility": "MTY",
    }])
    assert line.pk == max(r["id"] for r in erp_data.rows("erp_sales_order_line")) + 1


@ERP
def test_the_demo_is_back_after_a_test_changed_the_erp(erp_data):
    counts = {model._meta.db_table: model.objects.count() for model in ERP_MODELS}
    assert counts == erp_data.counts()
    assert not Part.objects.filter(pk__in=["FG-1", "EXTRA-1"]).exists()


@ERP
@pytest.mark.parametrize(
    ("row", "error", "message"),
    [
        ({"part_number": "P", "description": "x", "part_type": "XX", "uom": "EA", "unit_cost": 1},
         ValidationError, "not a valid choice"),
        ({"part_number": "P", "description": "x", "part_type": "FG", "uom": "EA", "unit_cost": "abc"},
         ValidationError, "must be a decimal"),
        ({"part_number": "P", "descr": "x"}, ValueError, "no field 'descr'"),
        ({"part_number": "P", "part_type": "FG"}, ValueError, "need a value for: description, unit_cost, uom"),
    ],
)
def test_erp_rows_checks_what_it_is_given(erp_rows, row, error, message):
    with pytest.raises(error, match=message):
        erp_rows(Part, [row])


@pytest.mark.django_db(databases=["default", "erp"], transaction=True)
def test_erp_rows_in_a_committing_test(erp_rows):
    make_order(erp_rows)
    assert SalesOrderLine.objects.count() == 1


@ERP
def test_and_after_a_committing_test_the_demo_is_back_too(erp_data):
    test_the_demo_is_back_after_a_test_changed_the_erp(erp_data)
