"""Django settings for Botilbud, driven by environment variables.

BOTILBUD_ENV selects the environment:
- ``development`` (default, used by ``make run``): SQLite, demo mode allowed,
  keys generated once into ``var/dev-secrets.json``.
- ``test``: like development but with fixed throw-away keys; DATABASE_URL may
  point at PostgreSQL.
- ``production``: every secret must be given (``NAME`` or ``NAME_FILE``),
  PostgreSQL required, demo mode refused.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from botilbud.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("BOTILBUD_VAR_DIR", str(BASE_DIR / "var")))

ENVIRONMENT = env_str("BOTILBUD_ENV", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured("BOTILBUD_ENV must be development, test or production")
PRODUCTION = ENVIRONMENT == "production"
if not PRODUCTION:
    VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and dev keys live here

# Demo mode loads synthetic people and prints TOTP codes: never in production.
DEMO_MODE = env_bool("BOTILBUD_DEMO", default=not PRODUCTION)
if PRODUCTION and DEMO_MODE:
    raise ImproperlyConfigured("BOTILBUD_DEMO cannot be switched on with production settings")

DEBUG = env_bool("DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG cannot be switched on with production settings")


def _development_secrets() -> dict[str, str]:
    """Keys for a developer machine, made once and kept outside git."""
    if ENVIRONMENT == "test":
        return {
            "SECRET_KEY": "test-secret-key-" + "x" * 50,
            "FIELD_ENCRYPTION_KEYS": "k1:" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
            "BLIND_INDEX_KEY": "test-blind-index-key-0123456789abcdef",
            "AUDIT_HMAC_KEY": "test-audit-hmac-key-0123456789abcdef",
        }
    path = VAR_DIR / "dev-secrets.json"
    if path.exists():
        return json.loads(path.read_text())
    import base64

    values = {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
        "BLIND_INDEX_KEY": secrets.token_urlsafe(32),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(32),
    }
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values))
    path.chmod(0o600)
    return values


_dev = {} if PRODUCTION else _development_secrets()


def _secret(name: str) -> str:
    return env_secret(name, None if PRODUCTION else _dev[name])


SECRET_KEY = _secret("SECRET_KEY")
# Field encryption keys: "id:base64key,id:base64key"; the first encrypts,
# all decrypt (rotation). Kept apart from SECRET_KEY on purpose.
FIELD_ENCRYPTION_KEYS = _secret("FIELD_ENCRYPTION_KEYS")
BLIND_INDEX_KEY = _secret("BLIND_INDEX_KEY")
# The audit chain key must live outside the database so that someone with
# database access alone cannot forge a consistent chain.
AUDIT_HMAC_KEY = _secret("AUDIT_HMAC_KEY")
AUDIT_ANCHOR_DIR = Path(env_str("AUDIT_ANCHOR_DIR", str(VAR_DIR / "audit-anchors")))

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required in production")
SITE_URL = env_str("SITE_URL", "" if PRODUCTION else "http://127.0.0.1:8000")
if PRODUCTION and not SITE_URL:
    raise ImproperlyConfigured("SITE_URL is required in production")
CSRF_TRUSTED_ORIGINS = [SITE_URL] if SITE_URL.startswith("https://") else []

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "rest_framework",
    "drf_spectacular",
    "core",
    "accounts",
    "access",
    "audit",
    "housing",
    "routines",
    "referrals",
    "advisory",
    "stays",
    "followup",
    "decisions",
    "documents",
    "meetings",
    "reporting",
    "oversight",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "access.signin.middleware.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "access.signin.middleware.RequireMFAMiddleware",
    "access.middleware.PolicyMiddleware",
]

ROOT_URLCONF = "botilbud.urls"

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
                "django.template.context_processors.i18n",
                "core.context_processors.botilbud",
                "oversight.menu.main_menu",
            ],
        },
    },
]

WSGI_APPLICATION = "botilbud.wsgi.application"

_default_db = "" if PRODUCTION else f"sqlite:///{VAR_DIR / 'botilbud.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(env_str("DATABASE_URL", _default_db), conn_max_age=60)
}
if PRODUCTION and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production needs PostgreSQL (DATABASE_URL=postgres://…)")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; wait instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
# No request-wide transaction (no ATOMIC_REQUESTS): every audited act locks the
# audit chain's head row, and a transaction as long as the request would hold
# that lock through PDF and spreadsheet rendering, so every audited request
# would queue behind the slowest one. Each service is atomic around exactly its
# rule and its audit row instead (docs/decisions/0007-short-transactions.md).
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.validators.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    # Django ships a list of 20 000 common passwords; we add our own words on top.
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.validators.LocalWordsValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = (
    ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if ENVIRONMENT == "test" and env_bool("BOTILBUD_FAST_HASHER", True)
    else ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
)

# --- allauth: username login, mandatory MFA (enforced by our middleware) ----
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_ADAPTER = "access.signin.adapters.AccountAdapter"
MFA_ADAPTER = "access.signin.adapters.MFAAdapter"
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/accounts/login/"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Guessing (SECURITY.md 11, 35; access/signin/lockout.py): each account is locked
# after LOGIN_LOCKOUT_FAILURES consecutive failed steps (password, code or
# security key, counted together in the database), for LOGIN_LOCKOUT_MINUTES;
# a second lock within LOGIN_LOCKOUT_REPEAT_HOURS lasts until the
# administrator asks and the competence-team lead approves an unlock.
LOGIN_LOCKOUT_FAILURES = env_int("LOGIN_LOCKOUT_FAILURES", 10, minimum=1)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
LOGIN_LOCKOUT_REPEAT_HOURS = env_int("LOGIN_LOCKOUT_REPEAT_HOURS", 24, minimum=1)
# Reverse proxies in front of the application: the client's address is the
# Nth entry from the right of X-Forwarded-For (core/net.py). 0 = no proxy, use
# REMOTE_ADDR. Required in production: guessing it wrong either puts every
# user behind the proxy's single address or lets clients choose their own.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", None if PRODUCTION else 0, minimum=0)
# The IP limits are a coarse flood guard per real client, three times the
# per-account lock a minute: a colleague who locks their own account from the
# same office address uses a third of it. No per-username limit: the lock
# replaces it and answers exactly like a wrong password, where a throttle
# message would differ between accounts.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "30/m/ip,100/h/ip",
    "login": "30/m/ip",
    "reset_password": "5/m/ip,3/15m/key",
    "reauthenticate": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Botilbud"
# The second-factor forms with the per-account lock (access/signin/mfa_forms.py).
MFA_FORMS = {
    "authenticate": "access.signin.mfa_forms.AuthenticateForm",
    "reauthenticate": "access.signin.mfa_forms.ReauthenticateForm",
    "authenticate_webauthn": "access.signin.mfa_forms.AuthenticateWebAuthnForm",
    "reauthenticate_webauthn": "access.signin.mfa_forms.ReauthenticateWebAuthnForm",
    "login_webauthn": "access.signin.mfa_forms.LoginWebAuthnForm",
}
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = not PRODUCTION and env_bool("BOTILBUD_WEBAUTHN_INSECURE", True)
# SECURITY.md 10/13: an address is shown only after a passkey or security key
# was used in the last few minutes (access/signin/passkeys.py). Off only in the
# development environment of `make run`, so the demo shows addresses without a
# hardware key; production refuses to start with it off.
# The largest document of a case (documents app) in bytes: letters, scanned
# consents and plans fit well within it; a bigger upload is refused before it
# is read into memory for encryption.
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)

ADDRESS_REQUIRES_PASSKEY = env_bool(
    "BOTILBUD_ADDRESS_REQUIRES_PASSKEY", default=ENVIRONMENT != "development"
)
if PRODUCTION and not ADDRESS_REQUIRES_PASSKEY:
    raise ImproperlyConfigured(
        "BOTILBUD_ADDRESS_REQUIRES_PASSKEY cannot be switched off in production"
    )
LOGIN_REDIRECT_URL = "/"
LOGIN_URL = "/accounts/login/"

# --- sessions: 30 min idle (sliding), 10 h absolute (SessionLimitsMiddleware)
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 10 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Strict"
SESSION_COOKIE_NAME = "__Host-botilbud-session" if PRODUCTION else "botilbud-session"
CSRF_COOKIE_NAME = "__Host-botilbud-csrf" if PRODUCTION else "botilbud-csrf"

# --- transport and headers ---------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
# "no-referrer" makes browsers send "Origin: null" on same-origin POSTs, which
# Django's CSRF check rightly rejects; "same-origin" still sends nothing to
# other sites, and our URLs carry no personal data (docs/decisions/0003).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 63072000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- language and time -------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norsk bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "botilbud-language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Mail (docs/operations.md, "Mail"): SMTP in production, where the console
# backend would print enrolment links into the process log; the console on a
# developer machine.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")  # STARTTLS, usually port 587
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")  # TLS from the first byte, usually port 465
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be switched on")
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")  # or EMAIL_HOST_PASSWORD_FILE
if PRODUCTION and (EMAIL_HOST_USER or EMAIL_HOST_PASSWORD) and not (EMAIL_USE_TLS or EMAIL_USE_SSL):
    raise ImproperlyConfigured(
        "EMAIL_HOST_USER/EMAIL_HOST_PASSWORD need EMAIL_USE_TLS or EMAIL_USE_SSL: "
        "a mail password never crosses the network in clear text"
    )
# Seconds before a hanging mail server gives up: a break-the-glass alert is
# sent while the request waits.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "botilbud@localhost")
# The Date header in Oslo time with its offset: Django's default writes
# "-0000", which RFC 5322 reads as "offset unknown".
EMAIL_USE_LOCALTIME = True
# Minutes a break-the-glass access (nødtilgang) stays open (oversight/breakglass.py).
BREAK_GLASS_MINUTES = env_int("BREAK_GLASS_MINUTES", 60)
# Hours an enrolment link (aktiveringslenke: password and second factor set
# together by the person, SECURITY.md 32) works before it must be reissued.
ENROLMENT_LINK_HOURS = env_int("ENROLMENT_LINK_HOURS", 72)
if ENROLMENT_LINK_HOURS < 1:
    raise ImproperlyConfigured("ENROLMENT_LINK_HOURS must be at least 1")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["access.api.PolicyPermission"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {"TITLE": "Botilbud API", "VERSION": "0.1.0", "OAS_VERSION": "3.1.0"}

# Application logs never carry personal data: the formatter escapes control
# characters (log injection) and we log ids and action codes only.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "core.logging.SafeFormatter",
            "format": "%(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # django.request logs the full URL and exception text: keep it terse.
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # PDF and chart libraries announce every rendering step and font
        # subset at INFO; their warnings and errors (a refused URL) still show.
        "weasyprint": {"level": "WARNING"},
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "matplotlib": {"level": "WARNING"},
    },
}

# Shared by every worker process: allauth's rate limits and its record of
# used TOTP codes (a reused code must fail even on another worker).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "botilbud_cache",
    }
}

# Working days a proposed place is held while the offer answers (ADR 0004).
ALLOCATION_HOLD_DAYS = env_int("ALLOCATION_HOLD_DAYS", 5)
# Retention (core/retention/, `manage.py apply_retention`): personal data is
# anonymised this many days after a case ended (5 years), and after an
# inquiry that never led to a place was closed (2 years).
RETENTION_DAYS_AFTER_CLOSURE = env_int("RETENTION_DAYS_AFTER_CLOSURE", 1826)
RETENTION_DAYS_AFTER_INQUIRY_OUTCOME = env_int("RETENTION_DAYS_AFTER_INQUIRY_OUTCOME", 730)

# Import of historical stays (`manage.py import_stays`, docs/statistics.md):
# a larger file or more rows is refused before it is read whole.
STAY_IMPORT_MAX_BYTES = env_int("STAY_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
STAY_IMPORT_MAX_ROWS = env_int("STAY_IMPORT_MAX_ROWS", 100_000)
