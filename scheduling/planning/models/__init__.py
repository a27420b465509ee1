from .orders import OrderItem, PlanningOrder
from .routing import Routing, RoutingStage
from .schedule import CapacityOverride, Operation, PlanException, Reallocation

__all__ = ["CapacityOverride", "Operation", "OrderItem", "PlanException", "PlanningOrder", "Reallocation", "Routing",
           "RoutingStage"]
