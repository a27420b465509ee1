"""Models of the Laser job shop module (issue 16, seed 004)."""

from .clients import Channel, Client, FollowUpTemplate, OutboundDraft
from .projects import Project, Stage, StageThreshold
from .reports import DailyReport
from .runs import LaserRun
from .shop import ExtraOperator, InventoryItem, Preset, StockMovement

__all__ = ["Channel", "Client", "DailyReport", "FollowUpTemplate",
           "ExtraOperator", "InventoryItem", "LaserRun", "OutboundDraft",
           "Preset", "Project", "Stage", "StageThreshold", "StockMovement"]
