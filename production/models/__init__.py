from .ledger import Balance, Movement, ProductionOrder

__all__ = ["Balance", "Movement", "ProductionOrder"]
