"""The reject entry's machine field is the shared scanner input: a typed or scanned machine code (any case) is
resolved on the chosen line; an unknown code or a machine of another line is refused with a message, nothing saved."""

import uuid
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from portal.models import Machine, ProductionLine
from quality.models import InternalReject

pytestmark = pytest.mark.django_db


@pytest.fixture
def machines(plant):
    other = ProductionLine.objects.create(facility=plant["facility"], code="L2", name="Line 2")
    return {"press": Machine.objects.create(line=plant["line"], code="PR-1", name="Press 1"),
            "elsewhere": Machine.objects.create(line=other, code="WE-7", name="Welder 7"),
            "retired": Machine.objects.create(line=plant["line"], code="OLD-1", name="Old", active=False)}


def post(client, plant, machine: str, json=False):
    data = {"line": plant["line"].pk, "part": "P-1", "quantity": 2, "defect": plant["scratch"].pk, "machine": machine,
            "idempotency_key": str(uuid.uuid4())}
    extra = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(reverse("quality:reject-entry"), data, **extra)


class MachineField(HTMLParser):
    def __init__(self):
        super().__init__()
        self.field, self.options = None, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("name") == "machine":
            self.field = (tag, attrs)
        if tag == "option" and self.field and self.field[0] == "input":
            self.options.append(attrs.get("value"))


def test_the_machine_field_is_the_scanner_input_with_the_machines_suggested(client, plant, machines):
    client.force_login(plant["inspector"])
    parser = MachineField()
    parser.feed(client.get(reverse("quality:reject-entry")).content.decode())
    tag, attrs = parser.field
    assert tag == "input" and "data-scan-field" in attrs and attrs["list"] == "reject-machines"
    assert {"PR-1", "WE-7"} <= set(parser.options) and "OLD-1" not in parser.options


def test_a_scanned_code_in_any_case_resolves_to_the_machine_of_the_line(client, plant, machines):
    client.force_login(plant["inspector"])
    assert post(client, plant, " pr-1 ").status_code == 302
    assert InternalReject.objects.get().machine == machines["press"]
    assert post(client, plant, "").status_code == 302  # the machine stays optional
    assert InternalReject.objects.latest("pk").machine is None


@pytest.mark.parametrize(("code", "message"), [
    ("NOPE-3", "Line L1 has no machine NOPE-3."),
    ("we-7", "Line L1 has no machine WE-7."),  # a machine of line L2
    ("old-1", "Line L1 has no machine OLD-1."),  # deactivated
])
def test_an_unknown_code_or_a_machine_of_another_line_is_refused_and_nothing_saved(client, plant, machines, code,
                                                                                    message):
    client.force_login(plant["inspector"])
    page = post(client, plant, code)
    assert page.status_code == 400 and message in page.content.decode()  # the refusal, next to the field
    assert f'value="{code}"' in page.content.decode()  # what was typed stays in the field to correct it
    queued = post(client, plant, code, json=True)  # the offline queue's post gets the field's error
    assert queued.status_code == 400 and message in queued.json()["machine"][0]
    assert not InternalReject.objects.exists()
