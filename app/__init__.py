"""Clwstwr: a bilingual intranet for a cluster of schools."""

import os
from pathlib import Path

from flask import Flask, flash, make_response, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import Config
from app.database import configure_engine
from app.extensions import babel, compress, csrf, db, limiter, login_manager, talisman
from app.form_input import CleanFormRequest
from app.models_base import render_migration_item

PROJECT_ROOT = Path(__file__).resolve().parent.parent

# No inline script or style anywhere: everything comes from our own static folder, but for the one
# stylesheet the pages families open carry inside them, allowed by its hash (app/static_assets.py).
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


class Clwstwr(Flask):
    """Flask, asking once per function rather than at every request whether it must be run as a coroutine
    (ours never are): Flask asks for every hook, view and context processor of every request."""

    def __init__(self, *arguments, **options):
        super().__init__(*arguments, **options)
        self._callables: dict = {}

    def ensure_sync(self, func):
        """`func` as Flask would run it, worked out on its first call."""
        try:
            return self._callables[func]
        except KeyError:
            return self._callables.setdefault(func, super().ensure_sync(func))


def create_app(config: type = Config, **overrides) -> Flask:
    """Build the application: configuration, extensions, blueprints and commands."""
    app = Clwstwr(__name__, instance_relative_config=True)
    app.request_class = CleanFormRequest
    app.config.from_object(config)
    app.config.update(overrides)
    os.makedirs(app.instance_path, exist_ok=True)
    config.finalise(app.config, app.instance_path)
    if app.config["PROXY_COUNT"]:
        n = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=n, x_prefix=n)

    from app import static_assets

    stylesheet = static_assets.inline_stylesheet(app.static_folder)
    _init_extensions(app, stylesheet.csp_source)
    _register_blueprints(app)

    from app.auth.access import check_every_view_declares_access, enforce_access, keep_personal_pages_out_of_caches
    from app.cli import register_commands
    from app.errors import register_error_handlers
    from app.templating import register_template_helpers
    static_assets.init_app(app, stylesheet)
    app.before_request(enforce_access)
    app.after_request(keep_personal_pages_out_of_caches)
    register_error_handlers(app)
    register_template_helpers(app)
    register_commands(app)
    from app.notifications.delivery import init_app as init_delivery
    init_delivery(app)
    check_every_view_declares_access(app)
    return app


def _init_extensions(app: Flask, inline_style_source: str) -> None:
    from app import data_version  # noqa: F401  (its session hooks give every commit that changes data a new version)
    from app.i18n import select_locale

    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
    if app.config["MIGRATIONS"]:
        from flask_migrate import Migrate  # Alembic with it: only where `flask db` may be asked for

        Migrate(app, db, directory=str(PROJECT_ROOT / "migrations"), render_as_batch=True,
                render_item=render_migration_item)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale,
                   default_translation_directories=str(PROJECT_ROOT / "translations"))
    limiter.init_app(app)
    compress.init_app(app)

    talisman.init_app(
        app,
        force_https=app.config["FORCE_HTTPS"],
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        frame_options="DENY",
        content_security_policy=CONTENT_SECURITY_POLICY | {"style-src": f"'self' {inline_style_source}"},
        referrer_policy="strict-origin-when-cross-origin",
    )
    _init_login(app)


def _init_login(app: Flask) -> None:
    from app.auth import sessions as sign_ins
    from app.auth.models import User
    from app.htmx import is_htmx_request

    login_manager.init_app(app)
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(session_id: str) -> User | None:
        user_id, version, token = (session_id.split(":") + ["", ""])[:3]
        if not user_id.isdigit() or not version.isdigit():
            return None
        user = db.session.get(User, int(user_id))
        if user is None or not user.active or user.session_version != int(version):
            return None
        # the sign-in itself must still be live: not signed out, ended everywhere or idle
        return user if sign_ins.resume(user, token) else None

    @login_manager.unauthorized_handler
    def unauthorized():
        target = url_for("auth.sign_in", next=request.full_path.rstrip("?"))
        if is_htmx_request():
            response = make_response("", 401)
            response.headers["HX-Redirect"] = target
            return response
        flash(_l("Sign in to see this page."), "info")
        return redirect(target)


def _register_blueprints(app: Flask) -> None:
    from app.admin import bp as admin_bp
    from app.auth import bp as auth_bp
    from app.bookings.meetings import bp as meetings_bp
    from app.bookings.places import bp as places_bp
    from app.bookings.resources import bp as resources_bp
    from app.calendar import bp as calendar_bp
    from app.competitions import bp as competitions_bp
    from app.funds import bp as funds_bp
    from app.learning import bp as learning_bp
    from app.main import bp as main_bp
    from app.networks import bp as networks_bp
    from app.newyear import bp as newyear_bp
    from app.practice import bp as practice_bp
    from app.summaries import bp as summaries_bp
    from app.surveys import bp as surveys_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(calendar_bp, url_prefix="/calendar")
    app.register_blueprint(surveys_bp)
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(resources_bp, url_prefix="/bookings")
    app.register_blueprint(places_bp, url_prefix="/places")
    app.register_blueprint(meetings_bp, url_prefix="/meetings")
    app.register_blueprint(competitions_bp, url_prefix="/competitions")
    app.register_blueprint(practice_bp, url_prefix="/practice")
    app.register_blueprint(networks_bp, url_prefix="/networks")
    app.register_blueprint(learning_bp, url_prefix="/learning")
    app.register_blueprint(summaries_bp)
    app.register_blueprint(newyear_bp, url_prefix="/next-year")
    app.register_blueprint(funds_bp, url_prefix="/funds")
