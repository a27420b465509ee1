"""Models of the Downtime module: configuration (categories, quick notes) and the recorded events."""

from .config import WAITING_CODE, Category, FaultReason, QuickNote
from .events import DowntimeEvent

__all__ = ["WAITING_CODE", "Category", "DowntimeEvent", "FaultReason", "QuickNote"]
