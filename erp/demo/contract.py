"""The views of the ERP contract and their columns, in order (docs/erp-contract.md). Plain Python, no Django.

The models in erp/models/ are the full definition (types, meaning); this is the column order the demo generator,
the CSV files and the writer share. erp/tests/test_contract.py keeps the two in step.
"""

from __future__ import annotations

COLUMNS: dict[str, tuple[str, ...]] = {
    "erp_customer": ("customer_code", "name", "city", "region", "country", "active"),
    "erp_vendor": ("vendor_code", "name", "city", "region", "country", "active"),
    "erp_part": (
        "part_number", "description", "part_type", "uom", "unit_cost", "unit_price", "business_unit", "active",
    ),
    "erp_inventory_lot": ("id", "part_number", "lot_number", "facility", "quantity", "status", "receipt_date"),
    "erp_sales_order": ("so_number", "customer_code", "order_date", "customer_po", "order_type", "facility"),
    "erp_sales_order_line": (
        "id", "so_number", "line_number", "customer_code", "part_number", "quantity_ordered", "quantity_shipped",
        "due_date", "unit_price", "order_type", "facility", "business_unit", "status",
    ),
    "erp_shipment": (
        "id", "shipment_number", "ship_date", "so_number", "so_line_id", "customer_code", "part_number", "quantity",
        "unit_price", "value", "facility",
    ),
    "erp_bom_header": ("id", "parent_part_number", "revision", "active", "effective_date"),
    "erp_bom_line": ("id", "bom_id", "sequence", "component_part_number", "quantity_per", "scrap_percent"),
    "erp_purchase_order": ("po_number", "vendor_code", "order_date", "buyer", "facility"),
    "erp_purchase_order_line": (
        "id", "po_number", "line_number", "vendor_code", "part_number", "quantity_ordered", "quantity_received",
        "due_date", "unit_cost", "status", "facility",
    ),
    "erp_job": (
        "job_number", "part_number", "so_number", "so_line_id", "quantity_required", "quantity_completed", "status",
        "facility", "line_code", "created_date", "release_date", "due_date", "closed_date",
    ),
    "erp_job_material_transaction": (
        "id", "job_number", "component_part_number", "lot_number", "transaction_type", "quantity", "transaction_date",
    ),
}
VIEWS: tuple[str, ...] = tuple(COLUMNS)
