"""The pipeline board as a manager reads it: projects in the columns of their stages, each card's age against the
stage's threshold (the escalation's rule), its material block and its due date; who may open it; its query count."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from laser.models import InventoryItem, Project, Stage, StageThreshold
from laser.services import shop_today, shop_zone
from laser.services.board import board
from portal.services.localtime import format_local
from portal.workflow.services import apply_transition


def _project(shop, code: str, stage: str, *, days_in_stage: float = 0, sheets: int = 1, target=None,
             material=("mild_steel", Decimal("3.0"), "3000x1500")) -> Project:
    kind, thickness, size = material
    project = Project.objects.create(code=code, client=shop["client"], material_type=kind, thickness_mm=thickness,
                                     sheet_size=size, sheets_required=sheets, stage=stage, target_date=target)
    Project.objects.filter(pk=project.pk).update(
        state_entered_at=timezone.now() - dt.timedelta(days=days_in_stage))
    return project


def _card(content: str, code: str) -> str:
    return content.split(f'id="card-{code}"')[1].split("</li>")[0]


def _column(content: str, stage: str) -> str:
    return content.split(f'id="stage-{stage}"')[1].split("</section>")[0]


def test_board_groups_projects_by_stage_with_their_age_against_the_threshold(client, shop):
    StageThreshold.objects.update_or_create(stage=Stage.QUOTES, defaults={"days": Decimal("4"), "active": True})
    _project(shop, "Q-OLD", Stage.QUOTES, days_in_stage=5.2)
    _project(shop, "Q-NEAR", Stage.QUOTES, days_in_stage=3.5)
    _project(shop, "Q-NEW", Stage.QUOTES, days_in_stage=1)
    _project(shop, "D-NEW", Stage.DELIVERED, days_in_stage=2)
    _project(shop, "D-OLD", Stage.DELIVERED, days_in_stage=60)
    StageThreshold.objects.filter(stage=Stage.CUTTING).delete()
    client.force_login(shop["manager"])
    content = client.get(reverse("laser:board")).content.decode()

    # The workflow's order, each project in its stage's column.
    order = [content.index(f'id="stage-{s}"') for s in Stage.values]
    assert order == sorted(order)
    quotes = _column(content, Stage.QUOTES)
    assert all(f"card-{c}" in quotes for c in ("Q-OLD", "Q-NEAR", "Q-NEW"))
    assert "card-P-1001" in _column(content, Stage.CUTTING)
    # Past the threshold red, near it amber, young nothing: "5.2 d of 4 d".
    assert 'data-age="past"' in _card(content, "Q-OLD") and "5.2 d of 4 d" in _card(content, "Q-OLD")
    assert 'data-age="near"' in _card(content, "Q-NEAR") and "3.5 d of 4 d" in _card(content, "Q-NEAR")
    assert 'data-age="ok"' in _card(content, "Q-NEW")
    # Cutting has no threshold here: the age alone, never marked.
    assert 'data-age="none"' in _card(content, "P-1001") and " of " not in _card(content, "P-1001")
    # Delivered: the last days only, the older ones counted and linked.
    delivered = _column(content, Stage.DELIVERED)
    assert "card-D-NEW" in delivered and "card-D-OLD" not in delivered and "1 earlier" in delivered
    # Each card links to its project.
    project = Project.objects.get(code="Q-OLD")
    assert reverse("laser:project", args=[project.pk]) in _card(content, "Q-OLD")


def test_the_mark_follows_the_escalation_rule_exactly_at_the_threshold(shop):
    StageThreshold.objects.update_or_create(stage=Stage.MATERIAL, defaults={"days": Decimal("2"), "active": True})
    project = _project(shop, "M-EDGE", Stage.MATERIAL)
    project.refresh_from_db()
    at = project.state_entered_at + dt.timedelta(days=2)
    card = next(c for col in board(now=at) for c in col.cards if c.project.code == "M-EDGE")
    assert card.standing.status == "past" and card.age == "2 d" and card.limit == "2 d"
    before = next(c for col in board(now=at - dt.timedelta(seconds=1)) for c in col.cards
                  if c.project.code == "M-EDGE")
    assert before.standing.status == "near"


def test_a_project_short_of_sheets_is_marked_blocked(client, shop):
    # 10 sheets of mild steel on hand, P-1001 (Cutting) reserves 6: 4 free.
    _project(shop, "M-NONE", Stage.MATERIAL, sheets=3, material=("stainless", Decimal("1.5"), "2500x1250"))
    _project(shop, "Q-BIG", Stage.QUOTES, sheets=5)
    _project(shop, "Q-FITS", Stage.QUOTES, sheets=4)
    _project(shop, "R-DONE", Stage.PICKUP, sheets=50)
    client.force_login(shop["manager"])
    content = client.get(reverse("laser:board")).content.decode()
    assert "data-blocked" in _card(content, "M-NONE") and "Material blocked" in _card(content, "M-NONE")
    assert "needs 5 sheets" in _card(content, "Q-BIG")  # the inventory service's own sentence
    for fine in ("Q-FITS", "P-1001", "R-DONE"):
        assert "data-blocked" not in _card(content, fine), fine
    # Stock received: the mark is gone.
    InventoryItem.objects.filter(pk=shop["item"].pk).update(quantity=100)
    content = client.get(reverse("laser:board")).content.decode()
    assert "data-blocked" not in _card(content, "Q-BIG")


def test_a_past_due_date_is_red_until_the_project_is_ready(client, shop):
    yesterday = dt.date.today() - dt.timedelta(days=2)
    _project(shop, "C-LATE", Stage.CUTTING, target=yesterday)
    _project(shop, "R-READY", Stage.PICKUP, target=yesterday)
    _project(shop, "C-SOON", Stage.CUTTING, target=dt.date.today() + dt.timedelta(days=5))
    client.force_login(shop["manager"])
    content = client.get(reverse("laser:board")).content.decode()
    assert "text-danger" in _card(content, "C-LATE") and "(late)" in _card(content, "C-LATE")
    assert "(late)" not in _card(content, "R-READY") and "(late)" not in _card(content, "C-SOON")


def test_only_those_who_see_the_projects_see_the_board(client, shop):
    url = reverse("laser:board")
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(shop["operator"])
    assert client.get(url).status_code == 403
    client.force_login(shop["manager"])
    page = client.get(url)
    assert page.status_code == 200 and url in client.get(reverse("laser:projects")).content.decode()


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("laser:board")).status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_the_projects(client, shop):
    client.force_login(shop["manager"])
    sheets = [("mild_steel", Decimal("3.0"), "3000x1500"), ("stainless", Decimal("1.5"), "2500x1250")]
    for k, stage in enumerate(Stage.values):
        _project(shop, f"F-{k}", stage, days_in_stage=k, material=sheets[k % 2], target=dt.date(2026, 1, 1))
    few = _queries(client)
    for k in range(60):
        _project(shop, f"M-{k}", Stage.values[k % 5], days_in_stage=k % 9, material=sheets[k % 2],
                 sheets=k, target=dt.date(2026, 1, 1))
    many = _queries(client)
    assert many <= few, f"{few} queries with few projects, {many} with many"
    assert many <= 25


TIME = re.compile(r"\b\d{1,2}:\d{2}(?: [ap]\.m\.)?(?: ([A-Z]{3,4})\b)?")


@pytest.mark.parametrize("page", ["board", "project", "stock-move", "dashboard", "phone-lists", "movements",
                                  "reports", "report"])
def test_times_on_the_shops_pages_carry_the_shops_zone(client, shop, page):
    from laser.services.inventory import receive
    from laser.services.reports import generate_daily_report
    from laser.services.runs import start_run

    start_run(project=shop["project"], machine=shop["machine"], operator=shop["operator"], key="zone")
    receive(shop["item"], 5, user=shop["manager"], reason="delivery")
    apply_transition(shop["project"], "cut_complete", shop["manager"])  # a line on the project's timeline
    apply_transition(shop["project"], "deliver", shop["manager"])
    day = shop_today() - dt.timedelta(days=1)
    generate_daily_report(day, user=shop["manager"], new_version=True)
    client.force_login(shop["manager"])
    args = {"project": [shop["project"].pk], "stock-move": [shop["item"].pk], "report": [day]}.get(page, [])
    content = client.get(reverse(f"laser:{page}", args=args)).content.decode()
    shop["project"].refresh_from_db()
    # The shop is in Johannesburg, the portal in Chicago: every time reads in the shop's zone, labelled.
    expected = format_local(shop["project"].state_entered_at, shop_zone())
    assert expected.endswith(" SAST")
    # "07:30 shop time" is the schedule's time of day (the reports page says whose), not a moment to label
    zones = TIME.findall(content.replace("07:30 shop time", ""))
    assert zones and set(zones) == {"SAST"}, zones  # a time without its zone would be an empty label here


def test_the_board_reads_in_spanish(client, shop, spanish):
    StageThreshold.objects.update_or_create(stage=Stage.QUOTES, defaults={"days": Decimal("4"), "active": True})
    _project(shop, "Q-OLD", Stage.QUOTES, days_in_stage=5.2, sheets=50)
    client.force_login(shop["manager"])
    content = client.get(reverse("laser:board"), headers={"accept-language": "es"}).content.decode()
    assert "Tablero de proyectos" in content and "Material bloqueado" in _card(content, "Q-OLD")
    assert "5.2 d de 4 d" in _card(content, "Q-OLD")
