"""The service API: idempotent raising, clearing, resolving, audience and read state."""

import threading

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction

from notifications import services
from notifications.models import Notification, NotificationRead
from portal.testing.factories import FacilityFactory, UserFactory

pytestmark = pytest.mark.django_db

OPEN = Notification.State.OPEN


def open_count(kind):
    return Notification.objects.filter(kind=kind, state=OPEN).count()


# --- idempotent raising and clearing ------------------------------------------------------------------------


def test_raising_twice_keeps_one_open_notification(facility, scheduler):
    first = services.raise_notification("downtime.notify", facility, title="Line 1 down", users=[scheduler])
    again = services.raise_notification(
        "downtime.notify", facility, title="Line 1 down for 20 min", body="Still down", users=[scheduler]
    )
    assert again.pk == first.pk
    assert open_count("downtime.notify") == 1
    again.refresh_from_db()
    assert again.raise_count == 2
    assert again.last_raised_at > first.last_raised_at
    assert (again.title, again.body) == ("Line 1 down for 20 min", "Still down")


def test_plant_wide_condition_is_idempotent_too(scheduler):
    """No source: NULL never equals NULL in a unique index, so this needs its own constraint."""
    a = services.raise_notification("erp.unreachable", title="ERP down", users=[scheduler])
    b = services.raise_notification("erp.unreachable", title="ERP down", users=[scheduler])
    assert a.pk == b.pk and open_count("erp.unreachable") == 1


def test_key_and_source_tell_conditions_apart(facility, scheduler):
    other = FacilityFactory(code="N2")
    ids = {
        services.raise_notification("laser.stage_overdue", facility, key="cutting", title="t", users=[scheduler]).pk,
        services.raise_notification("laser.stage_overdue", facility, key="pickup", title="t", users=[scheduler]).pk,
        services.raise_notification("laser.stage_overdue", other, key="cutting", title="t", users=[scheduler]).pk,
        services.raise_notification("laser.stage_overdue", None, key="cutting", title="t", users=[scheduler]).pk,
    }
    assert len(ids) == 4


def test_clear_then_raise_opens_a_new_notification(facility, scheduler):
    first = services.raise_notification("downtime.notify", facility, title="down", users=[scheduler])
    assert services.clear_condition("downtime.notify", facility) == 1
    assert services.clear_condition("downtime.notify", facility) == 0  # nothing open any more
    first.refresh_from_db()
    assert first.state == Notification.State.CLEARED and first.cleared_at is not None

    second = services.raise_notification("downtime.notify", facility, title="down again", users=[scheduler])
    assert second.pk != first.pk and second.state == OPEN and second.raise_count == 1


def test_clear_touches_only_its_own_condition(facility, scheduler):
    services.raise_notification("downtime.notify", facility, key="a", title="a", users=[scheduler])
    services.raise_notification("downtime.notify", facility, key="b", title="b", users=[scheduler])
    assert services.clear_condition("downtime.notify", facility, key="a") == 1
    assert list(Notification.objects.filter(state=OPEN).values_list("key", flat=True)) == ["b"]


def test_the_database_refuses_a_second_open_notification(facility, scheduler):
    services.raise_notification("downtime.notify", facility, title="down", users=[scheduler])
    services.raise_notification("erp.unreachable", title="ERP down", users=[scheduler])
    for source in (facility, None):
        kind = "downtime.notify" if source else "erp.unreachable"
        with pytest.raises(IntegrityError), transaction.atomic():
            Notification.objects.create(
                kind=kind, source_type=services._source_parts(source)[0],
                source_id=str(source.pk) if source else "", title="duplicate",
            )


def test_losing_the_insert_race_refreshes_the_winner(facility, scheduler, monkeypatch):
    """Another request inserts between our lookup and our insert: the IntegrityError path finds theirs."""
    winner = services.raise_notification("downtime.notify", facility, title="down", users=[scheduler])
    real_condition, calls = services._condition, []

    def blind_first_lookup(*args):
        calls.append(args)
        queryset = real_condition(*args)
        return queryset.none() if len(calls) == 1 else queryset

    monkeypatch.setattr(services, "_condition", blind_first_lookup)
    again = services.raise_notification("downtime.notify", facility, title="down (2)", users=[scheduler])
    assert len(calls) == 2
    assert again.pk == winner.pk and open_count("downtime.notify") == 1
    again.refresh_from_db()
    assert (again.raise_count, again.title) == (2, "down (2)")


@pytest.mark.django_db(transaction=True)
def test_concurrent_raises_stay_idempotent(facility, scheduler):
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers: runs in the PostgreSQL pass (TEST_DATABASE_URL)")
    barrier, errors = threading.Barrier(6), []

    def worker():
        try:
            barrier.wait()
            services.raise_notification("downtime.notify", facility, title="down", users=[scheduler])
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    notification = Notification.objects.get(kind="downtime.notify", state=OPEN)
    assert notification.raise_count == 6


@pytest.mark.parametrize(
    "kwargs",
    [
        {"kind": "Bad Kind"},
        {"kind": "downtime."},
        {"level": "fatal"},
        {"title": "  "},
        {"url": "javascript:alert(1)"},
        {"url": "//evil.example/x"},
        {"permissions": ["portal.no_such_perm"]},
        {"permissions": ["view_reports"]},
        {"groups": ["No_Such_Group"]},
        {"key": "k" * 101},
        {"url": "/" + "x" * 500},
    ],
)
def test_bad_arguments_are_refused_with_a_clear_error(scheduler, kwargs):
    args = {"kind": "test.bad", "title": "t", "users": [scheduler], **kwargs}
    kind = args.pop("kind")
    with pytest.raises(ValueError):
        services.raise_notification(kind, **args)
    assert not Notification.objects.exists()


def test_an_unsaved_source_is_refused(scheduler):
    with pytest.raises(ValueError, match="saved"):
        services.raise_notification("test.unsaved", FacilityFactory.build(), title="t", users=[scheduler])


def test_site_and_http_links_are_accepted(scheduler):
    assert services.raise_notification("test.link", key="a", title="t", url="/downtime/", users=[scheduler]).url
    assert services.raise_notification("test.link", key="b", title="t", url="https://erp.local/po/1",
                                       users=[scheduler]).url


# --- audience -----------------------------------------------------------------------------------------------


def test_audience_by_user(raise_for, scheduler, outsider):
    n = raise_for(scheduler)
    assert list(services.visible_to(scheduler)) == [n]
    assert list(services.visible_to(outsider)) == []


def test_audience_by_group(facility, scheduler, operator, outsider):
    n = services.raise_notification("test.group", facility, title="t", groups=["DowntimeTracker_User"])
    assert list(services.visible_to(operator)) == [n]
    assert not services.visible_to(scheduler).exists()
    assert not services.visible_to(outsider).exists()


def test_audience_by_group_object(facility, operator):
    group = Group.objects.get(name="DowntimeTracker_User")
    n = services.raise_notification("test.group", facility, title="t", groups=[group])
    assert list(services.visible_to(operator)) == [n]


def test_audience_by_permission_held_through_a_role(facility, scheduler, operator, portal_admin, outsider):
    n = services.raise_notification("test.perm", facility, title="t", permissions=["portal.view_scheduling"])
    assert list(services.visible_to(scheduler)) == [n]
    assert list(services.visible_to(portal_admin)) == [n]  # the admin role holds it too
    assert not services.visible_to(operator).exists()
    assert not services.visible_to(outsider).exists()


def test_audience_by_per_user_permission_override(facility, operator):
    services.raise_notification("test.perm", facility, title="t", permissions=["portal.view_scheduling"])
    assert not services.visible_to(operator).exists()
    operator.user_permissions.add(Permission.objects.get(codename="view_scheduling"))
    assert services.visible_to(operator).count() == 1


def test_superusers_see_every_notification(facility, scheduler):
    boss = UserFactory(username="boss", is_superuser=True)
    services.raise_notification("test.a", facility, title="a", users=[scheduler])
    services.raise_notification("test.b", facility, title="b", permissions=["portal.view_reports"])
    assert services.visible_to(boss).count() == 2
    assert services.unread_count(boss) == 2


def test_inactive_and_anonymous_users_see_nothing(raise_for, scheduler):
    from django.contrib.auth.models import AnonymousUser

    raise_for(scheduler)
    scheduler.is_active = False
    assert not services.visible_to(scheduler).exists()
    assert not services.visible_to(AnonymousUser()).exists()


def test_a_user_in_several_ways_sees_a_notification_once(facility, scheduler):
    services.raise_notification(
        "test.many", facility, title="t", users=[scheduler], groups=["Scheduling_User"],
        permissions=["portal.view_scheduling", "portal.view_reports"],
    )
    assert services.visible_to(scheduler).count() == 1
    assert services.unread_count(scheduler) == 1


def test_a_repeat_raise_adds_to_the_audience(raise_for, scheduler, operator):
    n = raise_for(scheduler)
    raise_for(operator)
    assert set(n.target_users.all()) == {scheduler, operator}
    assert services.visible_to(scheduler).get() == services.visible_to(operator).get()


# --- read state ---------------------------------------------------------------------------------------------


def test_unread_count_mark_read_and_mark_all_read(facility, scheduler, outsider):
    a = services.raise_notification("test.a", facility, title="a", users=[scheduler])
    services.raise_notification("test.b", facility, title="b", users=[scheduler])
    services.raise_notification("test.c", facility, title="c", users=[scheduler])
    services.raise_notification("test.other", facility, title="x", users=[outsider])
    closed = services.raise_notification("test.d", facility, title="d", users=[scheduler])
    services.clear_condition("test.d", facility)
    assert services.unread_count(scheduler) == 3  # open only
    assert services.unread_count(outsider) == 1

    assert services.mark_read(scheduler, [a]) == 1
    assert services.mark_read(scheduler, [a.pk]) == 0  # already read
    assert services.unread_count(scheduler) == 2
    assert services.mark_all_read(scheduler) == 2
    assert services.unread_count(scheduler) == 0
    assert services.unread_count(outsider) == 1  # one user's reads are theirs only
    assert not NotificationRead.objects.filter(notification=closed).exists()


def test_mark_read_ignores_notifications_outside_the_audience(raise_for, scheduler, outsider):
    theirs = raise_for(outsider)
    assert services.mark_read(scheduler, [theirs]) == 0
    assert not NotificationRead.objects.exists()


def test_unread_count_is_one_query_whatever_the_data(facility, scheduler, django_assert_num_queries):
    for i in range(30):
        services.raise_notification(
            "test.load", facility, key=str(i), title="t", users=[scheduler], groups=["Scheduling_User"],
            permissions=["portal.view_reports"],
        )
    services.mark_read(scheduler, Notification.objects.all()[:10])
    with django_assert_num_queries(1):
        assert services.unread_count(scheduler) == 20


def test_same_level_repeat_keeps_it_read_escalation_makes_it_unread(raise_for, scheduler, operator):
    n = raise_for(scheduler, level="warning")
    raise_for(operator, level="warning")
    services.mark_read(scheduler, [n])
    services.mark_read(operator, [n])

    raise_for(scheduler, level="warning", title="again")
    raise_for(scheduler, level="info", title="calmer")  # de-escalation: level follows, still read
    n.refresh_from_db()
    assert n.level == "info"
    assert services.unread_count(scheduler) == 0

    raise_for(scheduler, level="critical", title="worse")
    assert services.unread_count(scheduler) == 1
    assert services.unread_count(operator) == 1  # unread again for everyone


# --- resolving ----------------------------------------------------------------------------------------------


def test_resolve_by_a_person_in_the_audience(raise_for, scheduler):
    n = raise_for(scheduler)
    services.resolve(n, scheduler, note="  Reset the breaker ")
    n.refresh_from_db()
    assert n.state == Notification.State.RESOLVED
    assert n.resolved_by == scheduler and n.resolved_at is not None
    assert n.resolution_note == "Reset the breaker"
    assert services.unread_count(scheduler) == 0
    # The condition comes back: a new notification.
    assert raise_for(scheduler).pk != n.pk


def test_resolve_outside_the_audience_is_refused(raise_for, scheduler, outsider):
    n = raise_for(scheduler)
    with pytest.raises(PermissionDenied):
        services.resolve(n, outsider)
    n.refresh_from_db()
    assert n.state == OPEN


def test_resolving_a_closed_notification_says_so(raise_for, scheduler, facility):
    n = raise_for(scheduler)
    services.clear_condition("test.direct", facility)
    with pytest.raises(services.NotificationNotOpen):
        services.resolve(n, scheduler)
    n.refresh_from_db()
    assert n.state == Notification.State.CLEARED and n.resolved_by is None
