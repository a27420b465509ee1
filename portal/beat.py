"""One beat for the whole cluster: the scheduler sends due tasks only while it holds a lock in Redis.

Run ``celery -A portal beat`` on two machines for availability: the first takes the lock (renewed on every
tick), the second waits; if the first dies, its lock expires after ``BEAT_LOCK_SECONDS`` and the second takes
over. A periodic task is therefore never sent twice for one due time. Without Redis (the demo) there is no beat.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid

from django.conf import settings
from django_celery_beat.schedulers import DatabaseScheduler

logger = logging.getLogger(__name__)
LOCK_KEY = "portal:beat-lock"
# Renew: Redis sets the value only when we still hold it (or nobody does), and extends its life.
_ACQUIRE = """
local holder = redis.call('GET', KEYS[1])
if holder == false or holder == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0
"""


class BeatLock:
    def __init__(self, client, ttl_seconds: int, holder: str | None = None):
        self.client = client
        self.ttl_ms = int(ttl_seconds * 1000)
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self._script = client.register_script(_ACQUIRE)

    def acquire(self) -> bool:
        """Take or renew the lock; False while another beat holds it."""
        return bool(self._script(keys=[LOCK_KEY], args=[self.holder, self.ttl_ms]))


class LockedDatabaseScheduler(DatabaseScheduler):
    """django-celery-beat's scheduler (admins edit the schedule in the admin), sending only under the lock."""

    def __init__(self, *args, **kwargs):
        import redis

        self._lock = BeatLock(redis.Redis.from_url(settings.REDIS_URL), settings.BEAT_LOCK_SECONDS)
        self._held = False
        super().__init__(*args, **kwargs)

    def tick(self, *args, **kwargs):
        held = self._lock.acquire()
        if held != self._held:
            logger.warning("beat %s %s the lock", self._lock.holder, "took" if held else "lost")
            self._held = held
        if not held:
            return min(5.0, settings.BEAT_LOCK_SECONDS / 3)  # stand by and try again soon
        return min(super().tick(*args, **kwargs), settings.BEAT_LOCK_SECONDS / 3)
