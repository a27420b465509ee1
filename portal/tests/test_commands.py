"""The one receiver of floor writes (portal/commands.py): keys scoped to the writer, replays, reused keys, the
order of the checks, refusals in one contract, and parallel copies on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from portal.commands import Conflict, Forbidden, Invalid, KeyReused, NeedsConfirmation, Refused, key_used, receive
from portal.models import CommandKey, OutboxTask
from portal.services.floortime import check_floor_time
from portal.testing.factories import UserFactory


def _write(task: str = "x"):
    def perform():
        return OutboxTask.objects.create(task=task)
    return perform


@pytest.fixture
def users(db):
    return UserFactory(username="first"), UserFactory(username="second")


def test_a_replay_with_the_same_payload_answers_the_first_record(users):
    first = receive("test.write", user=users[0], key="k1", payload={"q": 5}, perform=_write())
    again = receive("test.write", user=users[0], key="k1", payload={"q": 5}, perform=_write("other"))
    assert first.created and first.status == 201
    assert not again.created and again.status == 200 and again.record == first.record
    assert OutboxTask.objects.count() == 1


def test_the_same_key_with_another_payload_is_refused_and_writes_nothing(users):
    receive("test.write", user=users[0], key="k1", payload={"q": 5}, perform=_write())
    with pytest.raises(KeyReused) as refused:
        receive("test.write", user=users[0], key="k1", payload={"q": 6}, perform=_write())
    assert refused.value.status == 409 and "different entry" in refused.value.message
    assert refused.value.body()["code"] == "key_reused"
    assert OutboxTask.objects.count() == 1


def test_another_users_key_is_a_new_command_and_reveals_nothing(users):
    first = receive("test.write", user=users[0], key="shared", payload={"q": 5}, perform=_write("a"))
    second = receive("test.write", user=users[1], key="shared", payload={"q": 9}, perform=_write("b"))
    assert second.created and second.record != first.record and second.record.task == "b"
    assert key_used(users[1], "test.write", "shared") == second.record


def test_the_writer_is_authorized_before_the_key_is_looked_up(users):
    receive("test.write", user=users[0], key="k1", payload={}, perform=_write())

    def refuse():
        raise Forbidden("Not your line.")

    with pytest.raises(Forbidden):
        receive("test.write", user=users[0], key="k1", payload={}, perform=_write(), authorize=refuse)


def test_a_refused_write_spends_no_key(users):
    def invalid():
        raise ValidationError({"quantity": "Too many."})

    with pytest.raises(Invalid) as refused:
        receive("test.write", user=users[0], key="k1", payload={}, perform=invalid)
    assert refused.value.body() == {"quantity": ["Too many."], "detail": "Too many.", "code": "invalid"}
    assert not CommandKey.objects.exists()
    assert receive("test.write", user=users[0], key="k1", payload={}, perform=_write()).created


def test_a_write_that_never_gets_the_lock_is_busy_not_a_500(monkeypatch):
    from django.db import OperationalError

    import portal.commands as commands

    monkeypatch.setattr(commands.time, "sleep", lambda seconds: None)
    tries = []

    def locked():
        tries.append(1)
        raise OperationalError("database is locked")

    with pytest.raises(commands.Busy) as refused:
        commands.with_lock_retry(locked)
    assert refused.value.status == 503 and len(tries) == commands.LOCK_RETRIES


def test_refusals_carry_their_status_and_sentence():
    assert [cls("x").status for cls in (Refused, Invalid, Forbidden, Conflict)] == [400, 400, 403, 409]
    confirm = NeedsConfirmation({"confirm_long": "Is 13 hours right?"})
    assert confirm.status == 409 and confirm.body()["needs_confirmation"] == {"confirm_long": "Is 13 hours right?"}


@pytest.mark.parametrize("moment, ok", [
    (dt.timedelta(minutes=-1), True), (dt.timedelta(days=-300), True), (dt.timedelta(minutes=4), True),
    (dt.timedelta(minutes=10), False), (dt.timedelta(days=-400), False)])
def test_floor_times_are_bounded(moment, ok):
    at = timezone.now() + moment
    if ok:
        check_floor_time(at)
    else:
        with pytest.raises(Invalid):
            check_floor_time(at, field="start")


def test_year_one_is_refused_with_a_message_not_an_overflow():
    with pytest.raises(Invalid) as refused:
        check_floor_time(dt.datetime(1, 1, 1, tzinfo=dt.UTC), field="start")
    assert refused.value.errors == {"start": [refused.value.message]}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs parallel connections (PostgreSQL)")
def test_six_copies_at_once_write_once():
    user = UserFactory(username="parallel")
    barrier = threading.Barrier(6)
    results, errors = [], []

    def send():
        try:
            barrier.wait()
            results.append(receive("test.write", user=user, key="same", payload={"q": 1}, perform=_write()))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(r.created for r in results) == [False] * 5 + [True]
    assert len({r.record.pk for r in results}) == 1
    assert OutboxTask.objects.count() == 1
