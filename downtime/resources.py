"""Excel/CSV import-export of the downtime configuration: reason categories and quick notes, with their Spanish
labels (validated by the models, all or nothing, an ``id`` column updates; see portal/resources.py)."""

from django.utils.translation import gettext as _
from import_export import fields, widgets

from portal.models import Facility, ProductionLine
from portal.resources import Strict

from .models import Category, QuickNote


class MainCategoryWidget(widgets.ForeignKeyWidget):
    """The main category by name (main categories only, so a sub-category's name never matches)."""

    def get_queryset(self, value, row, *args, **kwargs):
        return Category.objects.filter(parent__isnull=True)


class CategoryResource(Strict):
    parent = fields.Field("parent", "parent", MainCategoryWidget(Category, "name"))

    class Meta(Strict.Meta):
        model = Category
        fields = ["id", "parent", "name", "name_es", "code", "colour", "sort_order", "notify", "active"]


class LineWidget(widgets.ForeignKeyWidget):
    """A line as FACILITY/LINE (line codes repeat between facilities)."""

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        facility, _slash, code = str(value).partition("/")
        line = ProductionLine.objects.filter(facility__code=facility.strip(), code=code.strip()).first()
        if line is None:
            raise ValueError(_("No line “%(value)s”: write it as FACILITY/LINE, e.g. MAIN/L1.") % {"value": value})
        return line

    def render(self, value, obj=None, **kwargs):
        return f"{value.facility.code}/{value.code}" if value else ""


class QuickNoteResource(Strict):
    facility = fields.Field("facility", "facility", widgets.ForeignKeyWidget(Facility, "code"))
    line = fields.Field("line", "line", LineWidget(ProductionLine))

    class Meta(Strict.Meta):
        model = QuickNote
        fields = ["id", "text", "text_es", "facility", "line", "sort_order", "active"]
