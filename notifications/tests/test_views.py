"""Pages: the bell on every page, the list, and the read/resolve actions (htmx and plain POST)."""

import pytest
from django.test import Client
from django.urls import reverse

from notifications import services
from notifications.models import Notification, NotificationRead
from portal.testing.factories import FacilityFactory

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")
BELL = reverse("notifications:bell")
HTMX = {"HTTP_HX_REQUEST": "true"}
# Session + user, then the list's kinds, page count and rows.
LIST_FRAGMENT_BUDGET = 5
SHELL_ALLOWANCE = 4  # what base.html's menu costs (user permissions), not ours to budget
BELL_BUDGET = 4  # session, user, count, latest unread


def many(user, count, kind="test.load"):
    return [
        services.raise_notification(kind, FacilityFactory(), title=f"Condition {i}", users=[user],
                                    level=["info", "warning", "critical"][i % 3])
        for i in range(count)
    ]


@pytest.fixture
def signed_in(client, scheduler):
    client.force_login(scheduler)
    return client


# --- the bell -----------------------------------------------------------------------------------------------


def test_bell_on_every_page_shows_the_unread_count(signed_in, scheduler, raise_for):
    raise_for(scheduler, title="Press 4 jammed")
    raise_for(scheduler, kind="test.other", title="Oven hot")
    page = signed_in.get(reverse("home")).content.decode()
    assert 'id="notification-bell"' in page
    assert 'hx-trigger="every 30s' in page and f'hx-get="{BELL}"' in page
    assert '<span class="notification-count' in page and ">2</span>" in page
    assert "Press 4 jammed" in page and "Oven hot" in page


def test_htmx_bell_partial_returns_the_count(signed_in, scheduler, raise_for):
    raise_for(scheduler)
    response = signed_in.get(BELL, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="notification-bell"')
    assert "<html" not in body
    assert ">1</span>" in body and "Notifications, 1 unread" in body


def test_bell_without_unread_has_no_badge(signed_in, scheduler, raise_for):
    services.mark_read(scheduler, [raise_for(scheduler)])
    body = signed_in.get(BELL, **HTMX).content.decode()
    assert "notification-count" not in body and "You are all caught up." in body


def test_bell_caps_the_badge(signed_in, scheduler):
    for i in range(101):
        Notification.objects.create(kind="test.many", key=str(i), title="t").target_users.add(scheduler)
    assert ">99+</span>" in signed_in.get(BELL).content.decode()


@pytest.mark.parametrize("existing", [1, 50])
def test_bell_query_budget_does_not_grow_with_notifications(signed_in, scheduler, existing,
                                                            django_assert_max_num_queries):
    many(scheduler, existing)
    with django_assert_max_num_queries(BELL_BUDGET):
        response = signed_in.get(BELL, **HTMX)
    assert f">{existing}</span>" in response.content.decode()


@pytest.mark.parametrize(("existing", "queries"), [(0, 1), (1, 2), (50, 2)])
def test_the_bell_itself_costs_one_or_two_queries(rf, scheduler, existing, queries, django_assert_num_queries):
    """What base.html adds to every page: the count, plus the latest unread only when there are some."""
    from django.template.loader import render_to_string

    many(scheduler, existing)
    request = rf.get("/")
    request.user = scheduler
    with django_assert_num_queries(queries):
        html = render_to_string("notifications/partials/bell.html", request=request)
    assert ("notification-count" in html) == bool(existing)


def test_the_bell_does_not_show_others_notifications(signed_in, outsider, raise_for):
    raise_for(outsider, title="Secret condition")
    body = signed_in.get(BELL).content.decode()
    assert "Secret condition" not in body and "notification-count" not in body


# --- the list page ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("existing", [1, 50])
def test_list_fragment_query_budget_does_not_grow_with_notifications(signed_in, scheduler, existing,
                                                                     django_assert_max_num_queries):
    many(scheduler, existing)
    many(scheduler, 3, kind="test.other")
    with django_assert_max_num_queries(LIST_FRAGMENT_BUDGET):
        response = signed_in.get(LIST, **HTMX)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(existing + 3, 25)


def test_full_list_page_costs_the_same_with_50_notifications(signed_in, scheduler, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    many(scheduler, 1)
    with CaptureQueriesContext(connection) as few:
        signed_in.get(LIST)
    many(scheduler, 50, kind="test.more")
    # The page shell (menu permissions) adds its own few queries; ours: list fragment + bell.
    with django_assert_max_num_queries(len(few)):
        response = signed_in.get(LIST)
    assert len(few) <= LIST_FRAGMENT_BUDGET + 2 + SHELL_ALLOWANCE
    assert len(response.context["page"].object_list) == 25


def test_list_page_shows_rows_with_level_state_and_actions(signed_in, scheduler, raise_for):
    critical = raise_for(scheduler, title="Press 4 jammed", level="critical", body="Operator called")
    page = signed_in.get(LIST).content.decode()
    assert "Press 4 jammed" in page and "Operator called" in page
    assert "level-danger" in page and "Critical" in page
    assert reverse("notifications:read", args=[critical.pk]) in page
    assert reverse("notifications:resolve", args=[critical.pk]) in page
    assert reverse("notifications:open", args=[critical.pk]) in page


def test_list_filters(signed_in, scheduler, raise_for, facility):
    read = raise_for(scheduler, kind="test.read", title="Already seen")
    services.mark_read(scheduler, [read])
    raise_for(scheduler, kind="test.unread", title="Brand new")
    raise_for(scheduler, kind="test.cleared", title="Went away")
    services.clear_condition("test.cleared", facility)

    def titles(**params):
        return {n.title for n in signed_in.get(LIST, params).context["page"].object_list}

    assert titles() == {"Already seen", "Brand new"}  # default: open
    assert titles(show="unread") == {"Brand new"}
    assert titles(show="all") == {"Already seen", "Brand new", "Went away"}
    assert titles(show="all", kind="test.cleared") == {"Went away"}
    # Nonsense falls back to the defaults instead of an error.
    assert titles(show="everything", kind="no.such", page="abc") == {"Already seen", "Brand new"}


def test_list_filter_by_htmx_returns_the_fragment(signed_in, scheduler, raise_for):
    raise_for(scheduler, title="Brand new")
    response = signed_in.get(LIST, {"show": "unread"}, **HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "Brand new" in body and "<html" not in body


def test_list_paginates(signed_in, scheduler):
    many(scheduler, 30)
    assert len(signed_in.get(LIST).context["page"].object_list) == 25
    assert len(signed_in.get(LIST, {"page": 2}).context["page"].object_list) == 5


def test_list_only_shows_the_users_audience(signed_in, outsider, raise_for):
    raise_for(outsider, title="Secret condition")
    assert "Secret condition" not in signed_in.get(LIST, {"show": "all"}).content.decode()


def test_anonymous_users_are_sent_to_login(client):
    for url in (LIST, BELL):
        assert client.get(url)["Location"].startswith("/accounts/login/")


# --- actions ------------------------------------------------------------------------------------------------


def test_mark_read_by_htmx_returns_the_row_and_refreshes_the_bell(signed_in, scheduler, raise_for):
    n = raise_for(scheduler, title="Press 4 jammed")
    response = signed_in.post(reverse("notifications:read", args=[n.pk]), {"next": LIST}, **HTMX)
    assert response.status_code == 200
    assert response["HX-Trigger"] == "notifications-changed"
    body = response.content.decode()
    assert f'id="notification-{n.pk}"' in body and "Press 4 jammed" in body
    assert "notification-unread" not in body and "Mark read" not in body
    assert services.unread_count(scheduler) == 0


def test_mark_read_by_plain_post_redirects_back(signed_in, scheduler, raise_for):
    n = raise_for(scheduler)
    response = signed_in.post(reverse("notifications:read", args=[n.pk]), {"next": f"{LIST}?show=all"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?show=all"
    assert NotificationRead.objects.filter(user=scheduler, notification=n).exists()


def test_redirects_never_leave_the_site(signed_in, scheduler, raise_for):
    n = raise_for(scheduler)
    response = signed_in.post(reverse("notifications:read", args=[n.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == LIST


def test_mark_all_read(signed_in, scheduler, raise_for):
    raise_for(scheduler)
    raise_for(scheduler, kind="test.other")
    response = signed_in.post(reverse("notifications:read-all"), {"next": LIST}, follow=True)
    assert services.unread_count(scheduler) == 0
    assert "2 notifications marked read." in response.content.decode()


def test_mark_all_read_from_the_bell_returns_the_bell(signed_in, scheduler, raise_for):
    raise_for(scheduler)
    response = signed_in.post(reverse("notifications:read-all"), **HTMX)
    assert response["HX-Trigger"] == "notifications-all-read"
    body = response.content.decode()
    assert 'id="notification-bell"' in body and "notification-count" not in body


def test_resolve_by_htmx_with_a_note(signed_in, scheduler, raise_for):
    n = raise_for(scheduler, title="Press 4 jammed")
    response = signed_in.post(reverse("notifications:resolve", args=[n.pk]), HTTP_HX_PROMPT="Cleared the jam", **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Resolved" in body and "Cleared the jam" in body and "Resolve</button>" not in body
    n.refresh_from_db()
    assert n.state == "resolved" and n.resolved_by == scheduler and n.resolution_note == "Cleared the jam"


def test_resolve_by_plain_post(signed_in, scheduler, raise_for):
    n = raise_for(scheduler)
    response = signed_in.post(reverse("notifications:resolve", args=[n.pk]), {"note": "done"}, follow=True)
    assert "Notification resolved." in response.content.decode()
    n.refresh_from_db()
    assert n.state == "resolved"


def test_resolving_twice_tells_the_user(signed_in, scheduler, operator, raise_for):
    n = raise_for(scheduler)
    raise_for(operator)
    services.resolve(n, operator)
    response = signed_in.post(reverse("notifications:resolve", args=[n.pk]), follow=True)
    assert "no longer open" in response.content.decode()
    htmx = signed_in.post(reverse("notifications:resolve", args=[n.pk]), **HTMX)
    assert htmx.status_code == 200 and "resolved by" in htmx.content.decode()
    n.refresh_from_db()
    assert n.resolved_by == operator


def test_too_long_note_is_a_clear_400(signed_in, scheduler, raise_for):
    n = raise_for(scheduler)
    response = signed_in.post(reverse("notifications:resolve", args=[n.pk]), HTTP_HX_PROMPT="x" * 1001, **HTMX)
    assert response.status_code == 400 and b"at most 1000" in response.content
    n.refresh_from_db()
    assert n.state == "open"


def test_open_marks_read_and_follows_the_link(signed_in, scheduler, raise_for):
    n = raise_for(scheduler, url="/downtime/events/7/")
    response = signed_in.get(reverse("notifications:open", args=[n.pk]))
    assert response.status_code == 302 and response["Location"] == "/downtime/events/7/"
    assert services.unread_count(scheduler) == 0
    linkless = raise_for(scheduler, kind="test.nolink")
    assert signed_in.get(reverse("notifications:open", args=[linkless.pk]))["Location"] == LIST


@pytest.mark.parametrize("name", ["read", "resolve", "open"])
def test_outside_the_audience_is_404_and_changes_nothing(signed_in, outsider, raise_for, name):
    theirs = raise_for(outsider)
    method = signed_in.get if name == "open" else signed_in.post
    assert method(reverse(f"notifications:{name}", args=[theirs.pk])).status_code == 404
    assert method(reverse(f"notifications:{name}", args=[999999])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == "open" and not NotificationRead.objects.exists()


@pytest.mark.parametrize("name", ["read", "resolve"])
def test_get_on_post_endpoints_is_405(signed_in, scheduler, raise_for, name):
    n = raise_for(scheduler)
    assert signed_in.get(reverse(f"notifications:{name}", args=[n.pk])).status_code == 405
    assert signed_in.get(reverse("notifications:read-all")).status_code == 405
    n.refresh_from_db()
    assert n.state == "open" and not NotificationRead.objects.exists()


def test_posts_need_the_csrf_token(scheduler, raise_for):
    n = raise_for(scheduler)
    client = Client(enforce_csrf_checks=True)
    client.force_login(scheduler)
    assert client.post(reverse("notifications:read", args=[n.pk])).status_code == 403
    assert client.post(reverse("notifications:resolve", args=[n.pk])).status_code == 403
    assert services.unread_count(scheduler) == 1
