"""Configuration rules checked in the admin forms (model clean)."""

import pytest
from django.core.exceptions import ValidationError

from downtime.models import Category, QuickNote

pytestmark = pytest.mark.django_db


def test_categories_have_two_levels(categories):
    deeper = Category(name="Too deep", parent=categories["jam"])
    with pytest.raises(ValidationError) as exc:
        deeper.full_clean()
    assert exc.value.message_dict["parent"] == ["Pick a main category: categories have two levels only."]
    main = categories["mechanical"]
    main.parent = categories["changeover"]
    with pytest.raises(ValidationError) as exc:
        main.full_clean()
    assert "must stay a main one" in exc.value.message_dict["parent"][0]


def test_colour_is_a_hex_code(categories):
    categories["jam"].colour = "red"
    with pytest.raises(ValidationError) as exc:
        categories["jam"].full_clean()
    assert "colour" in exc.value.message_dict


def test_quick_note_belongs_to_a_facility_or_a_line(plant):
    with pytest.raises(ValidationError):
        QuickNote(text="Nowhere").full_clean()
    with pytest.raises(ValidationError):
        QuickNote(text="Both", facility=plant["facility"], line=plant["lines"][0]).full_clean()
    QuickNote(text="Line", line=plant["lines"][0]).full_clean()


def test_admin_configures_categories(client_for, categories):
    client = client_for("DowntimeTracker_Admin")
    response = client.post("/admin/downtime/category/add/", {
        "name": "Quality hold", "colour": "#123456", "sort_order": 5, "active": "on", "notify": "on",
        "children-TOTAL_FORMS": 0, "children-INITIAL_FORMS": 0})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Category.objects.get(name="Quality hold").notify
    assert client.get("/admin/downtime/downtimeevent/").status_code == 200
