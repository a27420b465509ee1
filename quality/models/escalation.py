"""Escalation levels of quality records read from the admin's ``EscalationStep`` rows (defaults when none)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils.translation import gettext_lazy as _

from portal.roles import ADMINISTER_QUALITY
from portal.workflow import Audience, EscalationLevel

QUALITY_ADMIN_PERMISSION = ADMINISTER_QUALITY


def _audience(notify: str, group, charged_heads: Callable, other_heads: Callable) -> Callable:
    def audience(record) -> Audience:
        if notify == "quality_admins":
            return Audience(permissions=[QUALITY_ADMIN_PERMISSION])
        if notify == "group" and group is not None:
            return Audience(groups=[group.name])
        users = list(charged_heads(record))
        if notify == "all_heads":
            users += [u for u in other_heads(record) if u not in users]
        # a department without heads: the quality administrators, never nobody
        return Audience(users=users) if users else Audience(permissions=[QUALITY_ADMIN_PERMISSION])
    return audience


def configured_levels(applies_to: str, record, *, offset: dt.timedelta, defaults: list[tuple[float, str, str]],
                      charged_heads: Callable, other_heads: Callable = lambda r: []) -> list[EscalationLevel]:
    """The levels of ``applies_to`` for ``record``: each step's hours plus ``offset`` (e.g. the time from entering
    the state to the due date, so that "hours past due" is measured by the stay)."""
    from .config import EscalationStep

    steps = [(float(s.after_hours), s.notify, s.group, s.label or s.get_notify_display())
             for s in EscalationStep.objects.active().filter(applies_to=applies_to).select_related("group")]
    if not steps:
        steps = [(hours, notify, None, label) for hours, notify, label in defaults]
    return [EscalationLevel(max(offset, dt.timedelta(0)) + dt.timedelta(hours=hours),
                            notify=_audience(notify, group, charged_heads, other_heads), label=label)
            for hours, notify, group, label in steps]


DEFAULT_SOP_LEVELS = [(24.0, "charged_heads", _("head of department")),
                      (48.0, "quality_admins", _("quality administrators"))]
# A disputed ticket waits for the heads' decision; an accepted one for its corrective action and closing.
DEFAULT_DISPUTE_LEVELS = [(24.0, "all_heads", _("heads of both departments")),
                          (48.0, "quality_admins", _("quality administrators"))]
DEFAULT_ACTION_LEVELS = [(72.0, "all_heads", _("heads of both departments")),
                         (120.0, "quality_admins", _("quality administrators"))]
DEFAULT_NCR_LEVELS = [(0.0, "charged_heads", _("head of department")),
                      (48.0, "quality_admins", _("quality administrators"))]
