"""The grid's columns, shared by the page, the Excel export and the column chooser.

ERP columns sort in the ERP database; the projection columns come from the portal's database and do not sort
(SQL cannot order one database's rows by another's values).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from erp.models.sales import OrderType
from portal.lists.columns import ChoiceColumn, Column, LocalDateTimeColumn

NOWRAP = "text-nowrap"


def _attribute(name: str):
    return lambda line: getattr(line, name, None)


# Keys of the editable projection cells and their dollar columns.
LOW_QTY, LOW_VALUE, HIGH_QTY, HIGH_VALUE = "low_risk_qty", "low_risk_value", "high_risk_qty", "high_risk_value"
EDITABLE = {LOW_QTY: "low_risk", HIGH_QTY: "high_risk"}

GRID_COLUMNS: tuple[Column, ...] = (
    Column("sales_order_id", _("Sales order"), sort="sales_order_id", width=12, css=NOWRAP),
    Column("line_number", _("Line"), kind="int", sort="line_number", width=6),
    Column("customer_name", _("Customer"), sort="customer__name", width=28),
    Column("customer_po", _("Customer PO"), sort="sales_order__customer_po", width=16, css=NOWRAP),
    Column("part_id", _("Part"), sort="part_id", width=16, css=NOWRAP),
    Column("description", _("Description"), sort="part__description", width=36),
    Column("facility", _("Facility"), sort="facility", width=8, css=NOWRAP),
    Column("business_unit", _("Business unit"), sort="business_unit", width=14, css=NOWRAP),
    ChoiceColumn("order_type", _("SO type"), sort="order_type", width=14, css=NOWRAP, choices=OrderType),
    Column("due_date", _("Due"), kind="date", sort="due_date"),
    Column("quantity_ordered", _("Ordered"), kind="decimal", sort="quantity_ordered"),
    Column("quantity_shipped", _("Shipped"), kind="decimal", sort="quantity_shipped"),
    Column("open_qty", _("Open qty"), kind="decimal", sort="open_qty"),
    Column("uom", _("UoM"), width=6, css=NOWRAP),
    Column("unit_price", _("Unit price"), kind="money", sort="unit_price"),
    Column("open_value", _("Open value"), kind="money", sort="open_value"),
    Column(LOW_QTY, _("No/Low-risk qty"), kind="int", getter=_attribute(LOW_QTY)),
    Column(LOW_VALUE, _("No/Low-risk $"), kind="money", getter=_attribute(LOW_VALUE)),
    Column(HIGH_QTY, _("High-risk qty"), kind="int", getter=_attribute(HIGH_QTY)),
    Column(HIGH_VALUE, _("High-risk $"), kind="money", getter=_attribute(HIGH_VALUE)),
    Column("projection_updated_by", _("Projection by"), getter=_attribute("projection_updated_by"), width=18),
    LocalDateTimeColumn("projection_updated_at", _("Projection at"), getter=_attribute("projection_updated_at"),
                        erp_facility="facility"),  # the SO line's plant's time
)

COLUMN_KEYS = tuple(column.key for column in GRID_COLUMNS)
