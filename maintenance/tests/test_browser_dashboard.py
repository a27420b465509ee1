"""Chromium at 1440×900: the maintenance dashboard draws its two charts (SLA trend, open tickets by age), in light
and dark mode, without a JavaScript error; a bar of the age chart opens the filtered ticket list."""

import datetime as dt

import pytest
from django.utils import timezone

from maintenance.models import Ticket
from maintenance.services import open_ticket
from portal.testing.browser import desk_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _drawn(page, canvas_id: str) -> bool:
    # Chart.js keeps the chart on the canvas; a drawn one has data points laid out
    return page.evaluate(f"""() => {{ const c = Chart.getChart("{canvas_id}");
        return !!c && c.getDatasetMeta(0).data.length > 0; }}""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_dashboard_draws_both_charts(live_server, chromium, works, maintenance_admin, scheme):
    maintenance_admin.theme = scheme
    maintenance_admin.save()
    now = timezone.now()
    for days in (0, 2, 2, 12):
        open_ticket(line=works["press_line"], machine=works["press"], problem=f"aged {days}",
                    priority=works["priorities"]["High"], opened_at=now - dt.timedelta(days=days, hours=1))
    done, _ = open_ticket(line=works["press_line"], machine=works["press"], problem="fixed",
                          priority=works["priorities"]["High"], opened_at=now - dt.timedelta(hours=5))
    Ticket.objects.filter(pk=done.pk).update(state="done", finished_at=now - dt.timedelta(hours=1),
                                             resolution_due=now)
    with desk_page(chromium) as page:
        errors = page.console_errors
        sign_in(page, live_server, "mntadmin", "correct-horse-battery")
        page.goto(f"{live_server.url}/maintenance/?weeks=4")
        page.wait_for_function("() => typeof Chart !== 'undefined' && !!Chart.getChart('age-chart')")
        assert page.locator("html").get_attribute("data-bs-theme") == scheme
        assert _drawn(page, "sla-chart") and _drawn(page, "age-chart")
        # the axes' ink follows the theme: light grey on the dark background, not the default dark grey
        ink = page.evaluate("() => Chart.getChart('age-chart').options.scales.y.ticks.color")
        assert ink == page.evaluate(
            "() => getComputedStyle(document.documentElement).getPropertyValue('--bs-secondary-color').trim()")
        assert page.locator("#sla-trend tbody tr").count() == 4
        if scheme == "light":
            # the 1–3 days bar of High priority: two tickets; clicking it lists exactly them
            point = page.evaluate("""() => { const c = Chart.getChart('age-chart');
                const i = c.data.datasets.findIndex(d => d.label === 'High');
                const bar = c.getDatasetMeta(i).data[1]; const r = c.canvas.getBoundingClientRect();
                return {x: r.left + bar.x, y: r.top + (bar.y + bar.base) / 2}; }""")
            page.mouse.click(point["x"], point["y"])
            page.wait_for_url(lambda url: "/maintenance/tickets/" in url and "age=1to3" in url)
            rows = page.locator("table tbody").inner_text()
            assert rows.count("aged 2") == 2 and "aged 0" not in rows and "aged 12" not in rows
        assert not errors, errors
