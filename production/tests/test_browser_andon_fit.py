"""A board that fits the TV (issue 34): 8 lines of a facility on a 1920 x 1080 screen without scrolling, a
200-character ticket title cut with an ellipsis, and one bad entry (output far above the line's capacity) shown as
"check data", never as a green OEE."""

import datetime as dt

import pytest
from django.utils import timezone

from maintenance.services.tickets import open_ticket
from portal.models import ProductionCapacity
from portal.testing.factories import FacilityFactory, ProductionLineFactory, ShiftFactory, UserFactory
from production.models import AndonBoard
from production.services import record_movement

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]


def test_eight_lines_fit_1920_by_1080_long_titles_end_in_an_ellipsis_and_an_outlier_is_flagged(live_server,
                                                                                               chromium):
    facility = FacilityFactory(code="MTY", time_zone="UTC")
    now = timezone.now().astimezone(dt.UTC)
    shift = ShiftFactory(facility=facility, name="Now", start_time=(now - dt.timedelta(hours=2)).time().replace(
        second=0, microsecond=0), end_time=(now + dt.timedelta(hours=2)).time().replace(second=0, microsecond=0))
    lines = [ProductionLineFactory(facility=facility, code=f"L{n}", name=f"Packaging line number {n}")
             for n in range(1, 9)]
    operator = UserFactory(username="op", roles=["Production_Operator"], lines=lines)
    for line in lines:
        ProductionCapacity.objects.create(line=line, shift=shift, units_per_shift=400)
        open_ticket(line=line, problem="Seal jaw temperature drifts " + "x" * 172)  # 200 characters
    # one bad entry on L1 (from before the plausibility check): far more than the line can make so far
    for direction in ("IN", "OUT"):
        record_movement(user=operator, line=lines[0], order_number="PO-1", direction=direction, quantity=90_000)
    board = AndonBoard.objects.create(name="Monterrey", facility=facility)

    context = chromium.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.goto(f"{live_server.url}/andon/{board.token}/")
    assert page.locator(".andon-line").count() == 8
    assert page.evaluate("document.documentElement.scrollHeight") <= 1080  # no scrolling on the TV
    assert page.evaluate("document.documentElement.scrollWidth") <= 1920
    last = page.locator(".andon-line").nth(7).bounding_box()
    assert last["y"] + last["height"] <= 1080  # the eighth line is on the screen
    ticket = page.locator("[data-tickets] li").first
    assert ticket.evaluate("li => li.scrollWidth > li.clientWidth")  # cut ...
    assert ticket.evaluate("li => getComputedStyle(li).textOverflow") == "ellipsis"  # ... with an ellipsis
    first = page.locator(".andon-line").first
    oee = first.locator(".andon-oee")
    assert "andon-check" in oee.get_attribute("class") and "andon-green" not in oee.get_attribute("class")
    assert first.locator("[data-oee] [data-impossible]").count() == 1
    assert first.locator("[data-oee] .figure-check").count() == 1  # "check data"
    assert page.locator(".andon-line").nth(1).locator("[data-impossible]").count() == 0
    context.close()
