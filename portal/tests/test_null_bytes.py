"""A NUL character in a query parameter is refused with 400 before any view runs (PostgreSQL refuses it in a text
value: the API fuzz found a 500 on /api/planning/utilization/?facility=...%00...)."""

import pytest


@pytest.mark.django_db
def test_a_nul_in_a_query_parameter_is_a_400_for_the_api_and_the_pages(client_for):
    client = client_for("Production_Portal_Admin")
    answer = client.get("/api/planning/utilization/?facility=MAIN%00x&first=2026-03-02&last=2026-03-03")
    assert answer.status_code == 400
    assert answer.json()["code"] == "invalid" and "NUL" in answer.json()["detail"]
    page = client.get("/planning/orders/?q=A%00")
    assert page.status_code == 400
    # an ordinary query is untouched
    assert client.get("/planning/orders/?q=A").status_code == 200
