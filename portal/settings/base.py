"""Plant Portal settings.

Every value comes from an environment variable (or a ``.env`` file at the project root, see ``.env.example``).
The defaults need nothing installed: SQLite for the portal, a SQLite demo ERP, Celery tasks run eagerly.
"""

import os
import secrets
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from portal.odbc import DEFAULT_DRIVERS as DEFAULT_ODBC_DRIVERS
from portal.odbc import configure as configure_odbc

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"  # local state of a development/demo install (SQLite files, media); git-ignored

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _dev_secret_key() -> str:
    """A random key kept in var/ so development sessions survive restarts; production must set one."""
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        VAR_DIR.mkdir(exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
    return key_file.read_text().strip()


DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="") or _dev_secret_key()
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- Applications -------------------------------------------------------------------------------------------
DOMAIN_APPS = [
    "portal",
    "erp",
    "notifications",
    "downtime",
    "production",
    "scheduling",
    "scheduling.planning",
    "mrp",
    "quality",
    "maintenance",
    "finance",
    "laser",
    "quality.coc",
]
INSTALLED_APPS = [
    "portal.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "auditlog",
    "django_prometheus",
    "csp",
    *DOMAIN_APPS,
]

MIDDLEWARE = [
    # First: every log line of the request carries its id; the metrics time the whole request.
    "portal.observability.requestid.RequestIdMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.auth.sessions.SingleSessionMiddleware",
    "portal.auth.idle.IdleTimeoutMiddleware",  # shared tablets: sign out an idle floor user
    # Deny by default: every view needs a logged-in user unless marked @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "portal.middleware.UserPreferencesMiddleware",
    "portal.middleware.RefuseNullBytesMiddleware",  # before any view can pass one to PostgreSQL
    "portal.middleware.ErpUnavailableMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Floor records are created only through portal.commands.receive while a request is served.
    "portal.commands.FloorWriteGuardMiddleware",
    # Last, so that a lockout answers before the view runs.
    "axes.middleware.AxesMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
AUTH_USER_MODEL = "portal.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.shell",
            ],
        },
    },
]

# --- Browser security headers ------------------------------------------------------------------------------
# Content-Security-Policy (django-csp): scripts only from the portal's own static files (no inline scripts, no
# eval: htmx runs with allowEval off); inline styles stay allowed (Bootstrap/htmx set style attributes); images
# may be data:/blob: (QR codes, photo previews); the camera stream of the scanner is a blob.
from csp.constants import NONE, SELF, UNSAFE_INLINE  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "media-src": [SELF, "blob:"],
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Only the camera (barcode scanning on the floor pages) and only for the portal itself.
PERMISSIONS_POLICY = "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

# --- Databases ----------------------------------------------------------------------------------------------
# DATABASE_URL / ERP_DATABASE_URL: sqlite:///path, postgres://user:pw@host/db or
# mssql://user:pw@host:1433/db?driver=ODBC+Driver+18+for+SQL+Server (see README, "Production").
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
    "erp": env.db("ERP_DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'erp_demo.sqlite3'}"),
}
for _db in DATABASES.values():
    _db.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=0))
    # A kept connection is checked before reuse: after a database restart, requests reconnect by themselves.
    _db.setdefault("CONN_HEALTH_CHECKS", True)
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        # WAL + a busy timeout + immediate transactions let tablets post concurrently: a deferred transaction
        # that turns into a writer fails at once with "database is locked" whatever the timeout; an immediate one
        # waits its turn. portal/commands.py retries the rare write that waited longer than the timeout.
        _db.setdefault("OPTIONS", {}).update(
            {"timeout": 20, "transaction_mode": "IMMEDIATE",
             "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
        )
# SQL Server: the ODBC drivers tried in order, the first installed on the host is used (shown on /healthz).
ODBC_DRIVERS = env.list("ODBC_DRIVERS", default=list(DEFAULT_ODBC_DRIVERS))
ODBC_DRIVER_IN_USE = {alias: configure_odbc(_db, ODBC_DRIVERS) for alias, _db in DATABASES.items()}
# A slow or unreachable ERP must not hang the portal: ERP queries stop after ERP_STATEMENT_TIMEOUT seconds and
# connecting gives up after ERP_CONNECT_TIMEOUT; the page then says "ERP unavailable" (portal/middleware.py).
ERP_STATEMENT_TIMEOUT = env.int("ERP_STATEMENT_TIMEOUT", default=20)
ERP_CONNECT_TIMEOUT = env.int("ERP_CONNECT_TIMEOUT", default=5)


def erp_timeouts(db: dict, statement: int, connect: int) -> None:
    """Bound ERP queries per engine (SQLite, the demo ERP, is local and has no such setting)."""
    options = db.setdefault("OPTIONS", {})
    if "postgresql" in db["ENGINE"]:
        options.setdefault("connect_timeout", connect)
        options["options"] = f"{options.get('options', '')} -c statement_timeout={statement * 1000}".strip()
    elif db["ENGINE"] == "mssql":
        options.setdefault("query_timeout", statement)
        options.setdefault("connection_timeout", connect)


erp_timeouts(DATABASES["erp"], ERP_STATEMENT_TIMEOUT, ERP_CONNECT_TIMEOUT)
DATABASE_ROUTERS = ["erp.router.ErpRouter"]
# The demo ERP may be (re)built by `manage.py erp_demo` and by tests; a real ERP never.
ERP_DEMO_WRITABLE = env.bool("ERP_DEMO_WRITABLE", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -----------------------------------------------------------------------------------------
AUTH_LDAP_SERVER_URI = env.str("AUTH_LDAP_SERVER_URI", default="")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # must come first: refuses locked-out users
    *(["portal.auth.ldap.PortalLDAPBackend"] if AUTH_LDAP_SERVER_URI else []),
    "django.contrib.auth.backends.ModelBackend",  # local accounts, e.g. the portal's local admin
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 3600)  # one shift and then some
# Shared floor tablets (portal/auth/idle.py): members of the floor roles (portal.roles.FLOOR_ROLES, or the role
# names listed in IDLE_TIMEOUT_ROLES) are signed out after this many minutes without activity, warned a minute
# before. 0 turns it off.
IDLE_TIMEOUT_MINUTES = env.int("IDLE_TIMEOUT_MINUTES", default=30)
IDLE_TIMEOUT_ROLES = env.list("IDLE_TIMEOUT_ROLES", default=None)
IDLE_TIMEOUT_WARNING_SECONDS = env.int("IDLE_TIMEOUT_WARNING_SECONDS", default=60)

# Active Directory (django-auth-ldap). Only used when AUTH_LDAP_SERVER_URI is set; see portal/auth/ldap.py.
AUTH_LDAP_BIND_DN = env.str("AUTH_LDAP_BIND_DN", default="")
AUTH_LDAP_BIND_PASSWORD = env.str("AUTH_LDAP_BIND_PASSWORD", default="")
AUTH_LDAP_USER_SEARCH_BASE = env.str("AUTH_LDAP_USER_SEARCH_BASE", default="")
AUTH_LDAP_USER_FILTER = env.str("AUTH_LDAP_USER_FILTER", default="(sAMAccountName=%(user)s)")
AUTH_LDAP_GROUP_SEARCH_BASE = env.str("AUTH_LDAP_GROUP_SEARCH_BASE", default="")
# "active_directory" (nested AD groups, production) or "group_of_names" (OpenLDAP, tests).
AUTH_LDAP_GROUP_KIND = env.str("AUTH_LDAP_GROUP_KIND", default="active_directory")
AUTH_LDAP_START_TLS = env.bool("AUTH_LDAP_START_TLS", default=False)
AUTH_LDAP_CA_CERT_FILE = env.str("AUTH_LDAP_CA_CERT_FILE", default="")

# Lockout after repeated failed logins (django-axes).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_MINUTES", default=15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_DISABLE_ACCESS_LOG = True  # portal.LoginEvent is the login history
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# A directory user refused for having no portal group typed the right password: not a guess to count.
AXES_WHITELIST_CALLABLE = "portal.auth.lockout.attempt_proves_identity"

# --- Internationalisation -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["portal.formats"]  # "es" formats as in Mexico
TIME_ZONE = env.str("PORTAL_TIME_ZONE", default="America/Chicago")
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "media/"

# --- Machine signals (docs/machine-signals.md) ----------------------------------------------------------------
# The MQTT broker the signal_listener command subscribes to (Mosquitto), its login and TLS files.
MQTT_HOST = env.str("MQTT_HOST", default="127.0.0.1")
MQTT_PORT = env.int("MQTT_PORT", default=1883)
MQTT_USERNAME = env.str("MQTT_USERNAME", default="")
MQTT_PASSWORD = env.str("MQTT_PASSWORD", default="")
MQTT_TLS_CA = env.str("MQTT_TLS_CA", default="")  # a CA file turns TLS on (port 8883 as a rule)
MQTT_TLS_CERT = env.str("MQTT_TLS_CERT", default="")  # client certificate and key, when the broker asks for one
MQTT_TLS_KEY = env.str("MQTT_TLS_KEY", default="")
# One listener per broker: its persistent session is named by this id (two listeners would split the messages).
MQTT_CLIENT_ID = env.str("MQTT_CLIENT_ID", default="plant-portal-signals")
# Who records a machine-detected stop: the downtime app's writer (through its write service and the receiver).
MACHINE_SIGNAL_STOP_WRITER = "downtime.services.detected.record_detected_stop"
# Who posts machine counts into the production ledger (the order in progress), through its own service.
MACHINE_SIGNAL_COUNT_WRITER = "production.services.machine_output.post_machine_counts"

# --- Celery -------------------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
# Without a broker, tasks run inline so a laptop demo needs no Redis.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
# A worker killed in the middle of a task: the message goes back to the queue and the (idempotent) task runs again.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A task not acknowledged within this time (its worker died) is delivered again; longer than the longest task.
# Sending gives up after one quick retry (the task then waits in the outbox, portal/queue.py) instead of holding
# a request for kombu's default of 100 retries.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=1800),
                                   "socket_connect_timeout": 2, "socket_timeout": 5,
                                   "max_retries": 1, "interval_start": 0, "interval_step": 0.5}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 5
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# One beat sends for the whole cluster (portal/beat.py): a second beat waits for the lock in Redis.
CELERY_BEAT_SCHEDULER = "portal.beat:LockedDatabaseScheduler"
BEAT_LOCK_SECONDS = env.int("BEAT_LOCK_SECONDS", default=60)

# --- Lists and exports ---------------------------------------------------------------------------------------
# Excel exports larger than this run in the background (Celery) with a progress page and a download link.
EXPORT_BACKGROUND_ROWS = env.int("EXPORT_BACKGROUND_ROWS", default=20000)
EXPORT_RETENTION_DAYS = env.int("EXPORT_RETENTION_DAYS", default=7)

# --- Imports (portal/imports/) ------------------------------------------------------------------------------------
# An uploaded file waits between the preview and the confirmation in the portal's database, bound to its uploader
# and model (never the shared system temp folder); larger files are refused, older ones purged.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "portal.imports.storage.PendingImportStorage"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=10 * 1024 * 1024)
IMPORT_PENDING_MINUTES = env.int("IMPORT_PENDING_MINUTES", default=60)

# --- MRP ----------------------------------------------------------------------------------------------------------
# Working days a line that still needs production takes before it can ship (shipment forecast: "likely to ship").
MRP_SHIP_LEAD_DAYS = env.int("MRP_SHIP_LEAD_DAYS", default=2)

# --- Active Directory group of each role ----------------------------------------------------------------------
# A plant whose AD groups are named differently maps them here, one variable per role: AD_GROUP_<ROLE IN CAPITALS>
# (e.g. AD_GROUP_SCHEDULING_USER=PP-Schedulers); a role without one uses its own name (portal/roles.py).
AD_GROUP_NAMES = {key.removeprefix("AD_GROUP_"): value.strip() for key, value in os.environ.items()
                  if key.startswith("AD_GROUP_") and value.strip()}

# --- Email (optional notification channel) ------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="plant-portal@localhost")
NOTIFICATIONS_EMAIL_ENABLED = env.bool("NOTIFICATIONS_EMAIL_ENABLED", default=False)
# The portal's address as users reach it (e.g. https://portal.plant.local), for links in notification emails.
NOTIFICATIONS_BASE_URL = env.str("NOTIFICATIONS_BASE_URL", default="")
# The portal's public address (printed links and QR codes, e.g. a certificate's verification link). The default is
# the demo's own address (bin/demo sets it to its port); production requires it.
PORTAL_PUBLIC_URL = env.str("PORTAL_PUBLIC_URL", default="http://localhost:8000")

# --- REST API -----------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes a missing or bad credential a 401, as the schema says (the
    # session still signs in the pages' own calls).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # One refusal contract with the pages (portal/commands.py): {"detail", "code", <field>: [...]}.
    "EXCEPTION_HANDLER": "portal.api.exceptions.portal_exception_handler",
    # Deny by default: an endpoint that declares no capability is refused (portal/api/permissions.py).
    "DEFAULT_PERMISSION_CLASSES": ["portal.api.permissions.HasCapability"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Plant Portal API",
    "DESCRIPTION": "Read and write plant data with the same permissions as the portal's pages.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets used by several components of one app, named once (otherwise a hashed name and a warning).
    "ENUM_NAME_OVERRIDES": {
        "MaintenanceTicketStateEnum": "maintenance.models.tickets.Ticket.State",
        "MaintenanceTicketKindEnum": "maintenance.models.tickets.Ticket.Kind",
        "MaintenanceTicketSourceEnum": "maintenance.models.tickets.Ticket.Source",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "portal.api.schema.add_error_responses",  # 400/401/403/404 bodies on every operation
    ],
}

# --- Forms, messages, logging -------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
from django.contrib.messages import constants as _messages  # noqa: E402

MESSAGE_TAGS = {_messages.ERROR: "danger"}

# Audit trail (django-auditlog): every business model is listed here; portal/tests/test_audit.py fails when
# a model of a domain app is neither listed nor in AUDIT_EXEMPT_MODELS (with the reason).
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "portal.facility",
    {"model": "portal.productionline"},
    {"model": "portal.machine"},
    {"model": "portal.department", "m2m_fields": {"lines", "heads"}},
    "portal.shift",
    "portal.workingdays",
    "portal.holiday",
    "portal.productioncapacity",
    "portal.companyprofile",
    "portal.signalsource",  # where a machine publishes: configuration, changed in the admin
    {
        "model": "portal.user",
        "exclude_fields": ["password", "last_login"],
        "m2m_fields": {"groups", "user_permissions", "departments"},
    },
    {"model": "auth.group", "m2m_fields": {"permissions"}},
    "django_celery_beat.periodictask",
    "django_celery_beat.crontabschedule",
)
AUDIT_EXEMPT_MODELS = {
    "portal.loginevent": "is itself a log (append-only)",
    "portal.capability": "holds permissions only, no rows",
    "portal.exportjob": "a user's own download request, not business data (purged after EXPORT_RETENTION_DAYS)",
    "portal.pendingimport": "an uploaded file awaiting its import confirmation; the import itself is audited",
    "portal.outboxtask": "a background task waiting for the broker to come back, not business data",
    "portal.commandkey": "the idempotency key of a floor write; the write itself is audited",
    "portal.timelineentry": "is itself a log (append-only): the workflow timeline of state changes and comments",
    "portal.escalation": "is itself a log (append-only): escalation steps already sent, the idempotency key",
    "portal.signalmessage": "is itself a log (append-only): what a machine sent, stored once per message id",
    "portal.machinecount": "is itself a log: a machine's counts per minute; the movements made from them are audited",
    "portal.detectedstop": "is itself a log: a stop a machine reported; the downtime event made from it is audited",
    "notifications.notification": "operational messages raised and cleared by the modules, not business data",
    "notifications.notificationread": "per-user read marks of notifications, not business data",
}

# --- Logs and metrics (docs/operations.md) ----------------------------------------------------------------------
# "json": one JSON object per line (for a log shipper); "plain" for a terminal. Every line has the request id.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "portal.observability.requestid.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},  # one INFO line per layout step of every PDF
        "django_auth_ldap": {"level": env.str("LDAP_LOG_LEVEL", default="WARNING")},
    },
}
# A Prometheus scraper sends "Authorization: Bearer <METRICS_TOKEN>" to /metrics; empty: only signed-in users
# holding portal.view_metrics may read it.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
PROMETHEUS_EXPORT_MIGRATIONS = False

# --- PDF documents (portal/pdf.py): the letterhead printed on every document -------------------------------
PORTAL_COMPANY_NAME = env.str("PORTAL_COMPANY_NAME", default="Plant Portal Manufacturing")
# Address lines separated by "|" (or new lines in .env).
PORTAL_COMPANY_ADDRESS = env.str("PORTAL_COMPANY_ADDRESS", default="1200 Industrial Parkway|Springfield, IL 62701|USA")
PORTAL_COMPANY_CONTACT = env.str("PORTAL_COMPANY_CONTACT", default="quality@example.com")
PORTAL_COMPANY_LOGO = env.str("PORTAL_COMPANY_LOGO", default="portal/company-logo.svg")  # a static file path
# Certificates of compliance with more lot rows than this are rendered in Celery (a long table takes seconds).
COC_BACKGROUND_LOTS = env.int("COC_BACKGROUND_LOTS", default=80)
# Largest photo upload (quality rejects/returns, maintenance tickets), in MB; checked by content (portal/photos.py).
PHOTO_MAX_MB = env.int("PHOTO_MAX_MB", default=8)
# Largest photo in pixels: a decompression bomb (a small file that unpacks to gigabytes) is refused before decoding.
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)
# The window a floor write's time may fall in (portal/services/floortime.py): back-entry days, tablet clock skew.
FLOOR_BACKDATE_DAYS = env.int("FLOOR_BACKDATE_DAYS", default=366)
FLOOR_CLOCK_SKEW_MINUTES = env.int("FLOOR_CLOCK_SKEW_MINUTES", default=5)
# Plausible floor quantities (portal/services/plausibility.py): up to the record's own limit (its order, the line's
# capacity per shift, the item's stock) plus this margin is recorded; above it the operator confirms; above the
# factor times it, it is refused. Without any context the limit is the last value.
PLAUSIBLE_MARGIN_PERCENT = env.int("PLAUSIBLE_MARGIN_PERCENT", default=10)
IMPLAUSIBLE_FACTOR = env.int("IMPLAUSIBLE_FACTOR", default=10)
PLAUSIBLE_QUANTITY_WITHOUT_CONTEXT = env.int("PLAUSIBLE_QUANTITY_WITHOUT_CONTEXT", default=10_000)
# The code of the laser shop's line (laser/services/runs.py): runs start on its machines, for those who work on it.
LASER_LINE = env.str("LASER_LINE", default="LASER")
