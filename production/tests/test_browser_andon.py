"""A TV opens a board with its token: it shows the running stop and refreshes itself; a revoked link is refused."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from downtime.models import Category, DowntimeEvent
from production.models import AndonBoard

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]


def test_board_shows_the_running_stop_refreshes_and_is_refused_once_revoked(live_server, chromium, shop):
    line = shop["assembly"]
    board = AndonBoard.objects.create(name="Assembly TV", line=line, refresh_seconds=1)
    context = chromium.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{live_server.url}/andon/{board.token}/")
    assert "Assembly TV" in page.inner_text("h1")
    assert page.locator("[data-running-stop]").count() == 0
    now = timezone.now()
    DowntimeEvent.objects.create(facility=line.facility, line=line, category=Category.objects.create(name="Jam"),
                                 start=now - dt.timedelta(minutes=3), end=now + dt.timedelta(minutes=30),
                                 production_date=timezone.localdate(), duration_minutes=33,
                                 created_by=shop["admin"], idempotency_key=uuid.uuid4())
    page.locator("[data-running-stop]").wait_for(timeout=10000)  # the board refreshed by itself
    assert "STOPPED: Jam" in page.locator("[data-running-stop]").inner_text()
    board.active = False
    board.save()
    assert page.goto(f"{live_server.url}/andon/{board.token}/").status == 404
    context.close()
