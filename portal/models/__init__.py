from .access import Capability
from .exports import ExportJob
from .imports import PendingImport
from .outbox import OutboxTask
from .plant import Department, Facility, Machine, ProductionCapacity, ProductionLine, Shift
from .users import LoginEvent, User

__all__ = [
    "Capability",
    "Department",
    "ExportJob",
    "Facility",
    "LoginEvent",
    "Machine",
    "OutboxTask",
    "PendingImport",
    "ProductionCapacity",
    "ProductionLine",
    "Shift",
    "User",
]
