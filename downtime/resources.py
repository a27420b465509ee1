"""Excel/CSV import-export of the downtime configuration: reason categories and quick notes, with their Spanish
labels (validated by the models, all or nothing, an ``id`` column updates; see portal/resources.py)."""

from django.utils.translation import gettext as _
from import_export import fields, widgets

from portal.models import Facility, ProductionLine
from portal.resources import LineWidget, Strict

from .models import Category, QuickNote
from .models.config import SEGMENT


class CategoryPathWidget(widgets.ForeignKeyWidget):
    """A parent category by its full path of names from the top, "Mechanical / Conveyor / Belt" (names repeat
    under different parents, so a bare name would be ambiguous). The tree is read once per import or export."""

    SEPARATOR = "/"

    def __init__(self, model=Category, field="name", **kwargs):
        super().__init__(model, field, **kwargs)
        self._by_path: dict[str, Category] | None = None

    def __deepcopy__(self, memo):  # a fresh tree per resource, so per import
        return type(self)(self.model, self.field)

    def _tree(self) -> dict[str, Category]:
        if self._by_path is None:
            self._by_path = {category.path: category for category in Category.objects.all()}
        return self._by_path

    def clean(self, value, row=None, **kwargs):
        if not value or not str(value).strip():
            return None
        names = [name.strip().casefold() for name in str(value).replace("›", self.SEPARATOR).split(self.SEPARATOR)]
        found, path = None, ""
        for name in names:
            found = next((category for key, category in self._tree().items()
                          if key.startswith(path) and key.count("/") == path.count("/") + 1
                          and category.name.casefold() == name), None)
            if found is None:
                raise ValueError(_("No category “%(path)s”: write the parent's full path from the top level, e.g. "
                                   "Mechanical / Conveyor.") % {"path": value})
            path = found.path
        return found

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        tree = self._tree()
        names = (tree.get(value.path[:end]) for end in range(SEGMENT, len(value.path) + 1, SEGMENT))
        return f" {self.SEPARATOR} ".join(category.name for category in names if category is not None)


class CategoryResource(Strict):
    parent = fields.Field("parent", "parent", CategoryPathWidget())

    class Meta(Strict.Meta):
        model = Category
        fields = ["id", "parent", "name", "name_es", "code", "colour", "sort_order", "allows_no_crew",
                  "opens_maintenance_ticket", "notify", "active"]


class QuickNoteResource(Strict):
    facility = fields.Field("facility", "facility", widgets.ForeignKeyWidget(Facility, "code"))
    line = fields.Field("line", "line", LineWidget(ProductionLine))

    class Meta(Strict.Meta):
        model = QuickNote
        fields = ["id", "text", "text_es", "facility", "line", "sort_order", "active"]
