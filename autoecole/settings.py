"""One settings module, read from the environment (see .env.example).

With no DATABASE_URL / CELERY_BROKER_URL the product runs embedded: SQLite under var/ and
Celery tasks executed in-process. With PostgreSQL and Redis configured it uses them.
"""

import base64
import ipaddress
import secrets
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

import autoecole

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
# Embedded mode's SQLite database and, by default, uploaded files live here.
VAR_DIR = Path(env("VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
# Public values, for a local DEBUG run only: outside DEBUG the secrets have no default (see below).
DEV_SECRET_KEY = "dev-only-not-secret-change-me"  # noqa: S105 - public on purpose
DEV_ANTS_PASSWORD_KEY = "ZGV2LW9ubHkta2V5LWRvLW5vdC11c2UtaW4tcHJvZCE="  # noqa: S105 - public on purpose
SECRET_KEY = env("SECRET_KEY", default=DEV_SECRET_KEY if DEBUG else "")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

EMBEDDED = "DATABASE_URL" not in env
if EMBEDDED:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'autoecole.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
# A connection kept between requests and tasks is checked before it serves again (a restarted server).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

INSTALLED_APPS = [
    "autoecole.apps.AutoEcoleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_celery_beat",
    "axes",
    "agences",
    "eleves",
    "ants",
    "documents",
    "demandes",
    "suivi",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body (the CSRF check reads the form).
    "autoecole.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "autoecole.middleware.SecurityHeadersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "autoecole.urls"
WSGI_APPLICATION = "autoecole.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_USER_MODEL = "agences.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login throttling (django-axes), on the person's address even behind the TLS proxy
# (autoecole.throttling): a username is locked from one address after AXES_FAILURE_LIMIT failures,
# an address after AXES_IP_FAILURE_LIMIT failures on any usernames (password spraying).
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_IP_FAILURE_LIMIT = env.int("AXES_IP_FAILURE_LIMIT", default=20)
AXES_HANDLER = "autoecole.throttling.AxesHandler"
AXES_CLIENT_IP_CALLABLE = "autoecole.throttling.client_ip"
# Proxies whose X-Forwarded-For is believed (addresses or networks); none by default: REMOTE_ADDR.
TRUSTED_PROXIES = [
    ipaddress.ip_network(proxy.strip(), strict=False) for proxy in env.list("TRUSTED_PROXIES", default=[])
]
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "fr-fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    # Student documents are private: served by a view that checks the agency, never by URL.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names once collectstatic has run (Docker image); plain names before.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if (STATIC_ROOT / "staticfiles.json").exists()
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Request bodies: a document is 11 MB at most (documents.fichiers.TAILLE_MAX), sent with a few form
# fields. Over 12 MB the request is refused before it is read (autoecole.middleware), and the reverse
# proxy must refuse it first (nginx: client_max_body_size 12m; see docker-compose.yml). Below it, an
# upload stays in memory: no copy of an ID scan is written to a temporary file.
REQUEST_BODY_MAX_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_MAX_SIZE
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default: the text fields of a form, files aside

# ANTS
ANTS_BASE_URL = env("ANTS_BASE_URL", default="http://127.0.0.1:8700")
# Fernet keys, comma-separated: the first encrypts, all decrypt (so a key can be rotated).
ANTS_PASSWORD_KEYS = env.list("ANTS_PASSWORD_KEYS", default=[DEV_ANTS_PASSWORD_KEY] if DEBUG else [])
ANTS_CONNECT_TIMEOUT = env.float("ANTS_CONNECT_TIMEOUT", default=5.0)
ANTS_READ_TIMEOUT = env.float("ANTS_READ_TIMEOUT", default=30.0)
# The longest one ANTS call may take, every attempt, wait and sign-in included (seconds): a stalled or
# trickling ANTS is cut there. Long enough to send an 11 MB file on a slow office line.
ANTS_CALL_DEADLINE = env.float("ANTS_CALL_DEADLINE", default=120.0)
# How late ANTS is assumed to apply a write whose answer was lost (seconds): before that,
# reconciliation answers "cannot tell yet", never "surely absent".
ANTS_APPLY_DELAY_MAX = env.float("ANTS_APPLY_DELAY_MAX", default=900.0)
# Calls per account in any 60 seconds: ANTS's limit (docs/ants-api.md, Conventions).
ANTS_RATE_LIMIT_PER_MINUTE = env.int("ANTS_RATE_LIMIT_PER_MINUTE", default=600)
# Longest wait for a rate-limit slot before giving up with "ANTS unavailable" (seconds): a minute's
# span, so that a slot always comes within it.
ANTS_RATE_LIMIT_MAX_WAIT = env.float("ANTS_RATE_LIMIT_MAX_WAIT", default=61.0)
# Retries of read calls: attempts in all, full-jitter backoff base and ceiling, longest Retry-After
# waited in place (a longer one goes back to the caller, e.g. a Celery retry countdown).
ANTS_RETRY_ATTEMPTS = env.int("ANTS_RETRY_ATTEMPTS", default=4)
ANTS_RETRY_BASE_DELAY = env.float("ANTS_RETRY_BASE_DELAY", default=0.5)
ANTS_RETRY_MAX_DELAY = env.float("ANTS_RETRY_MAX_DELAY", default=8.0)
ANTS_RETRY_AFTER_MAX = env.float("ANTS_RETRY_AFTER_MAX", default=30.0)

# Celery: configured from here (namespace CELERY). Without a broker, tasks run in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default="CELERY_BROKER_URL" not in env)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery closes a worker's database connection before and after every task unless told to reuse it
# (each task then paid a new connection, ~6 ms and a server process). Reused, Django's own rules
# close it, checked around each task as around each request (autoecole/celery.py).
CELERY_DB_REUSE_MAX = 1000
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_MAX_COUNTDOWN = 3600
# Must exceed every countdown and time limit, or Redis redelivers a task still waiting or running.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 2 * CELERY_TASK_MAX_COUNTDOWN}
# A worker's hold on an ANTS operation (demandes.execution): past it, the worker is taken as dead.
ANTS_OPERATION_LEASE = env.float("ANTS_OPERATION_LEASE", default=CELERY_TASK_TIME_LIMIT + 60)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Beat copies these into its database schedule at start (editable there afterwards).
CELERY_BEAT_SCHEDULE = {
    # ANTS operations due again: retries, look-ups after a lost answer, a dead worker's operations.
    "relancer-operations-ants": {"task": "demandes.relancer_operations", "schedule": 60.0},
    # Each agency's nightly reading of its ANTS account, at the hour its manager set on the agency.
    "synchronisations-nocturnes": {"task": "demandes.synchronisations_nocturnes", "schedule": 600.0},
    # Readings of ANTS accounts whose worker died or whose task was lost, queued again.
    "reprendre-synchronisations": {"task": "demandes.reprendre_synchronisations", "schedule": 300.0},
    # The counts behind the counters of « Demandes en ligne », folded into one row per group.
    "replier-comptes-demandes": {"task": "demandes.replier_comptes", "schedule": 3600.0},
    # Students' documents past their retention period (documents.conservation), once a day.
    "purger-documents": {"task": "demandes.purger_documents", "schedule": 86400.0},
    # Reminders to students before the 7 days of activation and the 15 days of the photo form end.
    "rappels-aux-eleves": {"task": "suivi.envoyer_rappels", "schedule": 900.0},
}
CELERY_TIMEZONE = TIME_ZONE

CACHE_URL = env("CACHE_URL", default="")
CACHES = {
    "default": env.cache_url_config(CACHE_URL)
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="autoecole@localhost")

# Production hardening: HTTPS=true behind a TLS-terminating proxy (docker-compose, production).
HTTPS = env.bool("HTTPS", default=False)
SECURE_SSL_REDIRECT = HTTPS
# Health checks come over plain HTTP from inside the container network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Fail closed: a server started without its secrets would sign sessions and encrypt the agencies'
# ANTS passwords with values anyone can read in this file.
_MISSING_SECRETS = [name for name in ("SECRET_KEY", "ANTS_PASSWORD_KEYS") if not globals()[name]]
if _MISSING_SECRETS and autoecole.SANS_SECRETS:
    # A command that only reads the code (manage.py makemigrations): a random value each, for this
    # process alone, which nothing it does signs or encrypts with.
    SECRET_KEY = SECRET_KEY or secrets.token_urlsafe(50)
    ANTS_PASSWORD_KEYS = ANTS_PASSWORD_KEYS or [base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()]
elif _MISSING_SECRETS:
    raise ImproperlyConfigured(
        f"{' and '.join(_MISSING_SECRETS)} must be set (environment or .env, see .env.example): with "
        "DEBUG off there is no default. For a local demo, set DEBUG=true (make run does)."
    )

# The DEBUG page and error reports never show a password, not even in DEBUG (make run).
DEFAULT_EXCEPTION_REPORTER_FILTER = "autoecole.error_reports.SafeReportFilter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Belt and braces: passwords are never logged on purpose; this masks one logged by mistake.
    "filters": {"redact_secrets": {"()": "autoecole.log_filters.RedactSecretsFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_secrets"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # WeasyPrint tells every step of every PDF at INFO; its warnings (a CSS rule it ignores) stay.
    "loggers": {"weasyprint": {"level": "WARNING"}},
}
