from .access import Capability
from .plant import Department, Facility, ProductionCapacity, ProductionLine, Shift
from .users import LoginEvent, User

__all__ = [
    "Capability",
    "Department",
    "Facility",
    "LoginEvent",
    "ProductionCapacity",
    "ProductionLine",
    "Shift",
    "User",
]
