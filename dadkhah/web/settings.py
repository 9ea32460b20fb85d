"""Django settings for a dadkhah case.

The case folder comes from DADKHAH_CASE (the CLI sets it from --case). The
database is the case's SQLite file unless DATABASE_URL names another (a shared
PostgreSQL deployment). Nothing here loads anything from another host.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from dadkhah.core.case import open_case

BASE_DIR = Path(__file__).resolve().parent

_case_dir = os.environ.get("DADKHAH_CASE")
CASE = open_case(_case_dir) if _case_dir else None

if CASE is not None:
    SECRET_KEY = CASE.secret_key()
    _default_db = f"sqlite:///{CASE.database_path.resolve()}"
    LANGUAGE_CODE = CASE.config.language
    DADKHAH_SYNTHETIC = CASE.config.synthetic
else:
    # No case: the test suite, or a command that needs none. A fresh key each
    # start is right here (nothing is served that must outlive the process).
    SECRET_KEY = os.environ.get("DADKHAH_SECRET_KEY") or secrets.token_urlsafe(50)
    _default_db = "sqlite:///:memory:"
    LANGUAGE_CODE = "en"
    DADKHAH_SYNTHETIC = False

DATABASES = {
    "default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_db, conn_max_age=60)
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    # WAL lets the web app read while an import writes; IMMEDIATE makes
    # writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"].update(
        {"transaction_mode": "IMMEDIATE", "timeout": 30, "init_command": "PRAGMA journal_mode=WAL;"}
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"].setdefault("OPTIONS", {})
    # No JIT: the search's plans (a visibility rule per kind) are costed high enough
    # for PostgreSQL to compile them, which took 1.3 s of a 1.9 s query on a
    # 100,000-person case (docs/search.md); the pages' queries are short.
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEBUG = os.environ.get("DADKHAH_DEBUG") == "1"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
ALLOWED_HOSTS += [h for h in os.environ.get("DADKHAH_ALLOWED_HOSTS", "").split(",") if h]

# Behind a proxy that ends TLS (README, "Settings"): DADKHAH_PROXY_SSL_HEADER=1 trusts its
# X-Forwarded-Proto, so that Django knows the request came over HTTPS and its CSRF check
# compares the browser's https:// Origin with an https:// host. Only set it when the proxy
# sets that header itself and strips it from what clients send (Django's warning on
# SECURE_PROXY_SSL_HEADER); otherwise a client could claim HTTPS.
if os.environ.get("DADKHAH_PROXY_SSL_HEADER") == "1":
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Origins (scheme://host[:port]) that may POST when the proxy's public name is not the
# Host the app sees, comma-separated: DADKHAH_CSRF_TRUSTED_ORIGINS=https://a,https://b.
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("DADKHAH_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
for _origin in CSRF_TRUSTED_ORIGINS:
    if not _origin.startswith(("https://", "http://")) or _origin.count("://") != 1:
        raise ImproperlyConfigured(
            f"DADKHAH_CSRF_TRUSTED_ORIGINS: {_origin!r} is not an origin; write "
            "scheme://host[:port], e.g. https://case.example.org (comma-separated)."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "dadkhah.web.accounts",
    "dadkhah.web.sources",
    "dadkhah.web.places",
    "dadkhah.web.people",
    "dadkhah.web.evidence",
    "dadkhah.web.custody",
    "dadkhah.web.events",
    "dadkhah.web.bodies",
    "dadkhah.web.claims",
    "dadkhah.web.witnesses",
    "dadkhah.web.estimates",
    "dadkhah.web.linkage",
    "dadkhah.web.audit",
    "dadkhah.web.families",
    "dadkhah.web.search",
    "dadkhah.web.stats",
    "dadkhah.web.edits",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "dadkhah.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "dadkhah.web.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "dadkhah.web.accounts.middleware.SecondFactorMiddleware",
    "dadkhah.web.accounts.middleware.NoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Each vocabulary's labels read once per request (dadkhah.web.edits.terms).
    "dadkhah.web.edits.terms.TermLabelsMiddleware",
    # request.htmx: a form asks for one more citation or involvement row in place.
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dadkhah.web.urls"
WSGI_APPLICATION = "dadkhah.web.wsgi.application"

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
                "dadkhah.web.context_processors.case",
                "dadkhah.web.accounts.context_processors.capabilities",
                "dadkhah.web.linkage.context_processors.review_waiting",
            ],
            "builtins": ["dadkhah.web.templatetags.dadkhah"],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "dadkhah.web.accounts.passwords.ZxcvbnValidator", "OPTIONS": {"min_score": 3}},
]

# Authentication (docs/security.md, "Authentication"). Argon2id first (RFC 9106; OWASP
# password storage); the others only read hashes made before the switch.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# django-axes checks the lockout before the password is tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five failures lock the user name until an admin runs `dadkhah user reset NAME`. No IP
# address is read or stored (dadkhah/web/accounts/lockout.py), and no log of successes.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "dadkhah.web.accounts.lockout.no_client_ip"
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_RESET_ON_SUCCESS = True
AXES_COOLOFF_TIME = None
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# TOTP (RFC 6238): the issuer names the app in the authenticator; one step of drift.
OTP_TOTP_ISSUER = "dadkhah"
# Sessions end after 30 minutes idle or 8 hours in all (ASVS 5.0 V7.3.1, V7.3.2).
DADKHAH_SESSION_IDLE_TIMEOUT = 30 * 60
DADKHAH_SESSION_ABSOLUTE_TIMEOUT = 8 * 3600

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGES = [("fa", "فارسی"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS: list[Path | tuple[str, Path]] = [BASE_DIR / "static"]
# Browser packages installed by `make install` from package-lock.json, never committed and
# never fetched at run time (docs/map.md). Leaflet and its marker clusters are served under
# static/vendor/, licences included; the map's boundaries are read by a view.
DADKHAH_NODE_MODULES = BASE_DIR.parents[1] / "node_modules"
for _package in ("leaflet", "leaflet.markercluster"):
    if (DADKHAH_NODE_MODULES / _package / "dist").is_dir():
        STATICFILES_DIRS.append((f"vendor/{_package}", DADKHAH_NODE_MODULES / _package))
# A tile server's URL template for a connected deployment (docs/map.md), e.g.
# https://tiles.example.org/{z}/{x}/{y}.png; empty (the default): the map draws only the
# bundled outlines, and nothing is requested from another host.
DADKHAH_MAP_TILES = os.environ.get("DADKHAH_MAP_TILES", "").strip()
DADKHAH_MAP_TILES_ATTRIBUTION = os.environ.get("DADKHAH_MAP_TILES_ATTRIBUTION", "").strip()
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_SAMESITE = "Strict"
# Hardening headers (docs/security.md, ASVS 5.0 V3.3, V3.4). Served over HTTPS
# (DADKHAH_HTTPS=1, a production deployment): cookies only over TLS, HSTS for a year
# (RFC 6797), and plain HTTP redirected to HTTPS. Behind a proxy that ends TLS, also set
# DADKHAH_PROXY_SSL_HEADER=1, or Django never sees the request as secure and the redirect
# never ends. `check --deploy --fail-level WARNING` passes with these
# (tests/web/authz/test_headers.py).
HTTPS = os.environ.get("DADKHAH_HTTPS") == "1"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 3600 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
# No page address ever leaves for another host in a Referer header: a URL can name a
# person or a search. Not "no-referrer": under it browsers send `Origin: null` with every
# form POST (Fetch standard, "serialize a request origin"), which Django's CSRF origin
# check refuses, so nobody could log in (tests/browser/test_login_and_home.py).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# axes.W006 asks to lock out by IP address too; we lock by user name only and store no
# address, on purpose (docs/security.md, "Lockout"): an address on record can expose a
# witness or a family.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
