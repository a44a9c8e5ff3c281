"""Signing in and out, and the person's own account page."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from app.auth import bp
from app.auth.access import SIGNED_IN, allow, public
from app.auth.forms import ChangePasswordForm, SignInForm
from app.auth.services import authenticate, change_password
from app.extensions import limiter
from app.htmx import redirect_to
from app.i18n import LANGUAGE_COOKIE, safe_next_url


def _login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(_login_rate_limit, methods=["POST"])
def sign_in():
    """Show the sign-in form and sign the person in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm()
    next_url = safe_next_url(request.args.get("next"), url_for("main.home"))
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None:
            session.clear()  # a new session id for the new identity
            session.permanent = True
            login_user(user)
            response = redirect(next_url, code=303)
            if user.preferred_locale:
                response.set_cookie(LANGUAGE_COOKIE, user.preferred_locale, max_age=365 * 24 * 3600,
                                    samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"])
            return response
        # One message for every failure, so it does not tell which addresses have accounts.
        form.form_errors.append(_("The email address or password is not right."))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/sign_in.html", form=form), status


@bp.route("/sign-out", methods=["POST"])
@allow(*SIGNED_IN)
def sign_out():
    """Sign the person out and forget their session."""
    logout_user()
    session.clear()
    flash(_("You have signed out."), "success")
    return redirect_to(url_for("main.home"))


@bp.route("/account", methods=["GET", "POST"])
@allow(*SIGNED_IN)
def account():
    """The person's own account, where they change their password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if current_user.check_password(form.current_password.data):
            user = current_user._get_current_object()
            change_password(user, form.new_password.data)
            # The old session id is now invalid; keep this device signed in with the new one.
            login_user(user)
            flash(_("Your password has been changed."), "success")
            return redirect_to(url_for("auth.account"))
        form.current_password.errors.append(_("Your current password is not right."))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/account.html", form=form), status
