"""The admin panel: portal admins look notifications up and re-address them; state is not editable there."""

import pytest
from django.urls import reverse

from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_portal_admin_lists_filters_and_searches(admin_client_portal, raise_for, scheduler):
    raise_for(scheduler, title="Press 4 jammed", level="critical")
    raise_for(scheduler, kind="test.other", title="Oven hot")
    url = reverse("admin:notifications_notification_changelist")
    assert "Press 4 jammed" in admin_client_portal.get(url).content.decode()
    found = admin_client_portal.get(url, {"q": "oven"}).content.decode()
    assert "Oven hot" in found and "Press 4 jammed" not in found
    filtered = admin_client_portal.get(url, {"level__exact": "critical", "state__exact": "open"}).content.decode()
    assert "Press 4 jammed" in filtered and "Oven hot" not in filtered


def test_state_fields_are_read_only(admin_client_portal, raise_for, scheduler):
    n = raise_for(scheduler, title="Press 4 jammed")
    url = reverse("admin:notifications_notification_change", args=[n.pk])
    page = admin_client_portal.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "state" not in form.fields and "resolved_by" not in form.fields and "raise_count" not in form.fields
    assert {"title", "level", "target_groups", "target_users"} <= set(form.fields)


def test_admin_rejects_an_unsafe_link(admin_client_portal, raise_for, scheduler):
    n = raise_for(scheduler, title="Press 4 jammed")
    url = reverse("admin:notifications_notification_change", args=[n.pk])
    response = admin_client_portal.post(url, {
        "level": "info", "title": "Press 4 jammed", "body": "", "url": "javascript:alert(1)",
        "target_users": [scheduler.pk],
    })
    assert response.status_code == 200 and "Use a path on this site" in response.content.decode()
    n.refresh_from_db()
    assert n.url == ""


def test_nobody_adds_notifications_by_hand(admin_client_portal):
    assert admin_client_portal.get(reverse("admin:notifications_notification_add")).status_code == 403
    assert not Notification.objects.exists()
