"""Notification kinds are shown by their name in the reader's language, never as the raw code; every kind raised
in the code is declared on its app (notifications/kinds.py)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from notifications import services
from notifications.kinds import declared_kinds, kind_label

RAISED = re.compile(r"""raise_notification\(\s*["']([a-z0-9._-]+)["']""")


def test_every_kind_raised_in_the_code_is_declared():
    root = Path(settings.BASE_DIR)
    raised = {}
    for path in root.rglob("*.py"):
        relative = path.relative_to(root).parts
        # the notifications app raises nothing itself (its docstrings show examples)
        if set(relative) & {".venv", "tests", "node_modules", "var"} or relative[0] == "notifications" \
                or path.name.startswith("test_"):
            continue
        for kind in RAISED.findall(path.read_text(encoding="utf-8")):
            raised[kind] = str(path.relative_to(root))
    assert raised, "the scan found no raise_notification call: the pattern is stale"
    missing = {kind: where for kind, where in raised.items() if kind not in declared_kinds()}
    assert not missing, f"declare these kinds on the app's AppConfig.notification_kinds: {missing}"


def test_labels_follow_the_language():
    with translation.override("en"):
        assert kind_label("downtime.event") == "Downtime stop"
        assert kind_label("no.such.kind") == "Other notification"
    with translation.override("es"):
        assert kind_label("downtime.event") == "Paro de línea"


@pytest.mark.django_db
def test_the_list_shows_the_kind_name_not_the_code(client, scheduler):
    services.raise_notification("portal.export_ready", None, title="Export", users=[scheduler])
    client.force_login(scheduler)
    html = client.get("/notifications/").content.decode()
    assert "Export ready" in html and "portal.export_ready<" not in html  # (the filter's option value is the code)
