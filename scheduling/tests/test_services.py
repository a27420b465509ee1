"""Scheduling services: validation, the conflict rule, history, archiving, the summary figures (hand-computed)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from scheduling.models import AgingBucket, Projection, ProjectionChange
from scheduling.services import grid
from scheduling.services.projections import (
    ProjectionConflict,
    ProjectionError,
    archive_closed,
    parse_quantity,
    set_projection,
)
from scheduling.services.summary import schedule_summary

pytestmark = pytest.mark.django_db(databases=["default", "erp"])


@pytest.mark.parametrize(("text", "expected"), [("12", 12), (12, 12), ("", 0), (None, 0), (" 1,200 ", 1200),
                                                  ("7.0", 7), (0, 0)])
def test_whole_quantities_are_accepted(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["1.5", "-1", "abc", True, "NaN", "Infinity", "1e30", "12 boxes"])
def test_other_input_is_refused_with_a_message(text):
    with pytest.raises(ProjectionError) as error:
        parse_quantity(text)
    assert error.value.message


def test_first_save_creates_the_projection_with_history_and_dollar_values(scenario, planner):
    l1 = scenario["lines"][0]
    state = set_projection(l1.pk, "low_risk", "30", 0, planner)
    assert (state.low_risk_qty, state.high_risk_qty, state.version) == (30, 0, 1)
    assert state.low_risk_value == D("75.00")  # 30 × 2.50
    assert state.updated_by == "Pat Planner"
    projection = Projection.objects.get(so_line_id=l1.pk)
    assert (projection.so_number, projection.line_number) == ("SO1", 1)
    change = ProjectionChange.objects.get()
    assert (change.field, change.old_value, change.new_value, change.changed_by) == ("low_risk", None, 30, planner)


def test_every_change_is_kept_in_history_with_old_and_new(scenario, planner, other_planner):
    l2 = scenario["lines"][1]
    set_projection(l2.pk, "low_risk", 4, 0, planner)
    set_projection(l2.pk, "low_risk", 7, 1, other_planner)
    state = set_projection(l2.pk, "high_risk", 3, 2, planner)
    assert state.high_risk_value == D("37.04")  # 3 × 12.3456 = 37.0368
    history = list(ProjectionChange.objects.order_by("id").values_list("field", "old_value", "new_value", "version",
                                                                          "changed_by__username"))
    assert history == [("low_risk", None, 4, 1, "planner"), ("low_risk", 4, 7, 2, "planner2"),
                       ("high_risk", 0, 3, 3, "planner")]


def test_saving_the_same_value_changes_nothing(scenario, planner):
    l1 = scenario["lines"][0]
    set_projection(l1.pk, "low_risk", 5, 0, planner)
    state = set_projection(l1.pk, "low_risk", 5, 1, planner)
    assert state.version == 1
    assert ProjectionChange.objects.count() == 1


def test_low_and_high_together_may_not_exceed_the_open_quantity(scenario, planner):
    l1 = scenario["lines"][0]  # open 60
    set_projection(l1.pk, "low_risk", 40, 0, planner)
    with pytest.raises(ProjectionError, match=r"together \(61\).*open quantity \(60\)"):
        set_projection(l1.pk, "high_risk", 21, 1, planner)
    set_projection(l1.pk, "high_risk", 20, 1, planner)  # exactly the open quantity is fine
    assert Projection.objects.get(so_line_id=l1.pk).high_risk_qty == 20
    with pytest.raises(ProjectionError):
        set_projection(l1.pk, "low_risk", -1, 2, planner)
    assert ProjectionChange.objects.count() == 2


def test_a_closed_or_unknown_line_cannot_be_projected(scenario, planner):
    closed = scenario["lines"][3]
    for line_id in (closed.pk, 999_999):
        with pytest.raises(ProjectionError, match="no longer open"):
            set_projection(line_id, "low_risk", 1, 0, planner)
    assert not Projection.objects.exists()


def test_a_stale_version_is_a_conflict_naming_the_current_value_and_who_set_it(scenario, planner, other_planner):
    l3 = scenario["lines"][2]
    set_projection(l3.pk, "low_risk", 10, 0, planner)  # planner saves first; other_planner still holds version 0
    with pytest.raises(ProjectionConflict) as conflict:
        set_projection(l3.pk, "low_risk", 25, 0, other_planner)
    assert conflict.value.current_value == 10
    assert conflict.value.state.updated_by == "Pat Planner"
    assert conflict.value.state.version == 1
    assert "Pat Planner" in conflict.value.message and "10" in conflict.value.message
    assert Projection.objects.get(so_line_id=l3.pk).low_risk_qty == 10  # nothing overwritten
    assert ProjectionChange.objects.count() == 1
    # With the current version the second planner's change goes through.
    assert set_projection(l3.pk, "low_risk", 25, 1, other_planner).low_risk_qty == 25


def test_a_change_to_the_other_field_after_someone_saved_is_a_conflict_too(scenario, planner, other_planner):
    l3 = scenario["lines"][2]
    set_projection(l3.pk, "low_risk", 10, 0, planner)
    with pytest.raises(ProjectionConflict) as conflict:
        set_projection(l3.pk, "high_risk", 5, 0, other_planner)
    assert conflict.value.current_value == 0 and conflict.value.state.low_risk_qty == 10


def test_unknown_field_or_version_is_refused(scenario, planner):
    l1 = scenario["lines"][0]
    with pytest.raises(ProjectionError):
        set_projection(l1.pk, "price", 1, 0, planner)
    with pytest.raises(ProjectionError):
        set_projection(l1.pk, "low_risk", 1, -1, planner)


def test_projections_of_closed_lines_are_archived_not_deleted(scenario, planner):
    l1, _l2, l3, l4 = scenario["lines"]
    set_projection(l1.pk, "low_risk", 5, 0, planner)
    closed = Projection.objects.create(so_line_id=l4.pk, so_number="SO2", line_number=2, low_risk_qty=5, version=1)
    reopened = Projection.objects.create(so_line_id=l3.pk, so_number="SO2", line_number=1, low_risk_qty=2,
                                         version=1, archived=True)
    assert archive_closed() == {"archived": 1, "restored": 1}
    closed.refresh_from_db()
    reopened.refresh_from_db()
    assert closed.archived and closed.archived_at is not None and closed.low_risk_qty == 5
    assert not reopened.archived
    assert not Projection.objects.get(so_line_id=l1.pk).archived
    assert archive_closed() == {"archived": 0, "restored": 0}  # idempotent
    assert Projection.objects.count() == 3


def test_summary_cards_hand_computed(projected, today):
    Projection.objects.create(so_line_id=projected["lines"][3].pk, so_number="SO2", line_number=2,
                              low_risk_qty=5, high_risk_qty=5, version=1)  # a closed line: never counted
    summary = schedule_summary(today)
    assert [b.value for b in summary.fg_buckets] == [D("30.00"), D("40.00"), D("14.00")]
    assert [(b.min_days, b.max_days) for b in summary.fg_buckets] == [(0, 30), (31, 90), (91, None)]
    assert summary.fg_total == D("84.00")
    assert summary.shipped_this_month == D("123.45")
    assert summary.projected_low_risk == D("154.38")
    assert summary.projected_high_risk == D("244.07")
    assert summary.likely_this_month == D("124.38")
    assert summary.potential_this_month == D("248.46")


def test_summary_for_one_facility_or_business_unit(projected, today):
    chi = schedule_summary(today, facility="CHI")
    assert [b.value for b in chi.fg_buckets] == [D("30.00"), D("40.00"), D("0.00")]
    assert chi.shipped_this_month == D("100.00")
    assert chi.projected_low_risk == D("124.38")  # L1 + L2
    home = schedule_summary(today, business_unit="HOME")
    assert [b.value for b in home.fg_buckets] == [D("30.00"), D("0.00"), D("14.00")]
    assert home.projected_high_risk == D("170.00")  # L1 50 + L3 120
    assert home.likely_this_month == D("75.00")


def test_aging_bounds_come_from_the_admin_setting(scenario, today):
    AgingBucket(first_max_days=7, second_max_days=60).save()
    buckets = schedule_summary(today).fg_buckets
    # 0-7: A 10 today 20.00; 8-60: A 5 (30 d) 10.00 + B 3 (31 d) 30.00; >60: B 1 (90 d) 10.00 + A 7 (91 d) 14.00.
    assert [b.value for b in buckets] == [D("20.00"), D("40.00"), D("24.00")]
    assert AgingBucket.objects.count() == 1


def test_aging_bounds_must_increase():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        AgingBucket(first_max_days=90, second_max_days=30).full_clean()


def test_grid_rows_merge_projections_in_one_query_per_page(projected):
    lines = list(grid.open_lines().order_by("id"))
    with CaptureQueriesContext(connections["default"]) as portal, CaptureQueriesContext(connections["erp"]) as erp:
        rows = grid.attach_projections(lines)
    assert len(portal) == 1 and len(erp) == 0
    l1 = rows[0]
    assert (l1.low_risk_qty, l1.high_risk_qty, l1.low_risk_value, l1.high_risk_value) == (30, 20, D("75.00"),
                                                                                          D("50.00"))
    assert l1.projection_version == 2 and l1.projection_updated_by == "Pat Planner"
    assert [line.open_qty for line in rows] == [60, 10, 50]


def test_the_open_quantity_dropping_below_a_projection_is_flagged(projected, today):
    rows = grid.attach_projections(list(grid.open_lines().order_by("id")))
    assert not any(row.projection_above_open for row in rows)
    rows[0].open_qty = D(49)  # shipped since the projection of 30 + 20 was entered
    rows = grid.attach_projections(rows)
    assert rows[0].projection_above_open


def test_month_end_boundary_due_dates(projected):
    # Seen from the 1st of next month, L2 (due at the end of this month) is overdue and L3 is due: both likely.
    first_next = (projected["today"].replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    summary = schedule_summary(first_next)
    assert summary.likely_this_month == D("154.38")


def test_the_hourly_archive_task_is_declared_and_runs(scenario, planner):
    from django.apps import apps

    from scheduling.tasks import archive_closed_projections

    specs = apps.get_app_config("scheduling").periodic_tasks
    assert [spec.task for spec in specs] == ["scheduling.tasks.archive_closed_projections"]
    Projection.objects.create(so_line_id=scenario["lines"][3].pk, so_number="SO2", line_number=2, version=1)
    assert archive_closed_projections.delay().get() == {"archived": 1, "restored": 0}


def test_numbers_in_messages_are_formatted(scenario, planner):
    from django.utils import translation

    l1 = scenario["lines"][0]  # open 60 (stored as 60.0000)
    with pytest.raises(ProjectionError) as refused:
        set_projection(l1.pk, "low_risk", 12500, 0, planner)
    assert "(12,500)" in refused.value.message and "(60)" in refused.value.message  # not 12500, not 60.0000
    set_projection(l1.pk, "low_risk", 10, 0, planner)
    from scheduling.services.projections import ProjectionConflict, quantity_text

    with pytest.raises(ProjectionConflict) as conflict:
        set_projection(l1.pk, "low_risk", 11, 0, planner)
    assert "is now 10." in conflict.value.message
    with translation.override("es"):
        assert quantity_text(1234567) == "1,234,567"  # Mexican Spanish groups with commas too
