"""Configuration rules checked in the admin forms (model clean)."""

import pytest
from django.core.exceptions import ValidationError

from downtime.models import Category, QuickNote

pytestmark = pytest.mark.django_db


def test_categories_nest_to_any_depth_in_configured_order(categories):
    conveyor = Category.objects.create(name="Conveyor", parent=categories["mechanical"], sort_order=1)
    belt = Category(name="Belt slip", parent=conveyor)
    belt.full_clean()  # a third level is fine
    belt.save()
    deeper = Category.objects.create(name="Worn splice", parent=belt, sort_order=1)
    assert (deeper.depth, deeper.full_name) == (4, "Mechanical › Conveyor › Belt slip › Worn splice")
    assert [c.name for c in Category.objects.in_configured_order()] == [
        "Mechanical", "Conveyor", "Belt slip", "Worn splice", "Breakdown", "Jam", "Old reason", "Changeover"]
    # reordering a branch moves its whole subtree
    conveyor.sort_order = 500
    conveyor.save()
    assert [c.name for c in Category.objects.in_configured_order()][:5] == [
        "Mechanical", "Breakdown", "Jam", "Old reason", "Conveyor"]
    assert [c.name for c in Category.objects.mains()] == ["Mechanical", "Changeover"]


def test_a_category_cannot_sit_under_its_own_branch_or_a_retired_one(categories):
    conveyor = Category.objects.create(name="Conveyor", parent=categories["mechanical"])
    belt = Category.objects.create(name="Belt slip", parent=conveyor)
    mechanical = categories["mechanical"]
    for parent in (mechanical, conveyor, belt):  # itself, its child, its grandchild: a cycle
        mechanical.parent = parent
        with pytest.raises(ValidationError) as exc:
            mechanical.full_clean()
        assert "parent" in exc.value.message_dict
    mechanical.parent = belt
    with pytest.raises(ValidationError) as exc:
        mechanical.full_clean()
    assert exc.value.message_dict["parent"] == [
        "“Belt slip” is under this category: pick a category outside its branch."]
    retired = Category(name="Under a retired one", parent=categories["retired"])
    with pytest.raises(ValidationError) as exc:
        retired.full_clean()
    assert exc.value.message_dict["parent"] == ["“Old reason” is retired: pick an active parent category."]


def test_moving_a_branch_moves_the_paths_under_it(categories):
    conveyor = Category.objects.create(name="Conveyor", parent=categories["mechanical"])
    belt = Category.objects.create(name="Belt slip", parent=conveyor)
    conveyor.parent = categories["changeover"]
    conveyor.full_clean()
    conveyor.save()
    belt.refresh_from_db()
    assert belt.full_name == "Changeover › Conveyor › Belt slip" and belt.depth == 3
    assert list(Category.objects.subtree_of(categories["changeover"]).in_configured_order()) == [
        categories["changeover"], conveyor, belt]


def test_flags_inherit_from_every_category_above(categories):
    conveyor = Category.objects.create(name="Conveyor", parent=categories["mechanical"])
    belt = Category.objects.create(name="Belt slip", parent=conveyor)
    categories["mechanical"].planned = True
    categories["mechanical"].save()
    belt = Category.objects.get(pk=belt.pk)
    assert belt.inherits("planned") and not belt.inherits("notify")
    assert set(Category.objects.planned()) == {categories["mechanical"], categories["jam"], categories["breakdown"],
                                               categories["retired"], conveyor, belt}


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


def test_admin_refuses_a_cycle_and_lists_the_tree_in_bounded_queries(client_for, categories):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    conveyor = Category.objects.create(name="Conveyor", parent=categories["mechanical"])
    belt = Category.objects.create(name="Belt slip", parent=conveyor)
    client = client_for("DowntimeTracker_Admin")
    mechanical = categories["mechanical"]
    response = client.post(f"/admin/downtime/category/{mechanical.pk}/change/", {
        "parent": belt.pk, "name": "Mechanical", "colour": "#d9534f", "sort_order": 1, "active": "on",
        "children-TOTAL_FORMS": 0, "children-INITIAL_FORMS": 0})
    assert response.status_code == 200  # the form again, with the reason
    assert "is under this category: pick a category outside its branch" in response.content.decode()
    mechanical.refresh_from_db()
    assert mechanical.parent_id is None

    def listed():
        with CaptureQueriesContext(connection) as ctx:
            page = client.get("/admin/downtime/category/")
        assert page.status_code == 200
        return len(ctx.captured_queries), page.content.decode()

    few, _ = listed()
    deeper = belt
    for level in range(4):
        deeper = Category.objects.create(name=f"Level {level + 4}", parent=deeper)
    many, page = listed()
    assert many == few and "Level 7" in page
    branch = client.get(f"/admin/downtime/category/?branch={mechanical.pk}").content.decode()
    assert "Level 7" in branch and "Changeover" not in branch.split('id="result_list"')[1].split("</table>")[0]
