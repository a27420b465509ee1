from .andon import AndonBoard
from .ledger import Balance, Movement, ProductionOrder

__all__ = ["AndonBoard", "Balance", "Movement", "ProductionOrder"]
