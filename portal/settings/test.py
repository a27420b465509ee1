"""Test settings: fast hashing, eager Celery, in-memory databases unless TEST_DATABASE_URL is given."""

from .base import *  # noqa: F401,F403
from .base import DATABASES, env

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105 - tests only, never deployed
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The suite runs on SQLite by default and on a real PostgreSQL when TEST_DATABASE_URL is set (bin/test).
DATABASES["default"] = env.db("TEST_DATABASE_URL", default="sqlite://:memory:")
DATABASES["erp"] = env.db("TEST_ERP_DATABASE_URL", default="sqlite://:memory:")
for _db in DATABASES.values():
    _db.pop("OPTIONS", None) if _db["ENGINE"].endswith("sqlite3") else None
ERP_DEMO_WRITABLE = True
# A beat started by a test (portal/testing/services.py start_celery_beat) turns it off: it must send to the broker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"
AXES_FAILURE_LIMIT = 3
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LANGUAGE_CODE = "en"
