"""A production admin creates an andon board from the production pages (issue 34), no admin panel; an operator may
not; a board is a facility's or one line's, never both; the demo has one per facility."""

import pytest
from django.urls import reverse

from production.models import AndonBoard

pytestmark = pytest.mark.django_db


def test_a_production_admin_creates_a_facility_board_from_the_oee_page(client, shop):
    client.force_login(shop["admin"])
    assert reverse("production:boards") in client.get(reverse("production:oee")).content.decode()
    facility = shop["assembly"].facility
    answer = client.post(reverse("production:boards"), {"name": "Chicago TV", "facility": facility.pk,
                                                        "red_below": 65, "green_from": 85, "refresh_seconds": 30})
    assert answer.status_code == 302
    board = AndonBoard.objects.get()
    assert (board.facility, board.created_by, board.active) == (facility, shop["admin"], True)
    page = client.get(reverse("production:boards")).content.decode()
    assert "Chicago TV" in page and board.get_absolute_url() in page


def test_both_a_facility_and_a_line_is_refused_with_a_message(client, shop):
    client.force_login(shop["admin"])
    answer = client.post(reverse("production:boards"), {
        "name": "X", "facility": shop["assembly"].facility.pk, "line": shop["assembly"].pk, "red_below": 65,
        "green_from": 85, "refresh_seconds": 30})
    assert answer.status_code == 400 and "not both" in answer.content.decode()
    assert not AndonBoard.objects.exists()


def test_an_operator_may_not_create_boards(client, shop):
    client.force_login(shop["operator"])
    assert client.get(reverse("production:boards")).status_code == 403


def test_the_demo_has_a_board_per_facility(shop):
    from production.demo import build_boards

    build_boards()
    build_boards()  # safe to re-run
    assert sorted(AndonBoard.objects.values_list("facility__code", flat=True)) == ["ATL", "CHI"]
