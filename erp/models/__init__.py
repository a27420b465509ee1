"""Unmanaged models over the read-only ERP views (the contract: docs/erp-contract.md)."""

from .base import ErpManager, ErpModel, ErpQuerySet
from .bom import BomHeader, BomLine
from .jobs import OPEN_JOB_STATUSES, Job, JobMaterialTransaction, JobStatus, TransactionType
from .parties import Customer, Vendor
from .parts import InventoryLot, LotStatus, Part, PartType
from .purchasing import PurchaseOrder, PurchaseOrderLine
from .sales import LineStatus, OrderType, SalesOrder, SalesOrderLine, Shipment

# Every view of the contract, referenced views before the views that point at them.
ERP_MODELS: tuple[type[ErpModel], ...] = (
    Customer,
    Vendor,
    Part,
    InventoryLot,
    SalesOrder,
    SalesOrderLine,
    Shipment,
    BomHeader,
    BomLine,
    PurchaseOrder,
    PurchaseOrderLine,
    Job,
    JobMaterialTransaction,
)

__all__ = [
    "ERP_MODELS",
    "OPEN_JOB_STATUSES",
    "BomHeader",
    "BomLine",
    "Customer",
    "ErpManager",
    "ErpModel",
    "ErpQuerySet",
    "InventoryLot",
    "Job",
    "JobMaterialTransaction",
    "JobStatus",
    "LineStatus",
    "LotStatus",
    "OrderType",
    "Part",
    "PartType",
    "PurchaseOrder",
    "PurchaseOrderLine",
    "SalesOrder",
    "SalesOrderLine",
    "Shipment",
    "TransactionType",
    "Vendor",
]
