"""The ticket list and the MTBF/MTTR list read the same number of queries for a few rows as for many (no N+1)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from maintenance.services import open_ticket


def _queries(client, name: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(name))
    assert response.status_code == 200
    return len(ctx), response.content.decode()


@pytest.mark.parametrize("name", ["maintenance:tickets", "maintenance:reliability"])
def test_list_pages_read_a_fixed_number_of_queries(client, works, maintenance_admin, name):
    client.force_login(maintenance_admin)
    now = timezone.now()
    made = 0

    def add(n):
        nonlocal made
        for i in range(made, made + n):
            machine = [works["press"], *works["welders"]][i % 3]
            open_ticket(line=machine.line, machine=machine, problem=f"P{i}", priority=works["priorities"]["High"],
                        opened_at=now - dt.timedelta(days=i))
        made += n

    add(2)
    few, _ = _queries(client, name)
    add(25)
    many, page = _queries(client, name)
    assert few == many, f"{name}: {few} queries with 2 tickets, {many} with 27"
    assert "WELD-" in page
