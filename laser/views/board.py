"""The pipeline board: the shop's projects by stage at a glance (laser/services/board.py)."""

from __future__ import annotations

from django.shortcuts import render

from portal.access import capability_required

from ..apps import MANAGE
from ..models import Stage
from ..services.board import DELIVERED_DAYS, board
from . import in_shop_zone


@in_shop_zone
@capability_required(MANAGE)  # the project list's permission: whoever sees the projects sees the board
def pipeline(request):
    return render(request, "laser/board.html", {"columns": board(), "delivered_days": DELIVERED_DAYS,
                                                "delivered": Stage.DELIVERED})
