from .orders import OrderItem, PlanningOrder
from .routing import Routing, RoutingStage
from .schedule import CapacityOverride, Operation, OperationStatus, PlanException, Reallocation
from .targets import CapacityTarget

__all__ = ["CapacityOverride", "CapacityTarget", "Operation", "OperationStatus", "OrderItem", "PlanException",
           "PlanningOrder", "Reallocation", "Routing", "RoutingStage"]
