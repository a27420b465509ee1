"""At tablet width in headless Chromium: record a reject with a photo; as the charged department dispute a ticket."""


import pytest
from PIL import Image

from portal.models import Department
from portal.testing.browser import sign_in
from portal.testing.factories import FacilityFactory, ProductionLineFactory, UserFactory
from quality.models import DefectCode, InternalReject, SopTicket

pytestmark = [pytest.mark.browser, pytest.mark.django_db(databases=["default", "erp"], transaction=True)]


@pytest.fixture
def tablet(chromium):
    context = chromium.new_context(viewport={"width": 1024, "height": 768}, locale="en-US", has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors
    yield page
    context.close()


def test_inspector_records_a_reject_with_a_photo(live_server, tablet, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    facility = FacilityFactory(code="MAIN", time_zone="America/Chicago")
    line = ProductionLineFactory(facility=facility, code="L1", name="Filler")
    main = DefectCode.objects.create(code="SUR", name="Surface")
    DefectCode.objects.create(code="SUR-SCR", name="Scratch", parent=main)
    UserFactory(username="qi", roles=["Quality_Inspector"])
    photo = tmp_path / "scratch.png"
    Image.new("RGB", (64, 48), "blue").save(photo, "PNG")
    page = tablet
    sign_in(page, live_server, "qi", "correct-horse-battery")
    page.goto(f"{live_server.url}/quality/rejects/new/")
    page.fill("#id_order_or_job", "J-4471")
    page.select_option("#id_line", str(line.pk))
    page.fill("#id_part", "P-100")
    page.fill("#id_quantity", "4")
    button = page.locator("label.defect-button:has-text('SUR-SCR')")
    assert button.bounding_box()["height"] >= 48  # a finger-sized target
    button.click()
    page.set_input_files("#id_photo", str(photo))
    page.click("#save-reject")
    page.locator(".alert-success, .alert-info").first.wait_for()
    reject = InternalReject.objects.get()
    assert (reject.erp_job, reject.quantity, reject.defect.code) == ("J-4471", 4, "SUR-SCR")
    assert reject.photo.name.endswith(".png")
    page.goto(f"{live_server.url}{reject.get_absolute_url()}")
    page.wait_for_function("() => { const i = document.querySelector('img.reject-photo'); "
                           "return i && i.complete && i.naturalWidth === 64; }")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    assert not tablet.console_errors


def test_charged_department_disputes_a_ticket(live_server, tablet):
    filling, labeling = Department.objects.create(name="Filling"), Department.objects.create(name="Labeling")
    member = UserFactory(username="lab")
    member.departments.add(labeling)
    head = UserFactory(username="head")
    labeling.heads.add(head)
    ticket = SopTicket.objects.create(charging_department=filling, charged_department=labeling,
                                      sop_reference="SOP-7", description="Wrong label", created_by=head)
    page = tablet
    sign_in(page, live_server, "lab", "correct-horse-battery")
    page.goto(f"{live_server.url}{ticket.get_absolute_url()}")
    page.click("summary:has-text('Dispute')")
    page.fill("textarea[name='dispute-dispute_reason']", "Labels are applied by Packing")
    page.click("button[value='dispute']")
    page.locator("[data-state='disputed']").wait_for()
    ticket.refresh_from_db()
    assert (ticket.state, ticket.dispute_reason) == ("disputed", "Labels are applied by Packing")
    assert "Disputed" in page.locator("#workflow-panel").inner_text()
    assert not tablet.console_errors
