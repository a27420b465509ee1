"""Two beats on two machines: only the lock holder sends; the standby takes over when the holder stops."""

import time

import pytest
import redis

from portal.beat import LOCK_KEY, BeatLock

pytestmark = pytest.mark.redis


def test_only_one_beat_holds_the_lock_and_the_other_takes_over_after_it_expires(redis_server):
    client = redis.Redis.from_url(redis_server.url)
    client.delete(LOCK_KEY)
    first, second = BeatLock(client, 1, holder="beat-a"), BeatLock(client, 1, holder="beat-b")
    assert first.acquire() is True
    assert second.acquire() is False
    assert first.acquire() is True  # renewing keeps it
    time.sleep(1.2)  # beat-a stopped renewing (its machine died)
    assert second.acquire() is True
    assert first.acquire() is False
    client.delete(LOCK_KEY)


def test_the_scheduler_sends_only_while_it_holds_the_lock(redis_server, settings, db, monkeypatch):
    from celery import current_app
    from django_celery_beat.schedulers import DatabaseScheduler

    from portal.beat import LockedDatabaseScheduler

    settings.REDIS_URL = redis_server.url
    client = redis.Redis.from_url(redis_server.url)
    client.set(LOCK_KEY, "another-beat", px=60_000)
    sending = []
    monkeypatch.setattr(DatabaseScheduler, "tick", lambda self, *a, **k: sending.append(self) or 30.0)
    scheduler = LockedDatabaseScheduler(app=current_app, lazy=True)
    assert scheduler.tick() <= 5.0 and sending == []  # standby: due tasks are not looked at
    client.delete(LOCK_KEY)
    assert scheduler.tick() == 20.0 and sending == [scheduler]  # holder: sends, renews within the lock's life
    client.delete(LOCK_KEY)
