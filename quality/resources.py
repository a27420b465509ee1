"""Excel/CSV import-export of the defect codes (main group by its code; validated by the model, all or nothing,
an ``id`` column updates; see portal/resources.py)."""

from import_export import fields, widgets

from portal.resources import Strict

from .models import DefectCode


class MainGroupWidget(widgets.ForeignKeyWidget):
    """The main group by code (main groups only: two levels)."""

    def get_queryset(self, value, row, *args, **kwargs):
        return DefectCode.objects.filter(parent__isnull=True)


class DefectCodeResource(Strict):
    parent = fields.Field("parent", "parent", MainGroupWidget(DefectCode, "code"))

    class Meta(Strict.Meta):
        model = DefectCode
        fields = ["id", "parent", "code", "name", "name_es", "sort_order", "active"]
