"""Configuration read from the environment.

Every setting has a safe default for a laptop; production sets CLWSTWR_ENV=production
and the variables listed in README.md.
"""

import os
import secrets
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

#: where a laptop copy keeps the random key it made on first run (instance/ is git-ignored)
SECRET_KEY_FILE = "secret_key"


def _flag(name: str, default: bool | None) -> bool | None:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def oidc_providers_from_environment() -> dict[str, dict[str, str]]:
    """OIDC_PROVIDERS=hwb,google and, for each NAME, OIDC_NAME_ISSUER, OIDC_NAME_CLIENT_ID,
    OIDC_NAME_CLIENT_SECRET and (for a provider other than hwb and google) OIDC_NAME_LABEL_EN/_CY."""
    providers = {}
    for name in filter(None, (part.strip().lower() for part in os.environ.get("OIDC_PROVIDERS", "").split(","))):
        prefix = f"OIDC_{name.upper()}_"
        providers[name] = {key.lower(): os.environ.get(prefix + key, "").strip()
                           for key in ("ISSUER", "CLIENT_ID", "CLIENT_SECRET", "LABEL_EN", "LABEL_CY")}
    return providers


def normalise_database_url(url: str) -> str:
    """Point plain PostgreSQL URLs at the psycopg 3 driver we install."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Settings for development and production, taken from environment variables."""

    ENVIRONMENT = os.environ.get("CLWSTWR_ENV", "production")
    #: empty: production refuses to start; any other copy makes a random one in instance/secret_key
    SECRET_KEY = os.environ.get("SECRET_KEY", "")
    #: the address e-mailed and printed links start with ("https://clwstwr.example.org"); required in
    #: production, so that a request's Host header can never choose where a family's link points
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "").rstrip("/")
    #: the host names requests may name (Flask refuses others with a 400); in production, by default
    #: the host of PUBLIC_URL. Comma-separated; empty for any (a laptop)
    TRUSTED_HOSTS = [host.strip() for host in os.environ.get("TRUSTED_HOSTS", "").split(",") if host.strip()] or None

    # A relative SQLite path lives in the instance/ folder (Flask-SQLAlchemy's rule).
    SQLALCHEMY_DATABASE_URI = normalise_database_url(
        os.environ.get("DATABASE_URL", "sqlite:///clwstwr.sqlite3")
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLITE_BUSY_TIMEOUT_MS = int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "10000"))

    DEFAULT_LOCALE = os.environ.get("DEFAULT_LOCALE", "cy")
    LANGUAGES = ("cy", "en")
    BABEL_DEFAULT_TIMEZONE = "Europe/London"

    SESSION_COOKIE_NAME = "clwstwr_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    #: None means: secure in production, not on a laptop served over plain http
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE", None)
    PERMANENT_SESSION_LIFETIME = 12 * 60 * 60
    #: a sign-in not used for this long ends by itself (a shared staffroom computer left signed in)
    SESSION_IDLE_MINUTES = int(os.environ.get("SESSION_IDLE_MINUTES", "120"))
    # A family may take an hour over a survey; the token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None

    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = _flag("RATELIMIT_ENABLED", True)
    #: sign-in attempts for one account from one address
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per hour")
    #: sign-in attempts for one account from anywhere
    LOGIN_ACCOUNT_RATE_LIMIT = os.environ.get("LOGIN_ACCOUNT_RATE_LIMIT", "20 per minute;100 per hour")
    #: sign-in attempts from one address for every account: a school's staff share one address
    LOGIN_ADDRESS_RATE_LIMIT = os.environ.get("LOGIN_ADDRESS_RATE_LIMIT", "300 per minute;3000 per hour")
    #: sends to public forms per address: high, since a school's families may share one address
    PUBLIC_FORM_RATE_LIMIT = os.environ.get("PUBLIC_FORM_RATE_LIMIT", "1200 per minute;20000 per hour")
    #: sends of one family's answers in progress (a survey's draft, a family's own booking)
    PUBLIC_ANSWER_RATE_LIMIT = os.environ.get("PUBLIC_ANSWER_RATE_LIMIT", "60 per minute;600 per hour")
    #: a 429 says when to try again (Retry-After) and how many requests are left (X-RateLimit-*)
    RATELIMIT_HEADERS_ENABLED = True
    #: a figure about fewer people than this is shown as "fewer than N", so nobody can be picked out
    SUPPRESSION_THRESHOLD = int(os.environ.get("SUPPRESSION_THRESHOLD", "5"))
    #: months after a survey closes before its responses are deleted by `flask retention run`
    SURVEY_RETENTION_MONTHS = int(os.environ.get("SURVEY_RETENTION_MONTHS", "24"))
    #: days an unfinished survey answer is kept
    DRAFT_RETENTION_DAYS = int(os.environ.get("DRAFT_RETENTION_DAYS", "7"))
    # How many reverse proxies sit in front of gunicorn (for the client address and scheme).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    FORCE_HTTPS = _flag("FORCE_HTTPS", False)

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USE_TLS = _flag("MAIL_USE_TLS", False)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "clwstwr@localhost")
    #: SMTP over TLS from the first byte (usually port 465), rather than STARTTLS (MAIL_USE_TLS)
    MAIL_USE_SSL = _flag("MAIL_USE_SSL", False)
    #: seconds to wait for the SMTP server before trying again on the next run
    MAIL_TIMEOUT = int(os.environ.get("MAIL_TIMEOUT", "10"))
    #: a message that failed this many times stays in the outbox unsent, for the admin to look at
    MAIL_MAX_ATTEMPTS = int(os.environ.get("MAIL_MAX_ATTEMPTS", "5"))
    #: days after a session with places before the pupils' names on its registers are deleted
    PLACE_REGISTER_RETENTION_DAYS = int(os.environ.get("PLACE_REGISTER_RETENTION_DAYS", "30"))
    #: days sent (or given-up) messages stay in the outbox: they hold families' addresses and names
    OUTBOX_RETENTION_DAYS = int(os.environ.get("OUTBOX_RETENTION_DAYS", "30"))
    #: days after a meeting before `flask retention run` deletes the family's contact details
    MEETING_CONTACT_RETENTION_DAYS = int(os.environ.get("MEETING_CONTACT_RETENTION_DAYS", "30"))

    #: the largest competition photo accepted, in bytes; phones send 2–8 MB
    COMPETITION_PHOTO_MAX_BYTES = int(os.environ.get("COMPETITION_PHOTO_MAX_BYTES", str(10 * 1000 * 1000)))
    #: where entry photos are stored (never under static/); empty means instance/competition-photos
    COMPETITION_PHOTO_DIR = os.environ.get("COMPETITION_PHOTO_DIR", "")
    #: months after a competition closes before its entries' names and photos are deleted
    COMPETITION_RETENTION_MONTHS = int(os.environ.get("COMPETITION_RETENTION_MONTHS", "24"))
    #: the largest file attached to a piece of practice, in bytes: a slide deck with photos runs to 10–20 MB
    PRACTICE_ATTACHMENT_MAX_BYTES = int(os.environ.get("PRACTICE_ATTACHMENT_MAX_BYTES", str(20 * 1000 * 1000)))
    #: where practice attachments are stored (never under static/); empty means instance/practice-attachments
    PRACTICE_ATTACHMENT_DIR = os.environ.get("PRACTICE_ATTACHMENT_DIR", "")
    #: the largest request body accepted at all (the largest attachment and its form); more is answered with
    #: a 413 page. Werkzeug spools a file part over 500 KB to a temporary file, not memory
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(21 * 1000 * 1000)))

    #: pins "today" (YYYY-MM-DD) for a training copy; empty for the real date (see app/clock.py)
    TODAY = os.environ.get("TODAY", "")

    #: register Flask-Migrate (`flask db`); wsgi.py leaves it out of the web workers, whose memory
    #: Alembic would grow by 11 MiB for commands they never run
    MIGRATIONS = True

    #: OpenID Connect providers staff may sign in through (README.md, "Sign in with Hwb"): name →
    #: issuer, client_id, client_secret, label_en, label_cy. Empty: passwords only
    OIDC_PROVIDERS = oidc_providers_from_environment()
    #: seconds of clock difference allowed between us and the provider when checking an ID token's times
    OIDC_CLOCK_LEEWAY = int(os.environ.get("OIDC_CLOCK_LEEWAY", "60"))
    #: seconds to wait for the provider's discovery, keys and token endpoint
    OIDC_TIMEOUT = int(os.environ.get("OIDC_TIMEOUT", "10"))

    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-darland-2025")
    PASSWORD_HASH_METHOD = "scrypt"
    PASSWORD_MIN_LENGTH = 10

    COMPRESS_MIMETYPES = ["text/html", "text/css", "text/javascript", "application/javascript",
                          "text/calendar", "text/csv", "image/svg+xml", "application/json"]

    @classmethod
    def finalise(cls, config, instance_path: str) -> None:
        """Fill in derived settings, and refuse to run in production with laptop-only ones."""
        production = config["ENVIRONMENT"] == "production"
        if config["SESSION_COOKIE_SECURE"] is None:
            config["SESSION_COOKIE_SECURE"] = production
        if production and not config["SECRET_KEY"]:
            raise RuntimeError(
                "SECRET_KEY is not set. Set SECRET_KEY to a long random value "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))') "
                "or set CLWSTWR_ENV=development on your own machine."
            )
        if not config["SECRET_KEY"]:
            config["SECRET_KEY"] = instance_secret_key(Path(instance_path))
        if production and not config["PUBLIC_URL"]:
            raise RuntimeError("PUBLIC_URL is not set. Set it to the address people use, such as "
                               "https://clwstwr.example.org: e-mailed links are built from it.")
        for name, provider in config["OIDC_PROVIDERS"].items():
            missing = [key for key in ("issuer", "client_id", "client_secret") if not provider.get(key)]
            if missing:
                raise RuntimeError(f"OIDC provider {name!r} needs " + ", ".join(
                    f"OIDC_{name.upper()}_{key.upper()}" for key in missing) + " (README.md, 'Sign in with Hwb').")
        if production and not config["TRUSTED_HOSTS"]:
            config["TRUSTED_HOSTS"] = [urlsplit(config["PUBLIC_URL"]).hostname]


def instance_secret_key(instance: Path) -> str:
    """The random key of this copy, made on first run into instance/secret_key (readable by its owner
    only), so that no two copies, and nobody who has read the code, share a key."""
    path = instance / SECRET_KEY_FILE
    instance.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: of two workers starting at once, one writes the key and the other reads it
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _attempt in range(50):
            key = path.read_text(encoding="utf-8").strip()
            if key:
                return key
            time.sleep(0.01)  # the other worker is writing it
        raise RuntimeError(f"{path} is empty: delete it to make a new key") from None
    key = secrets.token_urlsafe(48)
    with os.fdopen(descriptor, "w", encoding="utf-8") as out:
        out.write(key)
    return key


class TestConfig(Config):
    """Settings for the test suite: fast hashing aside, everything is the real thing."""

    ENVIRONMENT = "testing"
    TESTING = True
    SECRET_KEY = "test-secret-key"
    PUBLIC_URL = ""  # links follow the test client's host (http://localhost) unless a test sets one
    TRUSTED_HOSTS = None
    # Every test lives on one day, whatever the real date: Wednesday of Autumn 2's last week in the
    # seed's year, when the demo has a half term just gone (and its leaders' meeting), surveys open
    # now, a competition judged and one being judged. A test that needs another day sets TODAY.
    TODAY = "2025-12-17"
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    SESSION_COOKIE_SECURE = False
    RATELIMIT_STORAGE_URI = "memory://"
    DEFAULT_LOCALE = "cy"
    MAIL_SERVER = ""
    OIDC_PROVIDERS: dict = {}  # a developer's own providers stay out of the tests; tests/oidc_provider.py
    # Hashing is the slowest part of creating a person; tests create hundreds.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    # Photos of a test run go to a folder of their own, not the instance folder of a real copy.
    COMPETITION_PHOTO_DIR = os.path.join(tempfile.gettempdir(), f"clwstwr-test-photos-{os.getpid()}")
    PRACTICE_ATTACHMENT_DIR = os.path.join(tempfile.gettempdir(), f"clwstwr-test-attachments-{os.getpid()}")
