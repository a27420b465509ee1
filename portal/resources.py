"""Excel/CSV import-export of plant configuration (django-import-export), and ``Strict``, the base of every import.

Imports validate every row with the model's own ``full_clean`` (the same rules as the admin form), show row
and field errors, and write nothing unless every row is valid. An ``id`` column updates existing rows.

Time and locks (issue 35): the preview (a dry run) validates without writing and without a transaction, so it
holds no write lock however long the file; a value that must be unique is checked against the database and
against the file's earlier rows. The confirmed apply validates the whole file the same way first, then writes
it in chunks of ``CHUNK_ROWS`` rows, one short transaction each, so floor posts and sign-ins get the database
between two chunks. Foreign keys by code are looked up once per distinct value (``CodeWidget``), so the cost of
a row does not depend on the file's size.
"""

from __future__ import annotations

import contextvars
import time

from django.core.exceptions import ValidationError
from django.db import connections
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets
from import_export.results import Result

from .imports.widgets import CodeWidget
from .models import Department, Facility, LoginEvent, Machine, ProductionCapacity, ProductionLine, Shift

CHUNK_ROWS = 50  # rows written per transaction by a confirmed import
# SQLite has one write lock and no fair queue: a writer waiting for it polls (up to every 100 ms), so the apply
# leaves it free this long between two chunks, so floor posts and sign-ins get in (on most gaps).
SQLITE_PAUSE_SECONDS = 0.05

# True while a file is being checked (the preview, the check before a confirmed apply): nothing may be written.
# Widgets and hooks that would create something read it (import_export calls some of them without dry_run).
_checking: contextvars.ContextVar[bool] = contextvars.ContextVar("import_checking", default=False)


def checking() -> bool:
    return _checking.get()


def unique_groups(model) -> list[tuple[str, ...]]:
    """The field groups whose values must be unique (unique fields, unique_together, unconditional constraints)."""
    groups = [(f.name,) for f in model._meta.local_fields if f.unique and not f.primary_key]
    groups += [tuple(group) for group in model._meta.unique_together]
    groups += [tuple(c.fields) for c in model._meta.total_unique_constraints if c.fields]
    return groups


def merge_into(total: Result, part: Result, offset: int) -> None:
    """Add a chunk's result to the whole file's (row numbers of the chunk shifted by ``offset``)."""
    total.rows.extend(part.rows)
    total.base_errors.extend(part.base_errors)
    for invalid in part.invalid_rows:
        invalid.number += offset
        total.invalid_rows.append(invalid)
    for error in part.error_rows:
        error.number += offset
        total.error_rows.append(error)
    for kind, count in part.totals.items():
        total.totals[kind] += count
    total.total_rows += part.total_rows


class Strict(resources.ModelResource):
    """Every import: validated by the model, nothing written unless every row is valid, unchanged rows skipped;
    previews without writing, applies in chunks (see the module docstring)."""

    class Meta:
        abstract = True
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None,
                    collect_failed_rows=False, rollback_on_validation_errors=False, **kwargs) -> Result:
        self._seen: dict[tuple, int] = {}
        # Validate the whole file without writing and outside any transaction: no write lock is held.
        # (import_data itself would open one for any dry run and write every row, rolled back at the end.)
        token = _checking.set(True)
        try:
            checked = self.import_data_inner(dataset, True, raise_errors, False, collect_failed_rows, **kwargs)
        finally:
            _checking.reset(token)
        if dry_run or checked.has_errors() or checked.has_validation_errors():
            return checked
        return self.apply_in_chunks(dataset, raise_errors=raise_errors,
                                    collect_failed_rows=collect_failed_rows, **kwargs)

    def apply_in_chunks(self, dataset, **kwargs) -> Result:
        """Write a validated file CHUNK_ROWS rows per transaction; stops at the first chunk with an error (the
        data changed since the check): that chunk is rolled back, the earlier ones stay written."""
        total = self.get_result_class()()
        total.written = 0  # rows of the chunks committed
        for start in range(0, len(dataset), CHUNK_ROWS):
            chunk = dataset[start:start + CHUNK_ROWS]  # rows only: headers are taken from the dataset below
            part_set = dataset.__class__(*chunk, headers=dataset.headers)
            self._seen = {}
            part = super().import_data(part_set, dry_run=False, use_transactions=True,
                                       rollback_on_validation_errors=True, **kwargs)
            merge_into(total, part, start)
            if part.has_errors() or part.has_validation_errors():
                break
            total.written += len(part_set)
            if connections[self.get_db_connection_name()].vendor == "sqlite" and start + CHUNK_ROWS < len(dataset):
                time.sleep(SQLITE_PAUSE_SECONDS)
        total.diff_headers = self.get_diff_headers()
        return total

    def import_row(self, row, instance_loader, **kwargs):
        self._row_number = kwargs.get("row_number", 0)
        return super().import_row(row, instance_loader, **kwargs)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The rows of the file are not written while it is checked: a value repeated in the file is caught here.
        errors = dict(import_validation_errors or {})
        seen = getattr(self, "_seen", None)
        unsaved = {name: related for name, related in instance._state.fields_cache.items()
                   if related is not None and getattr(related, "pk", 0) is None}
        if seen is not None:
            for group in unique_groups(type(instance)):
                # A parent the file creates (unsaved while the file is checked) counts by its object.
                values = tuple(id(unsaved[name]) if name in unsaved
                               else getattr(instance, type(instance)._meta.get_field(name).attname) for name in group)
                if any(value in (None, "") for value in values):
                    continue
                key = (group, values)
                first = seen.setdefault(key, self._row_number)
                if first != self._row_number:
                    errors.setdefault(group[0], []).append(
                        _("The same value is already on row %(row)s of this file.") % {"row": first + 1})
        if self._meta.clean_model_instances:
            # A parent the file creates is not in the database while the file is checked: its foreign key is
            # left out of full_clean (its own rules were checked when the widget made it).
            try:
                # A parent the widget has just read from the database needs no second query to prove it exists
                # (kept when the field restricts its choices: that rule is checked by the same query).
                fetched = [f.name for f in type(instance)._meta.concrete_fields
                           if f.many_to_one and f.name not in unsaved and not f.get_limit_choices_to()
                           and getattr(instance._state.fields_cache.get(f.name), "pk", None) is not None]
                instance.clean_fields(exclude=[*errors, *unsaved, *fetched])
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
            try:
                instance.clean()
            except ValidationError as exc:
                errors = exc.update_error_dict(errors)
            if validate_unique:  # as full_clean does, but a fetched parent still counts in unique checks
                for check in (instance.validate_unique, instance.validate_constraints):
                    try:
                        check(exclude={*errors, *unsaved})
                    except ValidationError as exc:
                        errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


class FacilityResource(Strict):
    class Meta(Strict.Meta):
        model = Facility
        fields = ["id", "code", "name", "name_es", "erp_code", "time_zone", "active"]


class ProductionLineResource(Strict):
    facility = fields.Field("facility", "facility", CodeWidget(Facility, "code"))

    class Meta(Strict.Meta):
        model = ProductionLine
        fields = ["id", "facility", "code", "name", "name_es", "erp_line_code", "usual_crew", "active"]


class LineWidget(widgets.ForeignKeyWidget):
    """A line as FACILITY/LINE (line codes repeat between facilities); each distinct value looked up once."""

    def __init__(self, model=ProductionLine, field="code", **kwargs):
        super().__init__(model, field, **kwargs)
        self._found: dict[str, ProductionLine | None] = {}

    def __deepcopy__(self, memo):  # a fresh look-up memory per resource, so per import
        return type(self)(self.model, self.field)

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        key = str(value)
        if key not in self._found:
            facility, _slash, code = key.partition("/")
            self._found[key] = ProductionLine.objects.filter(
                facility__code=facility.strip(), code=code.strip()).first()
        line = self._found[key]
        if line is None:
            raise ValueError(_("No line “%(value)s”: write it as FACILITY/LINE, e.g. MAIN/L1.") % {"value": value})
        return line

    def render(self, value, obj=None, **kwargs):
        return f"{value.facility.code}/{value.code}" if value else ""


class MachineResource(Strict):
    line = fields.Field("line", "line", LineWidget())

    class Meta(Strict.Meta):
        model = Machine
        fields = ["id", "line", "code", "name", "name_es", "machine_type", "active"]


class DepartmentResource(Strict):
    class Meta(Strict.Meta):
        model = Department
        fields = ["id", "name", "active"]


class ShiftResource(Strict):
    facility = fields.Field("facility", "facility", CodeWidget(Facility, "code"))

    class Meta(Strict.Meta):
        model = Shift
        fields = ["id", "facility", "name", "name_es", "start_time", "end_time", "active"]


class ProductionCapacityResource(Strict):
    class Meta(Strict.Meta):
        model = ProductionCapacity
        fields = ["id", "line", "shift", "units_per_shift"]


class LoginEventResource(resources.ModelResource):
    class Meta:
        model = LoginEvent
        fields = ["created_at", "username", "outcome", "ip_address", "user_agent", "backend"]
        export_order = fields
