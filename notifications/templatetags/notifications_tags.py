"""The bell in the header: ``{% load notifications_tags %}{% notification_bell as bell %}``."""

from __future__ import annotations

from django import template

from notifications import services
from notifications.kinds import kind_label as _kind_label

register = template.Library()

BELL_LATEST = 5


@register.filter
def kind_label(kind: str) -> str:
    """The kind of a notification in the reader's language (notifications/kinds.py)."""
    return _kind_label(kind)
LEVEL_CLASSES = {"info": "info", "warning": "warning", "critical": "danger"}
LEVEL_ICONS = {"info": "info-circle", "warning": "exclamation-triangle", "critical": "exclamation-octagon"}


@register.simple_tag(takes_context=True)
def notification_bell(context) -> dict:
    """Unread count and the latest unread: one query, two when there is something unread."""
    user = context.get("user") or getattr(context.get("request"), "user", None)
    if user is None or not user.is_authenticated:
        return {"count": 0, "latest": []}
    count = services.unread_count(user)
    latest = []
    if count:
        latest = list(services.unread_for(user).only("pk", "kind", "level", "title", "last_raised_at")[:BELL_LATEST])
    return {"count": count, "latest": latest}


@register.filter
def level_class(level: str) -> str:
    """Bootstrap colour of a level (info / warning / danger)."""
    return LEVEL_CLASSES.get(level, "secondary")


@register.filter
def level_icon(level: str) -> str:
    return LEVEL_ICONS.get(level, "bell")
