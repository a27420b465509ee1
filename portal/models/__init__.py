from .access import Capability
from .calendar import Holiday, WorkingDays
from .commands import CommandKey
from .company import CompanyProfile
from .exports import ExportJob
from .imports import PendingImport
from .outbox import OutboxTask
from .plant import Department, Facility, Machine, ProductionCapacity, ProductionLine, Shift
from .users import LoginEvent, User
from .workflow import Escalation, TimelineEntry

__all__ = [
    "Capability",
    "CommandKey",
    "CompanyProfile",
    "Department",
    "Escalation",
    "ExportJob",
    "Facility",
    "Holiday",
    "LoginEvent",
    "Machine",
    "OutboxTask",
    "PendingImport",
    "ProductionCapacity",
    "ProductionLine",
    "Shift",
    "TimelineEntry",
    "User",
    "WorkingDays",
]
