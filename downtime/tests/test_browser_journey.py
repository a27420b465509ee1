"""The tablet/phone entry journey in Chromium (issue 9, "Must hold"): 1024x768 and 390x844, light/English and
dark/Spanish; and the page opening offline from the service worker, its queue sent exactly once."""

import datetime as dt

import pytest
from django.utils import timezone

from downtime.models import Category, DowntimeEvent, QuickNote
from portal.testing.browser import CONTRAST, in_view, no_sideways_scroll, sign_in
from portal.testing.factories import FacilityFactory, ProductionLineFactory, ShiftFactory, UserFactory, work_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]

SIZES = {"tablet": {"width": 1024, "height": 768}, "phone": {"width": 390, "height": 844}}
LOOKS = {"light-en": ("light", "en"), "dark-es": ("dark", "es")}
TEXT = {  # what the operator reads, per language
    "en": {"recorded": "Recorded: 15 min on L1.", "overlap": "This overlaps another stop of the line"},
    "es": {"recorded": "Registrado: 15 min en L1.", "overlap": "Se traslapa con otro paro de la línea"},
}


@pytest.fixture
def floor(db, erp_rows):
    from erp.models import Job, Part

    facility = FacilityFactory(code="MAIN", time_zone="America/Chicago")
    other = FacilityFactory(code="EAST", time_zone="America/New_York")
    line = ProductionLineFactory(facility=facility, code="L1", name="Filler", erp_line_code="WC1", usual_crew=4)
    east = ProductionLineFactory(facility=other, code="E1")
    ShiftFactory(facility=facility, name="Day", start_time=dt.time(0), end_time=dt.time(12))
    ShiftFactory(facility=facility, name="Night", start_time=dt.time(12), end_time=dt.time(0))
    mechanical = Category.objects.create(name="Mechanical", colour="#d9534f", sort_order=1)
    Category.objects.create(name="Jam", parent=mechanical, colour="#f0ad4e")
    electrical = Category.objects.create(name="Electrical", colour="#0275d8", sort_order=2)
    Category.objects.create(name="Sensor", parent=electrical, colour="#5bc0de")
    Category.objects.create(name="Changeover", colour="#5cb85c", sort_order=3)
    for f in (facility, other):  # the same note in two facilities: shown once before a facility is chosen
        QuickNote.objects.create(text="Waiting for maintenance", facility=f)
    part = erp_rows(Part, [{"part_number": "FG-7", "description": "Seven", "part_type": "FG", "unit_cost": 1,
                            "uom": "EA"}])[0]
    erp_rows(Job, [{"job_number": f"J-{n}", "part": part, "status": "RELEASED", "facility": "MAIN", "line_code": "WC1",
                    "quantity_required": 5, "created_date": dt.date(2026, 1, 1)} for n in range(100, 140)])
    return {"facility": facility, "line": line, "lines": [line, east]}


def _operator(floor, theme: str, language: str):
    """An operator of both facilities' lines (floor scoping fails closed: no department, no line)."""
    return work_on(UserFactory(username="op", roles=["DowntimeTracker_User"], theme=theme, language=language),
                   *floor["lines"])




@pytest.mark.parametrize("look", LOOKS)
@pytest.mark.parametrize("size", SIZES)
def test_entry_journey(live_server, chromium, floor, size, look):
    theme, language = LOOKS[look]
    _operator(floor, theme, language)
    context = chromium.new_context(viewport=SIZES[size], locale="en-US", timezone_id="UTC", has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    try:
        sign_in(page, live_server, "op", "correct-horse-battery")
        page.goto(f"{live_server.url}/downtime/")
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("data-bs-theme") == theme
        assert page.locator("html").get_attribute("lang") == language
        assert not problems, problems  # no htmx selector error, no missing favicon
        assert page.locator("link[rel=icon]").get_attribute("href").endswith("favicon.svg")

        # Before a facility is chosen the shared quick note shows once; every facility button is readable.
        assert page.locator("button.quick-note:visible").count() == 1
        for button in page.locator("button.facility-pick").all():
            assert button.evaluate(CONTRAST) >= 3, "facility button unreadable"

        page.click("button.facility-pick:has-text('MAIN')")
        page.click(f"label[for=line-{floor['line'].pk}]")
        page.wait_for_function("() => location.search.includes('line=')")
        assert page.input_value("#id_crew_size") == "4"  # the line's usual crew

        # Main -> only its sub-categories; the chosen main and sub unmistakable.
        assert page.locator(".sub-categories:visible").count() == 0
        page.click("button.main-pick[data-node] >> nth=0")
        assert page.locator(".sub-categories:visible").count() == 1
        assert page.locator("label.category-btn:has-text('Jam')").is_visible()
        assert not page.locator("label.category-btn:has-text('Sensor')").is_visible()
        page.click("label.category-btn:has-text('Jam')")
        main = page.locator("button.main-pick >> nth=0")
        assert "active" in main.get_attribute("class")
        jam = page.locator("label.category-btn:has-text('Jam')")
        page.wait_for_timeout(400)  # Bootstrap's .btn colour transition (.15 s) must end before colours are read
        assert jam.evaluate("el => getComputedStyle(el).boxShadow") != "none"
        assert jam.evaluate(CONTRAST) >= 3

        # Job picker: a search box, a few likely jobs (not 40), then a search narrows to one.
        page.locator("#job-results .job-pick").first.wait_for()
        assert page.locator("#job-results .job-pick").count() <= 4
        page.fill("#id_job_q", "J-137")
        page.wait_for_function("() => document.querySelectorAll('#job-results .job-pick').length === 1")
        page.click("#job-results .job-pick")
        assert page.input_value("#id_job_number") == "J-137"

        page.click("[data-end-now]")
        page.click("[data-start-before-end='15']")
        assert in_view(page, "#submit-entry")  # Save never hunted for
        page.click("#submit-entry")
        page.locator("#saved-message").wait_for()
        assert TEXT[language]["recorded"] in page.locator("#saved-message").inner_text()
        assert in_view(page, "#saved-message")
        event = DowntimeEvent.objects.get()
        assert (event.crew_size, event.job_number, str(event.category)) == (4, "J-137", "Mechanical › Jam")

        # The same times again: the overlap question appears by the button, and "yes" records it.
        start = timezone.localtime(event.start, floor["facility"].tzinfo).strftime("%Y-%m-%dT%H:%M")
        end = timezone.localtime(event.end, floor["facility"].tzinfo).strftime("%Y-%m-%dT%H:%M")
        page.fill("#id_start", start)
        page.fill("#id_end", end)
        page.click("label.category-btn:has-text('Changeover')")
        page.click("#submit-entry")
        page.locator("#confirmations").wait_for()
        assert TEXT[language]["overlap"] in page.locator("#confirmations").inner_text()
        assert in_view(page, "#confirmations [data-confirm-flags]")
        page.click("#confirmations [data-confirm-flags]")
        page.locator("#saved-message").wait_for()
        assert DowntimeEvent.objects.count() == 2

        # Today's list: edit and delete in reach, no sideways scrolling.
        page.wait_for_function("() => document.querySelectorAll('#today-table tbody tr').length === 2")
        assert no_sideways_scroll(page)
        row = page.locator("#today-table tbody tr").first
        for button in (row.locator("button.btn-outline-primary"), row.locator("button.btn-outline-danger")):
            button.scroll_into_view_if_needed()
            box = button.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= SIZES[size]["width"]
        page.once("dialog", lambda dialog: dialog.accept())
        row.locator("button.btn-outline-danger").click()
        page.wait_for_function("() => document.querySelectorAll('#today-table tbody tr').length === 1")
        assert DowntimeEvent.objects.count() == 1
        assert not problems, problems
    finally:
        context.close()


def test_page_opens_offline_and_its_queue_is_sent_once(live_server, chromium, floor):
    _operator(floor, "light", "en")
    context = chromium.new_context(viewport=SIZES["tablet"], locale="en-US", timezone_id="UTC")
    page = context.new_page()
    page.set_default_timeout(15000)
    try:
        sign_in(page, live_server, "op", "correct-horse-battery")
        page.goto(f"{live_server.url}/downtime/?line={floor['line'].pk}")
        # The service worker keeps the page shell and its static files (never a partial or a post).
        page.wait_for_function("""async () => {
            const pages = await caches.open('portal-pages');
            return (await pages.match(location.origin + '/downtime/')) !== undefined; }""")
        cached = page.evaluate("""async () => {
            const out = [];
            for (const name of await caches.keys()) {
              for (const r of await (await caches.open(name)).keys()) { out.push(new URL(r.url).pathname); } }
            return out; }""")
        assert "/static/downtime/entry.js" in cached and "/static/vendor/htmx/htmx.min.js" in cached
        assert not [p for p in cached if p.startswith(("/downtime/record", "/downtime/today", "/api/"))]

        # The worker must be active (not only installed) before the connection goes, or the next navigation
        # still goes to the network (a race on a loaded machine).
        page.wait_for_function("async () => (await navigator.serviceWorker.ready).active !== null")
        page.reload()  # a page loaded after activation is controlled by the worker, as on a tablet's second visit
        page.wait_for_function("() => navigator.serviceWorker.controller !== null")
        context.set_offline(True)
        page.goto(f"{live_server.url}/downtime/?line={floor['line'].pk}")  # from the service worker
        assert page.locator("#entry-form").is_visible()
        page.locator("#connection-state").wait_for()
        wall = timezone.localtime(timezone.now(), floor["facility"].tzinfo)
        page.fill("#id_start", (wall - dt.timedelta(minutes=40)).strftime("%Y-%m-%dT%H:%M"))
        page.fill("#id_end", (wall - dt.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"))
        page.click("label.category-btn:has-text('Changeover')")
        page.click("#submit-entry")
        page.locator("#offline-queue .queued-entry").wait_for()
        assert page.locator("#queued-message").is_visible()  # told where the finger is
        key = page.evaluate("JSON.parse(localStorage.getItem('downtime.queue.v1'))[0].key")
        assert DowntimeEvent.objects.count() == 0

        context.set_offline(False)
        page.locator("#offline-queue").wait_for(state="hidden")
        assert DowntimeEvent.objects.filter(idempotency_key=key).count() == 1
        # focus and a restart replay nothing more
        page.reload()
        page.evaluate("() => window.dispatchEvent(new Event('focus'))")
        page.wait_for_timeout(500)
        assert DowntimeEvent.objects.count() == 1
    finally:
        context.close()
