"""Models of the Finance module: what-if scenarios (local cost overrides) and the stored product cost roll-ups."""

from .costs import ProductCost
from .local_boms import LocalBom, LocalBomLine
from .runs import CostRun
from .scenarios import Scenario, ScenarioPartCost, ScenarioUnitChange

__all__ = ["CostRun", "LocalBom", "LocalBomLine", "ProductCost", "Scenario", "ScenarioPartCost", "ScenarioUnitChange"]
