"""Two planners saving the same line at the same instant: exactly one wins, the other gets the conflict.

Needs a database with row locks (PostgreSQL; ``bin/test`` / TEST_DATABASE_URL): the in-memory SQLite of the
default test run cannot be shared between threads.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from scheduling.models import Projection, ProjectionChange
from scheduling.services.projections import ProjectionConflict, set_projection

pytestmark = [
    pytest.mark.django_db(databases=["default", "erp"], transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locks"),
]


@pytest.mark.parametrize("existing", [False, True], ids=["first-projection", "existing-projection"])
def test_simultaneous_saves_never_overwrite_silently(scenario, planner, other_planner, existing):
    line = scenario["lines"][0]
    version = 0
    if existing:
        version = set_projection(line.pk, "low_risk", 1, 0, planner).version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(user, value):
        try:
            barrier.wait()
            set_projection(line.pk, "low_risk", value, version, user)
            outcomes.append("saved")
        except ProjectionConflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(user, value))
               for user, value in ((planner, 10), (other_planner, 20))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    projection = Projection.objects.get(so_line_id=line.pk)
    assert projection.version == version + 1
    assert ProjectionChange.objects.count() == version + 1
