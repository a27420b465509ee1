"""Services of the Quality module (plain functions, usable without HTTP)."""

from .rejects import rejected_units, rejected_units_by_machine

__all__ = ["rejected_units", "rejected_units_by_machine"]
