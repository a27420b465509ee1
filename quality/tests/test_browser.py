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


@pytest.fixture
def inspector_floor():
    """Line L1 of MAIN, the defect SUR-SCR and the inspector "qi"; returns the line."""
    facility = FacilityFactory(code="MAIN", time_zone="America/Chicago")
    line = ProductionLineFactory(facility=facility, code="L1", name="Filler")
    main = DefectCode.objects.create(code="SUR", name="Surface")
    DefectCode.objects.create(code="SUR-SCR", name="Scratch", parent=main)
    UserFactory(username="qi", roles=["Quality_Inspector"])
    return line


def test_inspector_records_a_reject_with_a_photo(live_server, tablet, tmp_path, settings, inspector_floor):
    settings.MEDIA_ROOT = tmp_path
    line = inspector_floor
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


def test_a_reject_entered_offline_is_sent_once_with_its_photo(live_server, tablet, tmp_path, settings,
                                                               inspector_floor):
    settings.MEDIA_ROOT = tmp_path
    line = inspector_floor
    photo = tmp_path / "dent.png"
    Image.new("RGB", (2400, 1800), "red").save(photo, "PNG")  # a big camera photo: reduced to fit on the device
    page = tablet
    sign_in(page, live_server, "qi", "correct-horse-battery")
    page.goto(f"{live_server.url}/quality/rejects/new/")
    page.wait_for_load_state("networkidle")
    page.context.set_offline(True)
    page.wait_for_function("() => document.querySelector('#connection-state').innerText.startsWith('Offline')")
    assert "text-bg-warning" in page.locator("#connection-state").get_attribute("class")
    page.fill("#id_order_or_job", "J-5000")
    page.select_option("#id_line", str(line.pk))
    page.fill("#id_part", "P-200")
    page.fill("#id_quantity", "3")
    page.click("label.defect-button:has-text('SUR-SCR')")
    page.set_input_files("#id_photo", str(photo))
    page.click("#save-reject")
    page.locator("#offline-queue .queued-entry").wait_for()
    assert "J-5000 P-200 × 3" in page.locator("#offline-queue").inner_text()
    assert page.input_value("#id_part") == ""  # the form is ready for the next reject
    assert InternalReject.objects.count() == 0

    page.context.set_offline(False)
    page.locator("#offline-queue").wait_for(state="hidden")
    assert page.locator("#connection-state").inner_text() == "Online"
    reject = InternalReject.objects.get()
    assert (reject.erp_job, reject.quantity, reject.defect.code, reject.line) == ("J-5000", 3, "SUR-SCR", line)
    with reject.photo.open("rb") as handle, Image.open(handle) as stored:
        assert stored.size == (2400, 1800)  # sent as taken while the page stayed open
    page.evaluate("() => window.dispatchEvent(new Event('online'))")  # a second replay stores nothing more
    page.wait_for_timeout(500)
    assert InternalReject.objects.count() == 1
    assert not tablet.console_errors


def test_refused_fields_are_marked_and_nothing_is_saved(live_server, tablet, inspector_floor):
    page = tablet
    sign_in(page, live_server, "qi", "correct-horse-battery")
    page.goto(f"{live_server.url}/quality/rejects/new/")
    page.fill("#id_part", "P-300")
    page.fill("#id_quantity", "0")
    page.click("#save-reject")
    page.locator("#id_quantity.is-invalid").wait_for()
    assert page.locator("#id_line.is-invalid").count() == 1
    assert "Check the fields marked in red." in page.locator("#reject-message .portal-message").inner_text()
    assert page.locator(".portal-message, [data-transient-message]").count() == 1  # one message, not a stack
    assert page.input_value("#id_part") == "P-300"  # what was typed stays
    assert InternalReject.objects.count() == 0


def test_a_line_taken_from_the_user_is_refused_next_to_the_button_and_not_queued(live_server, tablet,
                                                                                 inspector_floor):
    from django.contrib.auth.models import Permission

    from portal.testing.factories import work_on

    line = inspector_floor
    operator = work_on(UserFactory(username="op"), line)  # works on L1 only (no plant-wide role)
    operator.user_permissions.add(*Permission.objects.filter(codename__in=["record_reject", "view_quality"]))
    page = tablet
    sign_in(page, live_server, "op", "correct-horse-battery")
    page.goto(f"{live_server.url}/quality/rejects/new/")
    page.select_option("#id_line", str(line.pk))
    page.fill("#id_part", "P-400")
    page.fill("#id_quantity", "2")
    page.locator("label.defect-button:has-text('SUR-SCR')").click()
    operator.departments.clear()  # meanwhile an administrator moves the operator off the line
    page.click("#save-reject")
    refusal = page.locator("#reject-message .portal-message")
    refusal.wait_for()
    assert "You do not work on line L1" in refusal.inner_text()
    assert page.locator("#offline-queue").is_hidden()  # refused: not kept to be sent again
    assert InternalReject.objects.count() == 0


def test_a_reject_queued_on_a_page_that_was_closed_is_sent_with_the_reduced_photo(live_server, tablet, tmp_path,
                                                                                   inspector_floor):
    line = inspector_floor
    photo = tmp_path / "dent.png"
    Image.new("RGB", (3200, 2400), "red").save(photo, "PNG")
    page = tablet
    sign_in(page, live_server, "qi", "correct-horse-battery")
    page.goto(f"{live_server.url}/quality/rejects/new/")
    page.wait_for_load_state("networkidle")
    page.context.set_offline(True)
    page.select_option("#id_line", str(line.pk))
    page.fill("#id_part", "P-201")
    page.fill("#id_quantity", "2")
    page.click("label.defect-button:has-text('SUR-SCR')")
    page.set_input_files("#id_photo", str(photo))
    page.click("#save-reject")
    page.locator("#offline-queue .queued-entry").wait_for()
    page.close()  # the tablet's browser closed: only what the queue kept on the device is left

    page = page.context.new_page()
    page.context.set_offline(False)
    page.goto(f"{live_server.url}/quality/rejects/new/")
    page.wait_for_function("() => JSON.parse(localStorage.getItem('portal.queue.quality-rejects.v1') || '[]')"
                           ".length === 0")
    reject = InternalReject.objects.get()
    assert (reject.part, reject.quantity) == ("P-201", 2)
    with reject.photo.open("rb") as handle, Image.open(handle) as stored:
        assert stored.format == "JPEG" and stored.size == (1600, 1200)  # reduced to fit on the device
