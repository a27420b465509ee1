"""Audit-log rows link only to pages the viewer may open (a link to a 403 page is a dead end)."""

import pytest

from downtime.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_category():
    category = Category.objects.create(name="Mechanical")  # audited: one log entry
    return category


def test_a_reader_without_access_to_the_record_sees_text_not_a_link(client_for, changed_category):
    client = client_for("Scheduling_Admin")  # reads the audit log, may not open downtime categories
    html = client.get("/admin/auditlog/logentry/").content.decode()
    assert "Mechanical" in html
    assert f"/admin/downtime/category/{changed_category.pk}/change/" not in html
    assert client.get(f"/admin/downtime/category/{changed_category.pk}/change/").status_code == 403


def test_a_reader_with_access_gets_the_link(client_for, changed_category):
    html = client_for("Production_Portal_Admin").get("/admin/auditlog/logentry/").content.decode()
    assert f"/admin/downtime/category/{changed_category.pk}/change/" in html
