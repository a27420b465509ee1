"""Services of the Quality module (plain functions, usable without HTTP)."""

from .rejects import rejected_units

__all__ = ["rejected_units"]
