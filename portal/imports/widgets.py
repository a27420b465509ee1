"""Import widgets of the one import mechanism: a foreign key given by its code, looked up once per distinct value.

django-import-export's ``ForeignKeyWidget`` queries the database for every row; a 50,000-row file naming the same
three facilities then costs 50,000 queries. ``CodeWidget`` remembers what it found (and what it did not) for the
life of its resource, which is one import: each resource gets its own copy of its fields.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from import_export import widgets


class CodeWidget(widgets.ForeignKeyWidget):
    """A foreign key by code (``field``): one query per distinct value, and an error naming what was not found."""

    def __init__(self, model, field="pk", **kwargs):
        super().__init__(model, field, **kwargs)
        self._found: dict[str, object] = {}

    def __deepcopy__(self, memo):  # a fresh memory per resource instance (the fields are deep-copied per resource)
        return type(self)(self.model, self.field, use_natural_foreign_keys=self.use_natural_foreign_keys,
                          key_is_id=self.key_is_id)

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        key = str(value).strip()
        if key not in self._found:
            self._found[key] = self.get_queryset(value, row, **kwargs).filter(**{self.field: key}).first()
        found = self._found[key]
        if found is None:
            raise ValueError(_("No %(what)s “%(value)s”.") % {"what": self.model._meta.verbose_name, "value": value})
        return found
