"""Who a quality notification goes to when its department has nobody to tell: a plain rule that the ticket model's
workflow hooks and the ticket services both use (here, so the model need not import the services)."""

from __future__ import annotations

from typing import Any

from portal.roles import ADMINISTER_QUALITY


def fallback_audience(users) -> dict[str, Any]:
    """``users`` when there are any, else the quality administrators (a department without heads)."""
    users = list(users)
    return {"users": users} if users else {"permissions": [ADMINISTER_QUALITY]}
