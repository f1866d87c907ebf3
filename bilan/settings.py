"""Settings, read from the environment through django-environ.

With no environment at all the platform runs on its embedded defaults: SQLite under
``var/``, e-mails printed on the console, Celery on a filesystem transport (no Redis),
DEBUG on. ``DATABASE_URL`` and ``REDIS_URL`` switch to PostgreSQL and Redis.
``DJANGO_ENV=production`` turns DEBUG off and refuses to start without its secrets.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"
VAR_DIR = Path(env.str("BILAN_VAR_DIR", default=str(BASE_DIR / "var")))


def _required_in_production(name: str) -> None:
    # A clear start-up error, not a traceback: the operator reads it in the service log.
    sys.stderr.write(
        f"Configuration incomplète : la variable d'environnement {name} est obligatoire "
        "quand DJANGO_ENV=production. Le démarrage est refusé.\n"
    )
    raise SystemExit(2)


DEBUG = False if PRODUCTION else env.bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if PRODUCTION:
        _required_in_production("DJANGO_SECRET_KEY")
    SECRET_KEY = "dev-only-not-secret-0b6c1f3e9a7d4c2e8f5a1b3c7d9e2f4a6b8c0d1e3f5a7b9c"  # noqa: S105
# After a rotation, the previous keys still validate sessions and password links already
# handed out, until they are removed (SECURITY.md, "Rotation des clés"); never used to sign.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])

# Keys of the confidential-content encryption (Fernet, the first one encrypts, every one
# decrypts, so a key can be rotated). Never derived from SECRET_KEY.
CONTENT_ENCRYPTION_KEYS = env.list("CONTENT_ENCRYPTION_KEYS", default=[])
if PRODUCTION and not CONTENT_ENCRYPTION_KEYS:
    _required_in_production("CONTENT_ENCRYPTION_KEYS")

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[] if PRODUCTION else ["*"])
if PRODUCTION and not ALLOWED_HOSTS:
    _required_in_production("DJANGO_ALLOWED_HOSTS")
# In production the console would put password links in the logs: a real server is required.
if PRODUCTION and not env.str("EMAIL_URL", default=""):
    _required_in_production("EMAIL_URL")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

ORGANISATION_NOM = env.str("BILAN_ORGANISATION_NOM", default="Horizon Compétences")
# The public address, for the links of the e-mails (password, signatures...).
BILAN_BASE_URL = env.str("BILAN_BASE_URL", default="")
if PRODUCTION and not BILAN_BASE_URL:
    _required_in_production("BILAN_BASE_URL")
BILAN_BASE_URL = BILAN_BASE_URL or "http://127.0.0.1:8000"

# The organisation's PAdES certificate (PKCS#12). Production: issued by a certification
# authority and given by the operator; elsewhere a self-signed one is made on first use.
SCELLES_PKCS12_PATH = env.str(
    "SCELLES_PKCS12_PATH", default=str(VAR_DIR / "scelles" / "organisation.p12")
)
SCELLES_PKCS12_PASSWORD = env.str("SCELLES_PKCS12_PASSWORD", default="developpement")
if PRODUCTION and not env.str("SCELLES_PKCS12_PATH", default=""):
    _required_in_production("SCELLES_PKCS12_PATH")
if PRODUCTION and not env.str("SCELLES_PKCS12_PASSWORD", default=""):
    _required_in_production("SCELLES_PKCS12_PASSWORD")
# After a rotation, the previous certificates (PEM files) still validate older documents.
SCELLES_CERTIFICATS_ACCEPTES = env.list("SCELLES_CERTIFICATS_ACCEPTES", default=[])
# Reverse proxies in front of the application (0: clients connect directly). The client's
# address is then read from X-Forwarded-For, that many hops from the right.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT  # allauth's rate limits count per client too

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "guardian",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "csp",
    "django_htmx",
    "bilan.comptes",
    "bilan.audit",
    "bilan.signatures",
    "bilan.scelles",
    "bilan.conservation",
    "bilan",
    "beneficiaires",
    "seances",
    "seances.outils",
    "seances.questionnaires",
    "seances.documents",
    "synthese",
    "suivi",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "bilan.comptes.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "bilan.comptes.middleware.AbsoluteSessionLimitMiddleware",
    "bilan.comptes.middleware.SessionRegistryMiddleware",
    "bilan.comptes.middleware.SessionIdleRefreshMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # GET, HEAD and POST only: 405 for any other method, before any view (bilan/methodes.py).
    "bilan.methodes.FormMethodsOnlyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "bilan.comptes.middleware.MfaRequiredMiddleware",
    # A domain refusal no view caught: the French 400 page with its message (bilan/errors.py).
    "bilan.errors.DomainErrorMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "bilan.urls"
WSGI_APPLICATION = "bilan.wsgi.application"

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
                "bilan.context_processors.platform",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# Web, worker and beat run apart in production: they need a shared database and broker.
if PRODUCTION and not env.str("DATABASE_URL", default=""):
    _required_in_production("DATABASE_URL")
if PRODUCTION and not env.str("REDIS_URL", default=""):
    _required_in_production("REDIS_URL")
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'bilan.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions: the web server, the worker and beat share the file.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis, cache and Celery ----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Pages keep working while Redis is away (bilan/cache.py).
            "BACKEND": "bilan.cache.CacheTolerante",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "bilan-cache",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 2}
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    # No server needed: the worker and beat of `make run` exchange messages through files.
    _broker_dir = VAR_DIR / "celery" / "broker"
    _control_dir = VAR_DIR / "celery" / "control"
    _results_dir = VAR_DIR / "celery" / "results"
    for _d in (_broker_dir, _control_dir, _results_dir):
        _d.mkdir(parents=True, exist_ok=True)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(_control_dir),
    }
    CELERY_RESULT_BACKEND = f"file://{_results_dir}"

CELERY_TIMEZONE = "Europe/Paris"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A page that enqueues a task waits at most about a second for an absent broker; the task
# then waits in the database (bilan.taches) instead of failing the page.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
# Legal deadlines and retention run from this static schedule; every job is safe to run
# twice and finds its work by querying the database (style.md, rule 5).
CELERY_BEAT_SCHEDULE = {
    "taches-relancer": {
        "task": "bilan.tasks.taches_relancer_task",
        "schedule": timedelta(minutes=5),
    },
    "audit-purge-expired": {
        "task": "bilan.audit.tasks.audit_purge_expired_task",
        "schedule": crontab(hour=3, minute=10),
    },
    "sessions-clear-expired": {
        "task": "bilan.comptes.tasks.sessions_clear_expired_task",
        "schedule": crontab(hour=3, minute=20),
    },
    "signature-codes-purge": {
        "task": "bilan.signatures.tasks.codes_purge_expired_task",
        "schedule": crontab(hour=3, minute=30),
    },
    # R6313-8: day 11 after the transmission, an unsigned convention tripartite is refused.
    "conventions-expire": {
        "task": "beneficiaires.tasks.conventions_expire_task",
        "schedule": crontab(hour=0, minute=15),
    },
}

# --- Users, authentication, sessions --------------------------------------------------
AUTH_USER_MODEL = "comptes.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accueil"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "bilan.comptes.validators.ForbiddenWordsValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60  # one hour; the token dies with the first use as well

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 30 * 60  # idle limit, renewed by SessionIdleRefreshMiddleware
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_MAX_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "bilan.views.csrf_failure"

ACCOUNT_ADAPTER = "bilan.comptes.adapters.AccountAdapter"
ACCOUNT_FORMS = {"reset_password": "bilan.comptes.forms.ReinitialisationMotDePasseForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{ORGANISATION_NOM}] "
# django-axes owns the password lockout (username + IP, HTTP 429, at 5 failures); allauth's
# counter sits just above it, so it only bites on the second factor: 6 wrong TOTP codes
# per 5 minutes and the code is refused, right or wrong.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/m/ip,6/300s/key"}
MFA_ADAPTER = "bilan.comptes.adapters.MfaAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = ORGANISATION_NOM
MFA_PASSKEY_LOGIN_ENABLED = False

AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "comptes/verrouillage.html"
AXES_USERNAME_CALLABLE = "bilan.comptes.lockout.username_from_attempt"
AXES_CLIENT_IP_CALLABLE = "bilan.audit.services.client_ip"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# Guardian: no anonymous user row (our login is the e-mail; anonymous reads nothing).
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# --- Security headers -----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        # Pico's icons and the MFA QR code are data: images.
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    if env.bool("DJANGO_BEHIND_TLS_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    # HSTS preload is a commitment to the browsers' preload list that only the operator of
    # the domain can make: left off on purpose, and its warning silenced.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- Internationalisation -------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# --- Static files, media, e-mail ------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Outside production, WhiteNoise serves the source folders themselves: `make run` (DEBUG off,
# bilan.management.commands.serve) needs no collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_ROOT = Path(env.str("BILAN_MEDIA_ROOT", default=str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# An SMTP server that hangs cannot hold a worker longer than this (seconds): the follow-up
# reminders retake a claimed row after SUIVI_RELANCE_REPRISE_SECONDES, far longer.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=60)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ne-pas-repondre@bilan.localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- The audit log --------------------------------------------------------------------
# CNIL 2021: 6 to 12 months; a provider may shorten within that range (domain.md).
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"simple": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "filters": {
        "sans_trace_4xx": {"()": "bilan.journalisation.SansTrace4xx"},
        # No link's credential in any line (« Gone: /partage/<jeton>/ », runserver's access
        # lines): bilan/journalisation.py, as gunicorn's access log.
        "sans_jeton": {"()": "bilan.journalisation.RedactSecretPaths"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "simple",
            "filters": ["sans_trace_4xx", "sans_jeton"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) plus the root's printed each line twice:
        # Django's records go to the root's handler alone.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # runserver's access lines (make run): Django gives them a handler of their own that
        # would print tokens; they go through the console handler and its filters instead.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"level": "WARNING"},
        # weasyprint logs each rendering step at INFO: one line per step of every PDF.
        "weasyprint": {"level": "WARNING"},
    },
}

# --- Funding (beneficiaires) ------------------------------------------------------------
# CPF reste à charge, indexed every 1 January (domain.md, Funding: CPF): (date d'effet ISO,
# montant en euros); the amount in force on a date is the last one whose date has come.
CPF_RESTE_A_CHARGE = [
    ("2024-01-01", "100.00"),
    ("2025-01-01", "102.23"),
    ("2026-01-01", "103.20"),
]

# --- Sessions (seances) -------------------------------------------------------------------
# R6313-4 as amended in 2026 (domain.md, Duration): the floor of signed accompaniment hours
# below which a bilan cannot be closed.
SEANCES_PLANCHER_ACCOMPAGNEMENT_HEURES = env.int(
    "SEANCES_PLANCHER_ACCOMPAGNEMENT_HEURES", default=13
)

# --- Conventions (beneficiaires) --------------------------------------------------------
# Days before the employer's or funder's single-use signing link expires.
CONVENTION_LIEN_JOURS = env.int("CONVENTION_LIEN_JOURS", default=15)

# Documents de travail
# --- Working documents (seances.documents) ------------------------------------------------
# Largest file a beneficiary or consultant may upload (issue 11, point 6), in bytes. The
# upload views keep the file in memory up to this size and discard anything larger unread
# (no temporary file: the plaintext never touches the disk). A reverse proxy in front must
# accept bodies somewhat larger (client_max_body_size 12m for 10 MB), or its own 413 page
# replaces the French message. Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) counts the form
# fields only, never the file; FILE_UPLOAD_MAX_MEMORY_SIZE is not used by these views.
DOCUMENTS_TAILLE_MAX = env.int("DOCUMENTS_TAILLE_MAX", default=10 * 1024 * 1024)

# Suivi
# The follow-up (domain.md, 10): the invitation to book the six-month interview leaves this
# many days after the end of the bilan; the à-froid survey between 3 and 6 months; the
# documents kept under the written agreement: CONSERVATION_EXCEPTION_SUIVI_JOURS below.
# The à-froid survey leaves about 5 months 3 weeks after the end (inside 3-6 months), after
# most follow-up interviews; its link closes 6 months after the end.
SUIVI_INVITATION_APRES_JOURS = env.int("SUIVI_INVITATION_APRES_JOURS", default=152)
SUIVI_ENQUETE_FROID_APRES_JOURS = env.int("SUIVI_ENQUETE_FROID_APRES_JOURS", default=175)
# A reminder left « en cours d'envoi » by a worker that died is sent again after this
# delay (suivi.relances): far longer than a batch takes, so a live worker is never overtaken.
SUIVI_RELANCE_REPRISE_SECONDES = env.int("SUIVI_RELANCE_REPRISE_SECONDES", default=15 * 60)
CELERY_BEAT_SCHEDULE["suivi-relances"] = {
    "task": "suivi.tasks.suivi_relances_task",
    "schedule": crontab(hour=8, minute=30),
}

# Conservation ---------------------------------------------------------------------------
# R6313-7: the exceptions (synthèse sent to the CEP, documents kept under the beneficiary's
# agreement) last 3 years at most after the end; a provider may shorten, never lengthen (a
# value above the law stops the start: bilan.conservation.politique). Proof (4 years) and
# invoices (10 years) are fixed by the law: no setting.
CONSERVATION_EXCEPTION_SUIVI_JOURS = env.int(
    "CONSERVATION_EXCEPTION_SUIVI_JOURS", default=3 * 365 + 1
)
# Hours a beneficiary's data export (RGPD art. 15, 20) stays downloadable, once.
CONSERVATION_EXPORT_HEURES = env.int("CONSERVATION_EXPORT_HEURES", default=48)
# Every night: content at the end of the action, proof after 4 years, files with their rows.
CELERY_BEAT_SCHEDULE["conservation-purge"] = {
    "task": "bilan.conservation.tasks.conservation_purge_task",
    "schedule": crontab(hour=3, minute=40),
}
