"""Production: secrets are required (fail fast), HTTPS and secure cookies on."""

from .base import *  # noqa: F401,F403
from .base import DATABASES, LOGGING, env

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY")  # no fallback: refuse to start without one
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
ERP_DEMO_WRITABLE = False
# Belt and braces besides the SELECT-only login and the read-only models: an ERP session on PostgreSQL refuses
# writes (SQL Server: ApplicationIntent=ReadOnly in ERP_DATABASE_URL, see README).
if "postgresql" in DATABASES["erp"]["ENGINE"]:
    _erp_options = DATABASES["erp"].setdefault("OPTIONS", {})
    _erp_options["options"] = f"{_erp_options.get('options', '')} -c default_transaction_read_only=on".strip()
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Preload commits the whole domain to HTTPS for browsers everywhere (opt in with SECURE_HSTS_PRELOAD=true); an
# intranet portal is usually not on the public list, so Django's reminder (security.W021) is silenced until then.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
