"""The upgrade to reasons of any depth keeps the existing two-level categories and fills their place in the tree."""

import pytest

from downtime.models import Category
from portal.testing.migrations import latest, migrate_to

pytestmark = pytest.mark.django_db(transaction=True)


def test_existing_categories_get_their_path_level_and_order():
    old = migrate_to([("downtime", "0010_machine_detected_stops")])
    try:
        Old = old.get_model("downtime", "Category")
        planned = Old.objects.create(name="Planned", sort_order=2, planned=True)
        mechanical = Old.objects.create(name="Mechanical", sort_order=1)
        jam = Old.objects.create(name="Jam", parent=mechanical, sort_order=5)
        breakdown = Old.objects.create(name="Breakdown", parent=mechanical, sort_order=5)
        brk = Old.objects.create(name="Break", parent=planned)
    finally:
        migrate_to(latest())
    assert [c.name for c in Category.objects.in_configured_order()] == [
        "Mechanical", "Breakdown", "Jam", "Planned", "Break"]
    assert Category.objects.get(pk=jam.pk).full_name == "Mechanical › Jam"
    assert {c.pk: c.depth for c in Category.objects.all()} == {
        planned.pk: 1, mechanical.pk: 1, jam.pk: 2, breakdown.pk: 2, brk.pk: 2}
    assert set(Category.objects.planned().values_list("pk", flat=True)) == {planned.pk, brk.pk}
