"""Models of the Downtime module: configuration (categories, quick notes) and the recorded events."""

from .config import Category, QuickNote
from .events import DowntimeEvent

__all__ = ["Category", "DowntimeEvent", "QuickNote"]
