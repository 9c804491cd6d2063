"""Zhongshu settings: one file, configured from the environment (see .env.example)."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from zhongshu.core import hosts

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent

env = environ.Env()
environ.Env.read_env(PROJECT_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me-in-production-0123456789")
# Links that leave the page — QR codes, calendar feeds, e-mails — start with SITE_URL. Without
# one it follows where `make run` serves (HOST, PORT): on 0.0.0.0, the machine's LAN address,
# so a phone on the office network can open them. ALLOWED_HOSTS then adds the LAN addresses.
SERVE_HOST = env("HOST", default="127.0.0.1")
SERVE_PORT = env.int("PORT", default=8000)
SITE_URL = (env("SITE_URL", default="") or hosts.site_url(SERVE_HOST, SERVE_PORT)).rstrip("/")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=hosts.allowed_hosts(SERVE_HOST, SITE_URL))
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
DATA_DIR = Path(env("DATA_DIR", default=str(PROJECT_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

# Zhongshu's apps come first: Django merges translation catalogues and the app listed first
# wins, so our wording ("筛选", "退出登录") is not replaced by the admin's ("过滤器", "注销").
INSTALLED_APPS = [
    # platform apps
    "zhongshu.core",
    "zhongshu.org",
    "zhongshu.audit",
    "zhongshu.notices",
    "zhongshu.workflow",
    "zhongshu.files",
    "zhongshu.search",
    "zhongshu.backup",
    "zhongshu.api",
    "zhongshu.home",
    # domain apps
    "zhongshu.documents",
    "zhongshu.meetings",
    "zhongshu.assets",
    # Django and third-party apps
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "bootstrap",
    "template_partials",
    "huey.contrib.djhuey",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "csp",
    "django_tomselect",  # Tom Select's assets for the people picker (org/fields.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "zhongshu.core.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "zhongshu.api.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "zhongshu.urls"
WSGI_APPLICATION = "zhongshu.wsgi.application"

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
                "csp.context_processors.nonce",
                "zhongshu.home.context_processors.topbar",
            ],
        },
    }
]
FORM_RENDERER = "zhongshu.core.renderers.FormRenderer"  # "---------" reads "请选择"

# --- database -----------------------------------------------------------------------------
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    DATABASES["default"].setdefault("CONN_MAX_AGE", 60)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env("SQLITE_PATH", default=str(DATA_DIR / "zhongshu.sqlite3")),
            "OPTIONS": {
                # Writers queue instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 30,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                    "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;"
                ),
            },
            # A file, not memory: concurrency tests need real separate connections.
            "TEST": {"NAME": env("SQLITE_TEST_PATH", default=str(DATA_DIR / "test.sqlite3"))},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- background jobs ----------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
HUEY_IMMEDIATE = env.bool("HUEY_IMMEDIATE", default=False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": env("HUEY_NAME", default="zhongshu"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "zhongshu",
        "filename": str(DATA_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# --- auth ---------------------------------------------------------------------------------
AUTH_USER_MODEL = "org.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "zhongshu.org.backends.PasswordBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
# Lock a username per address, so one proxy address never locks out the whole office.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhongshu.org.lockout.lockout_response"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]
)
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=30)

# --- i18n ---------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", default="Asia/Shanghai")
USE_TZ = True

# --- static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG and env.bool("COLLECTSTATIC", default=False)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = True
FILES_ROOT = Path(env("FILES_ROOT", default=str(DATA_DIR / "files")))
FILES_MAX_UPLOAD_MB = env.int("FILES_MAX_UPLOAD_MB", default=20)
# What one person's uploads may take on disk in all (0: no limit).
FILES_QUOTA_MB = env.int("FILES_QUOTA_MB", default=2048)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Master keys that wrap per-file data keys: "id:base64-32-bytes,..." — the first one is active.
DEV_MASTER_KEYS = "dev1:ZGV2LW9ubHktbWFzdGVyLWtleS0zMi1ieXRlcyEhISE="
FILES_MASTER_KEYS = env("FILES_MASTER_KEYS", default=DEV_MASTER_KEYS)

# Keys of the audit chain's HMAC links: "id:base64-32-bytes,..." — the first one is active. They
# live outside the database; the head is anchored to a file outside it every N events.
DEV_AUDIT_KEYS = "dev1:ZGV2LW9ubHktYXVkaXQtY2hhaW4ta2V5LTMyLWJ5dGU="
AUDIT_KEYS = env("AUDIT_KEYS", default=DEV_AUDIT_KEYS)
AUDIT_ANCHOR_FILE = env("AUDIT_ANCHOR_FILE", default=str(DATA_DIR / "audit-anchor.log"))
AUDIT_ANCHOR_EVERY = env.int("AUDIT_ANCHOR_EVERY", default=100)

# A TrueType CJK font embedded in generated PDFs (see zhongshu.core.pdf); empty = look for one.
PDF_CJK_FONT = env("PDF_CJK_FONT", default="")

# --- documents: numbering formats, codes of the archive number (档号), reading deadlines ---
DOCUMENTS_INCOMING_NUMBER = env("DOCUMENTS_INCOMING_NUMBER", default="收〔{year}〕{seq:04d}号")
DOCUMENTS_CLASSIFIED_NUMBER = env(
    "DOCUMENTS_CLASSIFIED_NUMBER", default="密收〔{year}〕{seq:04d}号"
)
DOCUMENTS_OUTGOING_CODE = env("DOCUMENTS_OUTGOING_CODE", default="中枢发")
DOCUMENTS_FONDS_CODE = env("DOCUMENTS_FONDS_CODE", default="Z001")
DOCUMENTS_ORG_CODE = env("DOCUMENTS_ORG_CODE", default="BGS")
DOCUMENTS_READ_HOURS = env.dict(
    "DOCUMENTS_READ_HOURS",
    cast={"value": int},
    default={"very_urgent": 24, "urgent": 48, "normal": 120},
)

# --- meetings: a booked room with no sign-in this many minutes after the start is released ---
MEETINGS_NO_SHOW_MINUTES = env.int("MEETINGS_NO_SHOW_MINUTES", default=15)

# --- notifications ------------------------------------------------------------------------
# Without EMAIL_URL, each e-mail is one log line (recipient, subject) and nothing is sent.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="zhongshu.core.mail.LogEmailBackend")
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="zhongshu@localhost")
# Robot webhooks: "dingtalk=https://...,feishu=https://...,wecom=https://..."
NOTICES_WEBHOOKS = env.dict("NOTICES_WEBHOOKS", default={})

# --- API ----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "zhongshu.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "zhongshu.api.errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "zhongshu.api.parsers.BoundedJSONParser",
        "zhongshu.api.parsers.CleanFormParser",
        "zhongshu.api.parsers.CleanMultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["zhongshu.api.idempotency.IdempotencyGate"],
    "DEFAULT_PAGINATION_CLASS": "zhongshu.api.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Zhongshu API",
    "DESCRIPTION": "REST API of Zhongshu (中枢), the administrative office system.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "zhongshu.api.schema.add_error_responses",
        "zhongshu.api.schema.add_idempotency_header",
    ],
    "ENUM_NAME_OVERRIDES": {
        "ApprovalRequestStatusEnum": "zhongshu.workflow.models.RequestStatus",
        "ApprovalTaskStatusEnum": "zhongshu.workflow.models.TaskStatus",
        "AssetStatusEnum": "zhongshu.assets.models.AssetStatus",
        "AssetTransferStatusEnum": "zhongshu.assets.models.TransferStatus",
        "AssetDisposalStatusEnum": "zhongshu.assets.models.DisposalStatus",
        "AssetDisposalKindEnum": "zhongshu.assets.models.DisposalKind",
        "InspectionResultEnum": "zhongshu.assets.models.InspectionResult",
        "StocktakeStatusEnum": "zhongshu.assets.models.StocktakeStatus",
        "StocktakeResultEnum": "zhongshu.assets.models.Result",
        "MeetingStatusEnum": "zhongshu.meetings.models.MeetingStatus",
        "MinutesStatusEnum": "zhongshu.meetings.models.MinutesStatus",
        "ActionStatusEnum": "zhongshu.meetings.models.ActionStatus",
        "IncomingStatusEnum": "zhongshu.documents.models.Status",
        "DocumentKindEnum": "zhongshu.documents.models.DocKind",
        "OutgoingStatusEnum": "zhongshu.documents.models.OutgoingStatus",
        "CopyRoleEnum": "zhongshu.documents.models.CopyRole",
    },
}

# --- security -----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env.int("TRUSTED_PROXY_COUNT", default=0):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

CSRF_FAILURE_VIEW = "zhongshu.core.error_pages.csrf_failure"

# One line per record, stamped in TIME_ZONE like gunicorn's lines (scripts/run.sh exports TZ;
# Django sets the process's TZ from TIME_ZONE). A 403/404 is logged without its traceback.
LOG_LEVEL = env("LOG_LEVEL", default="WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_client_errors": {"()": "zhongshu.core.logs.QuietClientErrors"}},
    "formatters": {
        "line": {
            "format": "[%(asctime)s] [%(process)d] [%(levelname)s] %(name)s: %(message)s",
            "datefmt": "%Y-%m-%d %H:%M:%S %z",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["quiet_client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own console handler (DEBUG only) would print every record a second time.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "zhongshu.mail": {"level": "INFO"},
    },
}
