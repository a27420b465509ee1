"""The pipeline board as a manager sees it: five columns side by side on a 1440 × 900 desk screen, sideways
scrolling columns on a phone, readable in the dark theme, no script errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from laser.models import Project, Stage, StageThreshold
from portal.testing.browser import CONTRAST, floor_page, no_sideways_scroll, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fill(shop) -> None:
    StageThreshold.objects.update_or_create(stage=Stage.QUOTES, defaults={"days": Decimal("4"), "active": True})
    for k in range(25):
        stage = Stage.values[k % 5]
        p = Project.objects.create(code=f"B-{k:02}", client=shop["client"], material_type="mild_steel",
                                   thickness_mm=Decimal("3.0"), sheet_size="3000x1500", sheets_required=k,
                                   stage=stage, target_date=dt.date.today() + dt.timedelta(days=k - 10))
        Project.objects.filter(pk=p.pk).update(state_entered_at=timezone.now() - dt.timedelta(days=k % 7))


def test_board_fits_a_desk_screen_and_scrolls_on_a_phone(live_server, chromium, shop, tmp_path):
    _fill(shop)
    manager = shop["manager"]
    manager.theme = "dark"
    manager.set_password("correct-horse-battery")
    manager.save()
    with floor_page(chromium, {"width": 1440, "height": 900}, timeout_ms=20000,
                    timezone_id="Africa/Johannesburg") as page:
        sign_in(page, live_server, manager.username, "correct-horse-battery")
        page.goto(f"{live_server.url}/laser/board/")
        page.wait_for_load_state("networkidle")
        columns = page.locator(".pipeline-column")
        assert columns.count() == 5
        boxes = [columns.nth(i).bounding_box() for i in range(5)]
        assert all(b["x"] + b["width"] <= 1440 for b in boxes)  # all five stages in view on the desk
        assert all(b["y"] + b["height"] <= 900 for b in boxes)  # each column scrolls by itself, the page does not
        assert no_sideways_scroll(page)
        past = page.locator('.pipeline-card[data-age="past"] .age').first
        assert past.evaluate(CONTRAST) >= 4.5
        assert page.locator(".pipeline-card .code").first.evaluate(CONTRAST) >= 4.5
        page.screenshot(path=str(tmp_path / "board-1440.png"))
        assert not page.console_errors, page.console_errors
    with floor_page(chromium, {"width": 390, "height": 844}, timeout_ms=20000,
                    timezone_id="Africa/Johannesburg") as page:
        sign_in(page, live_server, manager.username, "correct-horse-battery")
        page.goto(f"{live_server.url}/laser/board/")
        page.wait_for_load_state("networkidle")
        board = page.locator("#pipeline")
        assert board.evaluate("el => el.scrollWidth > el.clientWidth")  # the columns scroll sideways...
        assert no_sideways_scroll(page)  # ...inside the board, not the page
        page.screenshot(path=str(tmp_path / "board-390.png"), full_page=False)
        assert not page.console_errors, page.console_errors
    print(tmp_path)
