"""Pytest plugin: the ERP tables in the test ``erp`` database, a small realistic demo in them, hand-made rows.

Mark tests that read the ERP ``@pytest.mark.django_db(databases=["default", "erp"])``, then use:

- ``erp_data``: the small deterministic demo (seed ``TEST_SEED``, scale ``TEST_SCALE``; about 3,000 rows), loaded
  once per session. It returns the generator's ``Dataset`` (``.today``, ``.counts()``, ``.rows(view)``).
- ``erp_rows``: ``erp_rows(Part, [{"part_number": "FG-1", ...}, ...])`` inserts exact rows through the demo
  writer and returns them as model instances. Without ``erp_data`` the ERP tables start empty for the test, so
  the test sees only its own scenario; with ``erp_data`` the rows come on top of the demo. Either way the ERP is
  back to the demo after the test (the test transaction rolls back; a ``transaction=True`` test is restored).

The test ``erp`` database is in-memory SQLite by default, PostgreSQL when TEST_ERP_DATABASE_URL is set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pytest
from django.db import connections, models
from django.utils import timezone

from erp.demo import writer
from erp.demo.generator import DEFAULT_SEED, Dataset, generate
from erp.models import ErpModel
from erp.router import ERP_DB

TEST_SEED = DEFAULT_SEED
TEST_SCALE = 0.05


def _marks_erp(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    databases = marker.kwargs.get("databases") if marker else getattr(getattr(item, "cls", None), "databases", None)
    return databases == "__all__" or (databases is not None and ERP_DB in databases)


@pytest.fixture(scope="session")
def erp_test_database(request, django_db_setup, django_db_blocker) -> Dataset:
    """Creates the ERP tables in the test ``erp`` database and loads the small demo, once per session."""
    # pytest-django only creates the test database of an alias some collected test asks for; without it the
    # alias would point at the configured ERP, never to be written by tests.
    if not any(_marks_erp(item) for item in request.session.items):
        pytest.fail(
            "The ERP fixtures need the test 'erp' database: mark the test "
            '@pytest.mark.django_db(databases=["default", "erp"]).',
            pytrace=False,
        )
    with django_db_blocker.unblock():
        dataset = generate(seed=TEST_SEED, scale=TEST_SCALE, today=timezone.localdate())
        writer.rebuild(dataset.tables)
    return dataset


@pytest.fixture
def erp_data(erp_test_database: Dataset) -> Dataset:
    """The small deterministic demo ERP (see module docstring)."""
    return erp_test_database


class ErpRows:
    """``erp_rows(model, [row, ...])``: insert hand-made ERP rows for one test (see module docstring).

    A row names fields by field name (``part``), attribute (``part_id``) or column (``part_number``); a related
    value may be a model instance. Fields with a default may be left out, and so may an integer ``id``.
    """

    def __init__(self, keep_demo: bool) -> None:
        self.keep_demo = keep_demo
        self.touched = False

    def __call__(self, model: type[ErpModel], rows: Iterable[Mapping[str, Any]]) -> list[ErpModel]:
        if not self.touched:
            self.touched = True
            if not self.keep_demo:
                writer.clear()
        rows = list(rows)
        next_id = self._next_id(model)
        prepared = []
        for row in rows:
            values = self._values(model, row)
            if values[model._meta.pk.column] is None and next_id is not None:
                values[model._meta.pk.column] = next_id
                next_id += 1
            prepared.append(values)
        missing = sorted({column for values in prepared for column, value in values.items() if value is None
                          and not _field_by_column(model, column).null})
        if missing:
            raise ValueError(f"{model.__name__} rows need a value for: {', '.join(missing)}")
        writer.insert_rows(model, prepared)
        # Re-read them: instances then carry their database state, as rows read by the portal do.
        pks = [values[model._meta.pk.column] for values in prepared]
        found = model.objects.in_bulk(pks)
        return [found[model._meta.pk.to_python(pk)] for pk in pks]

    @staticmethod
    def _next_id(model: type[ErpModel]) -> int | None:
        if not isinstance(model._meta.pk, models.IntegerField):
            return None
        highest = model.objects.aggregate(highest=models.Max("pk"))["highest"]
        return (highest or 0) + 1

    @staticmethod
    def _values(model: type[ErpModel], row: Mapping[str, Any]) -> dict[str, Any]:
        names = {}
        for field in model._meta.concrete_fields:
            for alias in (field.name, field.attname, field.column):
                names[alias] = field
        values: dict[str, Any] = {}
        for key, value in row.items():
            field = names.get(key)
            if field is None:
                raise ValueError(f"{model.__name__} has no field {key!r}")
            if field.column in values:
                raise ValueError(f"{model.__name__}: {key!r} is given twice")
            if field.is_relation:
                if isinstance(value, models.Model):
                    value = value.pk
                value = None if value is None else field.target_field.to_python(value)
            elif value is not None:
                value = field.clean(value, None)  # types, choices, lengths: a typo fails here, not later
            values[field.column] = value
        # Every row in the model's column order, defaults filled in, so rows naming different fields mix.
        return {
            field.column: values[field.column] if field.column in values
            else (field.get_default() if field.has_default() else None)
            for field in model._meta.concrete_fields
        }


def _field_by_column(model: type[ErpModel], column: str) -> models.Field:
    return next(field for field in model._meta.concrete_fields if field.column == column)


@pytest.fixture
def erp_rows(request, erp_test_database: Dataset):
    helper = ErpRows(keep_demo="erp_data" in request.fixturenames)
    yield helper
    if helper.touched and not connections[ERP_DB].in_atomic_block:
        # A transaction=True test committed its rows: put the demo back for the tests after it.
        writer.replace_rows(erp_test_database.tables)


@pytest.fixture(autouse=True)
def _floor_numbers_known(request, monkeypatch, settings):
    """Floor-write tests are about their own rules (balances, keys, scope): their made-up order, job and part numbers
    count as known to the ERP and their quantities as plausible. Tests of the plausibility check itself
    (portal/services/plausibility.py) ask for the real one with the ``plausibility`` fixture."""
    if "plausibility" in request.fixturenames:
        return
    from erp.services import known

    monkeypatch.setattr(known, "job", lambda number: known.Known(bool(number)))
    monkeypatch.setattr(known, "part", lambda number, facility_code="": known.Known(bool(number)))
    settings.PLAUSIBLE_MARGIN_PERCENT = 10**9


@pytest.fixture
def plausibility():
    """The real plausibility check of floor entries (portal/services/plausibility.py), ERP lookups included."""
