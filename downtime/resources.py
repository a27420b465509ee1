"""Excel/CSV import-export of the downtime configuration: reason categories and quick notes, with their Spanish
labels (validated by the models, all or nothing, an ``id`` column updates; see portal/resources.py)."""

from import_export import fields, widgets

from portal.models import Facility, ProductionLine
from portal.resources import LineWidget, Strict

from .models import Category, QuickNote


class MainCategoryWidget(widgets.ForeignKeyWidget):
    """The main category by name (main categories only, so a sub-category's name never matches)."""

    def get_queryset(self, value, row, *args, **kwargs):
        return Category.objects.filter(parent__isnull=True)


class CategoryResource(Strict):
    parent = fields.Field("parent", "parent", MainCategoryWidget(Category, "name"))

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
