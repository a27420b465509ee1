"""Data in two languages (portal/models/translated.py): the Spanish label when the reader's language is Spanish,
the main one otherwise or when there is none; in templates, list cells and both export paths."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from portal.lists.columns import ChoiceColumn, TranslatedColumn
from portal.lists.views import PortalListView
from portal.models import Shift
from portal.models.translated import localized
from portal.testing.factories import FacilityFactory, ShiftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shifts():
    facility = FacilityFactory(code="MTY", name="Monterrey plant", name_es="Planta Monterrey")
    night = ShiftFactory(facility=facility, name="Night", name_es="Nocturno", start_time=dt.time(22),
                         end_time=dt.time(6))
    day = ShiftFactory(facility=facility, name="Day", start_time=dt.time(6), end_time=dt.time(14))  # no Spanish
    return night, day


def test_spanish_label_with_fallback(shifts):
    night, day = shifts
    with translation.override("es"):
        assert localized(night) == "Nocturno" and night.localized_name == "Nocturno"
        assert localized(day) == "Day"  # nothing in Spanish: the main name
        assert str(night) == "Nocturno (22:00–06:00)" and str(night.facility) == "MTY – Planta Monterrey"
    with translation.override("en"):
        assert localized(night) == "Night" and str(night) == "Night (22:00–06:00)"


def test_template_filter(shifts):
    night, _day = shifts
    template = Template("{% load translated %}{{ shift|localized }}/{{ shift.facility|localized:'name' }}")
    with translation.override("es"):
        assert template.render(Context({"shift": night})) == "Nocturno/Planta Monterrey"
    with translation.override("en"):
        assert template.render(Context({"shift": night})) == "Night/Monterrey plant"


def test_list_column_and_both_export_paths(shifts):
    column = TranslatedColumn("name", "Shift", sort="name")
    queryset = Shift.objects.order_by("start_time")
    for language, expected in (("es", ["Day", "Nocturno"]), ("en", ["Day", "Night"])):
        with translation.override(language):
            assert [column.value(s) for s in queryset] == expected
            rows, prepared = PortalListView().export_rows(queryset, [column])
            assert prepared and [r[0] for r in rows] == expected


def test_choice_column_shows_the_label_in_the_readers_language():
    from erp.models.sales import OrderType

    column = ChoiceColumn("order_type", "SO type", choices=OrderType)
    with translation.override("es"):
        assert column.value({"order_type": "BLANKET"}) == str(OrderType.BLANKET.label) != "BLANKET"
    with translation.override("en"):
        assert column.value({"order_type": "BLANKET"}) == "Blanket release"
        assert column.prepare("SAMPLE") == "Sample"
        assert column.value({"order_type": "ODD"}) == "ODD"  # an unknown code is shown as it is
