"""What each kind of notification is called, in the reader's language (never the raw code).

An app declares the kinds it raises on its AppConfig, next to its menu entries::

    notification_kinds = {"downtime.event": _("Downtime stop")}

A meta-test (notifications/tests/test_kinds.py) fails for a kind raised in code and declared nowhere.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext as _


def declared_kinds() -> dict[str, str]:
    """Every declared kind -> its (lazy) label."""
    found: dict[str, str] = {}
    for config in apps.get_app_configs():
        found.update(getattr(config, "notification_kinds", {}))
    return found


def kind_label(kind: str) -> str:
    label = declared_kinds().get(kind)
    return str(label) if label else _("Other notification")
