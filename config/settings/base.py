"""Settings shared by every deployment of yakuba.

Values that differ between deployments come from environment variables read
through :mod:`config.settings.env`; see ``docs/reference/settings.md``.
"""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from yakuba.vault.keys import KeyConfigurationError, load_keyring

from .env import SettingsError, env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("YAKUBA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# Proxies (addresses or networks) whose X-Real-IP header names the client.
YAKUBA_TRUSTED_PROXIES = env_list("YAKUBA_TRUSTED_PROXIES", [])
for _network in YAKUBA_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError as error:
        raise SettingsError(
            f"YAKUBA_TRUSTED_PROXIES: {_network!r} is not an address or network"
        ) from error

# --- Which tier this process serves (三層分離) ---------------------------------
# "citizen": the public site only; "staff": the staff console only (closed
# administrative network); "both": one process serves both (demo, small cities).
YAKUBA_SITE_TIER = env_choice("YAKUBA_SITE_TIER", "both", ["citizen", "staff", "both"])

# --- Municipality -------------------------------------------------------------
YAKUBA_MUNICIPALITY_CODE = env_str("YAKUBA_MUNICIPALITY_CODE", "132233")
if not (len(YAKUBA_MUNICIPALITY_CODE) == 6 and YAKUBA_MUNICIPALITY_CODE.isdigit()):
    raise SettingsError("YAKUBA_MUNICIPALITY_CODE must be the 6-digit 全国地方公共団体コード")
YAKUBA_PUBLIC_BASE_URL = env_str("YAKUBA_PUBLIC_BASE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_tasks_db",
    "yakuba.core",
    "yakuba.identity",
    "yakuba.audit",
    "yakuba.residents",
    "yakuba.residents.transfer",
    "yakuba.vault",
    "yakuba.jpki",
    "yakuba.alerts",
    "yakuba.alerts.ingest",
    "yakuba.facilities",
    "yakuba.applications",
    "yakuba.certificates",
    "yakuba.opendata",
    "yakuba.demo",
    "yakuba.portal",
    "yakuba.console",
]

MIDDLEWARE = [
    "yakuba.core.middleware.TrustedProxyMiddleware",
    "yakuba.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yakuba.identity.middleware.StaffSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yakuba.core.context_processors.municipality",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------
# SQLite under var/ is the embedded default (demo, small installations);
# PostgreSQL is production: DATABASE_URL=postgres://user:pass@host:5432/yakuba
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'yakuba.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- My Number vault: encryption keys -------------------------------------------
# Never in the database or the repository: from the environment or a key file
# (docs/modules/vault.md, "Key management").  The first key encrypts; the others
# only decrypt until `manage.py rotate_mynumber_keys` has re-encrypted their rows.
# None: the vault refuses every operation with a clear message.
YAKUBA_MYNUMBER_KEY_FILE = env_str("YAKUBA_MYNUMBER_KEY_FILE", "")
try:
    YAKUBA_MYNUMBER_KEYRING = load_keyring(
        keys=env_str("YAKUBA_MYNUMBER_KEYS", ""), key_file=YAKUBA_MYNUMBER_KEY_FILE
    )
except KeyConfigurationError as error:
    raise SettingsError(str(error)) from None

# --- My Number card (JPKI emulation) -------------------------------------------
# The emulated CA's key and certificate and the key sealing the emulated cards'
# private keys: files in this directory (created on first use, mode 700/600),
# never in the database or the repository (docs/modules/jpki.md).
YAKUBA_JPKI_DIR = Path(env_str("YAKUBA_JPKI_DIR", str(VAR_DIR / "jpki")))
YAKUBA_JPKI_READER = env_str("YAKUBA_JPKI_READER", "yakuba.jpki.readers.emulated.EmulatedReader")
YAKUBA_JPKI_DEMO = env_bool("YAKUBA_JPKI_DEMO", False)  # lists emulated cards on the login page
YAKUBA_JPKI_KEY_ALGORITHM = env_choice("YAKUBA_JPKI_KEY_ALGORITHM", "rsa2048", ["rsa2048", "p256"])

# --- Online applications (電子申請) ----------------------------------------------
# Attachments are stored outside the web root in this directory (mode 700), named by a
# random key, and served only through the staff download view (docs/modules/applications.md).
YAKUBA_APPLICATIONS_FILES_DIR = Path(
    env_str("YAKUBA_APPLICATIONS_FILES_DIR", str(VAR_DIR / "application-files"))
)
# Largest attachment accepted (bytes; a form field may set a lower limit).
YAKUBA_APPLICATIONS_MAX_UPLOAD_BYTES = env_int(
    "YAKUBA_APPLICATIONS_MAX_UPLOAD_BYTES", 10 * 1024 * 1024, minimum=1
)
# The ClamAV daemon that scans every attachment: "tcp://host:3310" or
# "unix:///run/clamav/clamd.ctl"; empty = no scan (attachments marked 未検査).
YAKUBA_CLAMD_ADDRESS = env_str("YAKUBA_CLAMD_ADDRESS", "")
if YAKUBA_CLAMD_ADDRESS and not (
    YAKUBA_CLAMD_ADDRESS.startswith("unix:///")
    or (
        YAKUBA_CLAMD_ADDRESS.startswith("tcp://")
        and YAKUBA_CLAMD_ADDRESS[6:].rpartition(":")[2].isdigit()
        and YAKUBA_CLAMD_ADDRESS[6:].rpartition(":")[0]
    )
):
    raise SettingsError(
        "YAKUBA_CLAMD_ADDRESS must be tcp://host:port or unix:///path/to/socket, "
        f"not {YAKUBA_CLAMD_ADDRESS!r}"
    )
# Drafts not touched for this many days are erased (applications_purge_drafts).
YAKUBA_APPLICATIONS_DRAFT_DAYS = env_int("YAKUBA_APPLICATIONS_DRAFT_DAYS", 30, minimum=1)

# --- Certificates at convenience-store kiosks (コンビニ交付) ------------------------
# The city's issuing certificate and its root (PAdES signatures of every certificate PDF):
# key files in this directory (mode 700, files 600), created on first use; never in the
# database or the repository (docs/modules/certificates.md).
YAKUBA_CERTIFICATES_DIR = Path(env_str("YAKUBA_CERTIFICATES_DIR", str(VAR_DIR / "certificates")))
# Kiosk service hours, local time, "HH:MM-HH:MM" (the national service runs 6:30-23:00).
YAKUBA_KIOSK_SERVICE_HOURS = env_str("YAKUBA_KIOSK_SERVICE_HOURS", "06:30-23:00")
if not re.fullmatch(
    r"([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-4]):[0-5][0-9]", YAKUBA_KIOSK_SERVICE_HOURS
):
    raise SettingsError(
        f"YAKUBA_KIOSK_SERVICE_HOURS must look like 06:30-23:00, not {YAKUBA_KIOSK_SERVICE_HOURS!r}"
    )
# A kiosk screen left untouched this many seconds clears its session (card, choices).
YAKUBA_KIOSK_IDLE_SECONDS = env_int("YAKUBA_KIOSK_IDLE_SECONDS", 90, minimum=15)
# Fee per copy in yen, per certificate kind.
YAKUBA_CERTIFICATE_FEES = {
    "residence": env_int("YAKUBA_CERTIFICATE_FEE_RESIDENCE", 200, minimum=0),
    "residence_items": env_int("YAKUBA_CERTIFICATE_FEE_RESIDENCE_ITEMS", 200, minimum=0),
    "seal": env_int("YAKUBA_CERTIFICATE_FEE_SEAL", 200, minimum=0),
    "tax": env_int("YAKUBA_CERTIFICATE_FEE_TAX", 200, minimum=0),
}
# The signed PDF is kept this many minutes so a failed print can be printed again
# (without a new charge); then certificates_purge empties it.
YAKUBA_CERTIFICATE_REPRINT_MINUTES = env_int("YAKUBA_CERTIFICATE_REPRINT_MINUTES", 30, minimum=1)

# --- Open data (オープンデータ) -------------------------------------------------------
# Resource files (uploaded and generated) are kept outside the web root in this directory
# (mode 700, files 600), every version; served by the dataset download view.
YAKUBA_OPENDATA_FILES_DIR = Path(
    env_str("YAKUBA_OPENDATA_FILES_DIR", str(VAR_DIR / "opendata-files"))
)
# Largest resource file accepted through the pages or the Action API (bytes).
YAKUBA_OPENDATA_MAX_UPLOAD_BYTES = env_int(
    "YAKUBA_OPENDATA_MAX_UPLOAD_BYTES", 50 * 1024 * 1024, minimum=1
)

# --- Background work (Django Tasks API) ----------------------------------------
# "database": django-tasks-db worker (`manage.py db_worker`), the embedded default.
# "redis": django-tasks-rq on Redis (`manage.py rqworker --job-class django_tasks_rq.Job`).
# "immediate": run inline (tests).
YAKUBA_TASK_BACKEND = env_choice(
    "YAKUBA_TASK_BACKEND", "database", ["database", "redis", "immediate"]
)
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")

# --- Cache: rate limits (alerts subscription pages) -------------------------------
# A Redis URL shared by every web process (needs the `redis` extra); empty: per-process
# memory, enough for one web process.  Defaults to REDIS_URL with the Redis task backend.
YAKUBA_CACHE_URL = env_str("YAKUBA_CACHE_URL", REDIS_URL if YAKUBA_TASK_BACKEND == "redis" else "")
if YAKUBA_CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": YAKUBA_CACHE_URL,
        }
    }
YAKUBA_TASK_QUEUES = ["default", "mail", "bulk"]
if YAKUBA_TASK_BACKEND == "database":
    TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": YAKUBA_TASK_QUEUES}
    }
elif YAKUBA_TASK_BACKEND == "redis":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {name: {"URL": REDIS_URL} for name in YAKUBA_TASK_QUEUES}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": YAKUBA_TASK_QUEUES}}
else:
    TASKS = {
        "default": {
            "BACKEND": "django.tasks.backends.immediate.ImmediateBackend",
            "QUEUES": YAKUBA_TASK_QUEUES,
        }
    }

# --- Accounts, passwords, sessions ---------------------------------------------
AUTH_USER_MODEL = "identity.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8, minimum=60)
# Staff sessions end after this many seconds without a request.
YAKUBA_STAFF_IDLE_TIMEOUT = env_int("YAKUBA_STAFF_IDLE_TIMEOUT", 15 * 60, minimum=30)
# Citizens' sessions end after this many seconds without a request.
YAKUBA_CITIZEN_IDLE_TIMEOUT = env_int("YAKUBA_CITIZEN_IDLE_TIMEOUT", 60 * 60, minimum=30)

# Brute-force protection (django-axes): lock an account+address after N failures.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# The client address is REMOTE_ADDR, which TrustedProxyMiddleware sets from trusted proxies only.
AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "yakuba.identity.lockout.lockout_response"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = env_str("OTP_TOTP_ISSUER", "yakuba")

# --- Security headers ---------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "yakuba.core.views.errors.csrf_failure"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
YAKUBA_HTTPS = env_bool("YAKUBA_HTTPS", False)
if YAKUBA_HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Internationalisation -------------------------------------------------------
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", _("日本語")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


# --- E-mail -------------------------------------------------------------------
# Django 6.1 mailers.  "default": account mail (verification, password reset);
# "alerts": the alert fan-out (docs/modules/alerts-delivery.md), which a city may point
# at a bulk relay of its own; each ALERTS_EMAIL_* falls back to the EMAIL_* value.
def _mailer(prefix: str, fallback: dict | None = None) -> dict:
    fallback = fallback or {}
    base_options = fallback.get("OPTIONS", {})
    options = {
        "host": env_str(f"{prefix}HOST", base_options.get("host", "127.0.0.1")),
        "port": env_int(f"{prefix}PORT", base_options.get("port", 1025), minimum=1),
        "username": env_str(f"{prefix}HOST_USER", base_options.get("username", "")),
        "password": env_str(f"{prefix}HOST_PASSWORD", base_options.get("password", "")),
        "use_tls": env_bool(f"{prefix}USE_TLS", base_options.get("use_tls", False)),
        "timeout": env_int(f"{prefix}TIMEOUT", base_options.get("timeout", 10), minimum=1),
    }
    backend = env_str(
        f"{prefix}BACKEND",
        fallback.get("BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
    )
    if backend != "django.core.mail.backends.smtp.EmailBackend":
        options = {}  # locmem, console, dummy take no connection options
    return {"BACKEND": backend, "OPTIONS": options}


_DEFAULT_MAILER = _mailer("EMAIL_")
MAILERS = {"default": _DEFAULT_MAILER, "alerts": _mailer("ALERTS_EMAIL_", _DEFAULT_MAILER)}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@yakuba.example.jp")

# --- Alerts (情報提供サービス) ----------------------------------------------------
# Public base URL of the citizen site: links in e-mails, push and LINE messages sent by workers.
YAKUBA_SITE_URL = env_str("YAKUBA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# CAP <sender> of the city's alerts; empty: bosai@<host of the municipality's website>.
YAKUBA_CAP_SENDER = env_str("YAKUBA_CAP_SENDER", "")
# JMA 防災情報XML Atom feeds polled for the automatic link (comma-separated URLs).
YAKUBA_JMA_FEEDS = env_list(
    "YAKUBA_JMA_FEEDS",
    [
        "https://www.data.jma.go.jp/developer/xml/feed/extra.xml",
        "https://www.data.jma.go.jp/developer/xml/feed/eqvol.xml",
    ],
)
# Off by default: the demo machine may be offline, and JMA asks for polite clients.
YAKUBA_JMA_POLL_ENABLED = env_bool("YAKUBA_JMA_POLL_ENABLED", False)
YAKUBA_JMA_POLL_SECONDS = env_int("YAKUBA_JMA_POLL_SECONDS", 60, minimum=30)
# The city's JMA area code (AreaInformationCity): 5-digit 団体コード + "00" unless overridden.
YAKUBA_JMA_AREA_CODE = env_str("YAKUBA_JMA_AREA_CODE", YAKUBA_MUNICIPALITY_CODE[:5] + "00")
# 府県予報区 (forecast office) of the city; empty: the prefecture's (東京都 → 130000).
YAKUBA_JMA_OFFICE_CODE = env_str("YAKUBA_JMA_OFFICE_CODE", "")
# 震度速報 (VXSE51) lists 地震情報／細分区域 areas, not cities: the city's area code, or empty.
YAKUBA_JMA_QUAKE_AREA_CODE = env_str("YAKUBA_JMA_QUAKE_AREA_CODE", "")
# Web Push (VAPID, RFC 8292): private key as a PEM file; generated under var/ by dev settings.
YAKUBA_VAPID_PRIVATE_KEY_FILE = env_str("YAKUBA_VAPID_PRIVATE_KEY_FILE", "")
YAKUBA_VAPID_SUBJECT = env_str("YAKUBA_VAPID_SUBJECT", "mailto:bosai@city.example.lg.jp")
# LINE official account (Messaging API). Empty token: the LINE channel is off.
YAKUBA_LINE_API_BASE = env_str("YAKUBA_LINE_API_BASE", "https://api.line.me")
YAKUBA_LINE_CHANNEL_ACCESS_TOKEN = env_str("YAKUBA_LINE_CHANNEL_ACCESS_TOKEN", "")
YAKUBA_LINE_CHANNEL_SECRET = env_str("YAKUBA_LINE_CHANNEL_SECRET", "")
YAKUBA_LINE_ADD_FRIEND_URL = env_str("YAKUBA_LINE_ADD_FRIEND_URL", "")
YAKUBA_LINE_TIMEOUT = env_int("YAKUBA_LINE_TIMEOUT", 10, minimum=1)
# Web Push: message lifetime at the push service and request timeout (seconds).
YAKUBA_PUSH_TTL = env_int("YAKUBA_PUSH_TTL", 24 * 60 * 60, minimum=0)
YAKUBA_PUSH_TIMEOUT = env_int("YAKUBA_PUSH_TIMEOUT", 10, minimum=1)
# Push services a browser subscription may point at (comma-separated hosts); unset:
# the browsers' own services (yakuba.alerts.services.push.DEFAULT_ALLOWED_HOSTS).
if os.environ.get("YAKUBA_PUSH_ALLOWED_HOSTS"):
    YAKUBA_PUSH_ALLOWED_HOSTS = env_list("YAKUBA_PUSH_ALLOWED_HOSTS", [])
# Fan-out: subscribers per chunk task.
YAKUBA_ALERT_CHUNK_SIZE = env_int("YAKUBA_ALERT_CHUNK_SIZE", 1000, minimum=1)

# --- Facilities (公共施設予約) ---
# A user or group registration is valid this many years after approval (then renewed).
YAKUBA_FACILITY_REGISTRATION_YEARS = env_int("YAKUBA_FACILITY_REGISTRATION_YEARS", 2, minimum=1)
# A group needs at least this many members, this many of them living/working in the city.
YAKUBA_FACILITY_GROUP_MIN_MEMBERS = env_int("YAKUBA_FACILITY_GROUP_MIN_MEMBERS", 5, minimum=1)
YAKUBA_FACILITY_GROUP_MIN_RESIDENTS = env_int("YAKUBA_FACILITY_GROUP_MIN_RESIDENTS", 3, minimum=0)
# Hours a waitlist offer stays open before it passes to the next person waiting.
YAKUBA_FACILITY_OFFER_HOURS = env_int("YAKUBA_FACILITY_OFFER_HOURS", 24, minimum=1)
# Reminder e-mail this many days before the day of use (0: off).
YAKUBA_FACILITY_REMINDER_DAYS = env_int("YAKUBA_FACILITY_REMINDER_DAYS", 1, minimum=0)

# --- Logging: one JSON line per record, request id attached, no personal data ---
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR"])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "yakuba.core.logging.RequestIdFilter"},
        "drop_task_arguments": {"()": "yakuba.core.logging.DropTaskArgumentsFilter"},
        # Safety net: blanks anything shaped like a 個人番号 (yakuba.vault.logging).
        "redact_my_numbers": {"()": "yakuba.vault.logging.RedactMyNumbersFilter"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["request_id", "drop_task_arguments", "redact_my_numbers"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's request logger prints the URL and exception; our request log replaces it.
        "django.server": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # Django's own 4xx lines carry the raw path; our request log replaces them.
        "django.request": {"level": "ERROR"},
        # RQ's worker prints each job's description, arguments included, at INFO.
        "rq.worker": {"level": "WARNING"},
    },
}
