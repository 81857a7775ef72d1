"""Settings for the Nanguan publicity CMS.

Every deployment choice comes from the environment (see README.md and .env.example).
Defaults suit one laptop: SQLite under var/, local files, local-memory cache.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: str = "false") -> bool:
    value = os.environ.get(name, default).lower()
    if value not in ("true", "false"):
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value == "true"


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# Required to serve with DEBUG off (nanguan/wsgi.py and asgi.py refuse to start without it);
# management commands that sign nothing (migrate, makemigrations --check, check) run without one.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    # Development only: a key that is useless anywhere DEBUG is off.
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "nanguan.apps.AdminConfig",  # django.contrib.admin with our site: titles, app order
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "import_export",
    "media_library",
    "simple_history",
    "nanguan.apps.LoginProtectionConfig",  # django-axes
    "interviews",
    "indicators",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost with the security headers, so every response carries it: cached pages, and errors
    # raised by the layers below (a refused Host header is a 400 from the page cache).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Static files before anything else touches the request (hashed names, long cache, compressed).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "nanguan.security.ContentSecurityPolicyMiddleware",
    # Outside sessions and auth: a cached public page is answered without touching the database.
    "nanguan.page_cache.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "nanguan.urls"

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
                "interviews.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "nanguan.wsgi.application"

(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        # Opening a connection costs more than rendering a small page (SQLite: ~2 ms for its PRAGMAs and
        # schema), so each worker keeps one for a minute instead of opening one per request.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before each request reuses it, so a restarted PostgreSQL costs
        # one reconnect, not an error page.
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers work during an import, and synchronous=NORMAL is durable in WAL mode while
    # syncing once per checkpoint instead of per commit (bulk import is fsync-bound otherwise).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        transaction_mode="IMMEDIATE",
        # Seconds a writer waits for another writer's lock (an import beside admin edits) before failing.
        timeout=int(os.environ.get("SQLITE_BUSY_TIMEOUT", "30")),
    )
# Parallel test runs against one PostgreSQL server (several worktrees, CI jobs) need distinct test databases.
if os.environ.get("DATABASE_TEST_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["DATABASE_TEST_NAME"]}

# Redis when REDIS_URL is set (shared by every web process); local memory otherwise (one process).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "nanguan"),
            # A Redis that does not answer must not hold a page for long: the page cache then renders
            # pages without it (nanguan/page_cache.py). Seconds, to connect and for each reply.
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "nanguan",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
# Public pages (nanguan/page_cache.py): seconds a rendered page stays in the server cache (0 turns the
# cache off), and how long a CDN may keep one (browsers always revalidate, cheaply, by ETag).
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS", "600"))
CDN_MAX_AGE = int(os.environ.get("CDN_MAX_AGE", "60"))
# Which code serves the pages: cached pages of other code are not served. Empty: a digest of the
# project's files, taken at start (nanguan/page_cache.py).
RELEASE = os.environ.get("RELEASE", "")
# Without Redis the content version lives in a file, so every worker process sees a change at once.
CONTENT_VERSION_FILE = Path(os.environ.get("CONTENT_VERSION_FILE", BASE_DIR / "var" / "content-version"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]  # Chinese for dependencies that ship without it
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise looks for it at start, even before collectstatic
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Uploads between the admin import's preview and confirmation; never served (outside MEDIA_ROOT).
# Several web servers must share it (a common volume), as preview and confirm may hit different ones.
IMPORT_STAGING_DIR = Path(os.environ.get("IMPORT_STAGING_DIR", BASE_DIR / "var" / "import-staging"))

# Uploads go to MEDIA_ROOT unless an S3-compatible bucket is configured (django-storages; see README).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed copies made by collectstatic; whitenoise serves them with a year-long cache.
    # Under DEBUG (and in tests) the plain storage, so no collectstatic is needed there.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, read by boto3 from the environment.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("AWS_LOCATION", ""),
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH"),
            "file_overwrite": False,
            # Browsers must never guess a type: stored names carry the detected type's extension.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
        MEDIA_URL = f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}/"

# Upload limits for the media library (bytes; pixels guard against decompression bombs).
MEDIA_IMAGE_MAX_BYTES = int(os.environ.get("MEDIA_IMAGE_MAX_BYTES", 20 * 1024 * 1024))
MEDIA_VIDEO_MAX_BYTES = int(os.environ.get("MEDIA_VIDEO_MAX_BYTES", 2 * 1024 * 1024 * 1024))
MEDIA_IMAGE_MAX_PIXELS = int(os.environ.get("MEDIA_IMAGE_MAX_PIXELS", 89_478_485))  # Pillow's own default
# 「批量上传图片」 (an interview's gallery): files and total bytes per batch. A batch is checked whole
# before anything is saved, so a worker holds up to MEDIA_BATCH_MAX_BYTES of images in memory.
MEDIA_BATCH_MAX_FILES = int(os.environ.get("MEDIA_BATCH_MAX_FILES", 50))
MEDIA_BATCH_MAX_BYTES = int(os.environ.get("MEDIA_BATCH_MAX_BYTES", 200 * 1024 * 1024))
# Django refuses a request with more files than this before any view runs; leave the batch limit room
# to answer in Chinese instead (a request over this still gets the plain 400 page).
DATA_UPLOAD_MAX_NUMBER_FILES = max(100, 2 * MEDIA_BATCH_MAX_FILES)

# Public site identity and the footer marks a government website carries.
# Each mark is shown only when it is set.
SITE_NAME = os.environ.get("SITE_NAME", "南关区融媒体中心")
# Canonical origin for links in feeds, sitemaps and <link rel="canonical">, e.g. https://www.example.gov.cn
SITE_URL = os.environ.get("SITE_URL", "").rstrip("/")
SITE_ORGANIZER = os.environ.get("SITE_ORGANIZER", "")  # 主办单位
SITE_UNDERTAKER = os.environ.get("SITE_UNDERTAKER", "")  # 承办单位
SITE_PHONE = os.environ.get("SITE_PHONE", "")  # 联系电话
SITE_IDENTIFIER = os.environ.get("SITE_IDENTIFIER", "")  # 网站标识码
SITE_ICP_NUMBER = os.environ.get("SITE_ICP_NUMBER", "")  # ICP备案号
SITE_PSB_NUMBER = os.environ.get("SITE_PSB_NUMBER", "")  # 公安机关备案号
# 党政机关网站标识: the image issued with the site's registration and the link it must point to.
SITE_CONAC_IMAGE = os.environ.get("SITE_CONAC_IMAGE", "")
SITE_CONAC_URL = os.environ.get("SITE_CONAC_URL", "")

INTERVIEWS_PER_PAGE = 20

# Editorial workflow (interviews/workflow.py, interviews/checks.py).
# Each entry: a function check(interview) -> iterable of Finding (see interviews/checks.py).
PUBLISH_CHECKS = [
    "interviews.checks.structure",
    "interviews.checks.proofreading",
    "interviews.checks.alt_text",
    "interviews.checks.photo_slots",
    "interviews.checks.captions",
    "indicators.checks.unconfirmed_figures",
    "indicators.checks.claim_conflicts",
]
# How long a signed draft-preview link stays valid.
PREVIEW_LINK_MAX_AGE = timedelta(hours=int(os.environ.get("PREVIEW_LINK_HOURS", "72")))

# Login throttling (django-axes): lock a username from an address after repeated wrong passwords.
AXES_ENABLED = env_bool("AXES_ENABLED", "true")
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Each failed login is kept (登录失败日志: who, from where, when), not only the running count per account.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind a reverse proxy REMOTE_ADDR is the proxy's: the client address comes from X-Forwarded-For,
# trusted only from these addresses (gunicorn reads the same variable, gunicorn.conf.py).
FORWARDED_ALLOW_IPS = env_list("FORWARDED_ALLOW_IPS", "127.0.0.1")
AXES_CLIENT_IP_CALLABLE = "nanguan.security.client_ip"

# Security headers and cookies. Behind an HTTPS reverse proxy set SECURE_PROXY_SSL_HEADER=true (the proxy
# must set X-Forwarded-Proto itself); HSTS is off until HSTS_SECONDS is set, as a browser keeps it.
if env_bool("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", "false" if DEBUG else "true")
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD")
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Content-Security-Policy (nanguan/security.py): scripts only from this origin, never inline, on public
# pages; the admin also allows inline handlers, which django-import-export's templates use.
CSP_EXTRA_MEDIA_ORIGINS = env_list("CSP_EXTRA_MEDIA_ORIGINS")  # e.g. the S3 endpoint serving media files
if os.environ.get("AWS_S3_CUSTOM_DOMAIN"):
    CSP_EXTRA_MEDIA_ORIGINS.append(f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}")

# Logging: everything at LOG_LEVEL and above goes to stderr (gunicorn's error log, journald), also with
# DEBUG off. Django's default sends errors only to ADMINS by mail when DEBUG is off, so without this a
# server error's traceback would be lost.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    # Django's own loggers print under DEBUG only; route them to the handler above instead.
    "loggers": {
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # Bots send wrong Host headers all day; each would be an ERROR with a traceback. They get a
        # 400, which the access log records.
        "django.security.DisallowedHost": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}
