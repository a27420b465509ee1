from .access import Capability
from .calendar import Holiday, WorkingDays
from .commands import CommandKey
from .company import CompanyProfile
from .exports import ExportJob
from .imports import PendingImport
from .machine_signals import DetectedStop, MachineCount, SignalMessage, SignalSource
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
    "DetectedStop",
    "Holiday",
    "LoginEvent",
    "Machine",
    "MachineCount",
    "OutboxTask",
    "PendingImport",
    "ProductionCapacity",
    "ProductionLine",
    "Shift",
    "SignalMessage",
    "SignalSource",
    "TimelineEntry",
    "User",
    "WorkingDays",
]
