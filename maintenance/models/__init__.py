"""Models of the Maintenance module (issue 14): configuration, tickets and their work, preventive plans."""

from .config import Priority
from .plans import PlanStep, PreventivePlan
from .tickets import OPEN_STATES, ChecklistItem, DowntimeLink, LabourEntry, PartUsed, Ticket, TicketPhoto

__all__ = [
    "OPEN_STATES", "ChecklistItem", "DowntimeLink", "LabourEntry", "PartUsed", "PlanStep",
    "PreventivePlan", "Priority", "Ticket", "TicketPhoto",
]
