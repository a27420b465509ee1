"""Every floor field that takes a production order, an ERP job, a machine or a lot is the shared scanner input
(templates/portal/partials/scan_input.html: ``data-scan-field``), so a USB scanner or the camera fills it.

The test opens each floor page, lists its form fields whose name says order/job/machine/lot, and fails naming any
that is not the scanner input. A new floor page belongs in FLOOR_PAGES.
"""

import re
from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db(databases=["default", "erp"])

FLOOR_PAGES = {  # {line}: a work center chosen, as an operator does first
    "/production/?line={line}": "production IN/OUT",
    "/downtime/?line={line}": "downtime entry",
    "/quality/rejects/new/?line={line}": "internal reject entry",
}
# A field named like one of these takes a code a label carries (labels: portal/labels/).
CODE_FIELD = re.compile(r"(^|_)(order|orders|job|jobs|machine|lot)(_|$)|_number$")
# Search boxes of a picker (``job_q``) look jobs up by part or text and fill the scanner field next to them.
NOT_A_CODE = re.compile(r"_q$")
# Known gaps, each with who can close it; the test fails once one is fixed, so the list only shrinks.
KNOWN_GAPS: dict[tuple[str, str], str] = {}


class Fields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str, bool]] = []  # (name, tag, is the scanner input)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
                "hidden", "radio", "checkbox", "submit", "button"):
            self.fields.append((attrs.get("name") or "", tag, "data-scan-field" in attrs))


def code_fields(html: str) -> list[tuple[str, str, bool]]:
    parser = Fields()
    parser.feed(html)
    return [f for f in parser.fields if CODE_FIELD.search(f[0]) and not NOT_A_CODE.search(f[0])]


@pytest.fixture
def floor(plant, admin_client_portal, erp_data):
    from portal.models import Machine

    Machine.objects.create(line=plant["lines"][0], code="PR-1", name="Press 1")
    admin_client_portal.line = plant["lines"][0].pk
    return admin_client_portal


def test_every_order_job_machine_or_lot_field_of_the_floor_pages_is_the_scanner_input(floor):
    seen, offenders = set(), []
    for url, page in FLOOR_PAGES.items():
        response = floor.get(url.format(line=floor.line))
        assert response.status_code == 200, f"{page} ({url}) answered {response.status_code}"
        fields = code_fields(response.content.decode())
        assert fields, f"{page} ({url}) shows no order/job/machine/lot field any more: update FLOOR_PAGES"
        for name, tag, scanner in fields:
            seen.add((url, name))
            if not scanner and (url, name) not in KNOWN_GAPS:
                offenders.append(f"{page} ({url}): <{tag} name={name}>")
    assert not offenders, "not the shared scanner input (docs/scanner.md):\n" + "\n".join(offenders)
    fixed = [gap for gap in KNOWN_GAPS if gap not in seen or any(
        (url, name) == gap and scanner for url in [gap[0]] for name, _t, scanner in
        code_fields(floor.get(url.format(line=floor.line)).content.decode()))]
    assert not fixed, f"fixed or gone, remove from KNOWN_GAPS: {fixed}"


def test_the_audit_recognises_a_plain_field_and_the_scanner_input():
    html = ('<input type="text" name="job_number"><input name="order_number" data-scan-field>'
            '<input type="search" name="job_q"><input type="hidden" name="lot"><select name="machine"></select>')
    assert code_fields(html) == [("job_number", "input", False), ("order_number", "input", True),
                                 ("machine", "select", False)]
