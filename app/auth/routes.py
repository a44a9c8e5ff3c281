"""Signing in and out, and the person's own account page."""

from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_user, logout_user

from app.auth import bp, oidc
from app.auth import sessions as sign_ins
from app.auth.access import SIGNED_IN, allow, public
from app.auth.forms import ChangePasswordForm, SignInForm
from app.auth.services import authenticate, change_password, reset_feed_links
from app.database import locks_its_own_writes
from app.extensions import limiter
from app.htmx import redirect_to
from app.i18n import safe_next_url
from app.ratelimits import sign_in_account_key, sign_in_address_key, sign_in_key


def setting(name: str):
    return lambda: current_app.config[name]


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@locks_its_own_writes
# one person at one address; one account from anywhere; one address for everyone (a school's staff
# share one on an INSET day, so its ceiling is high)
@limiter.limit(setting("LOGIN_RATE_LIMIT"), key_func=sign_in_key, methods=["POST"])
@limiter.limit(setting("LOGIN_ACCOUNT_RATE_LIMIT"), key_func=sign_in_account_key, methods=["POST"])
@limiter.limit(setting("LOGIN_ADDRESS_RATE_LIMIT"), key_func=sign_in_address_key, methods=["POST"])
def sign_in():
    """Show the sign-in form and sign the person in."""
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is not None and not oidc.password_allowed(user):
            form.form_errors.append(_("Your cluster does not use passwords for staff: sign in with a button "
                                      "above. If you cannot, ask the cluster admin."))
            return sign_in_page(form, 403)
        if user is not None:
            return sign_ins.sign_in_response(user, next_url())
        # One message for every failure, so it does not tell which addresses have accounts.
        form.form_errors.append(_("The email address or password is not right."))
    return sign_in_page(form, 422 if form.is_submitted() else 200)


def next_url() -> str:
    """Where to go once signed in: the page that asked for it, if it is one of ours."""
    return safe_next_url(request.values.get("next"), url_for("main.home"))


def sign_in_page(form: SignInForm, status: int):
    """The sign-in page: a button for each provider, then the password form."""
    return render_template("auth/sign_in.html", form=form, providers=oidc.providers(), next_url=next_url()), status


@bp.route("/sign-out", methods=["POST"])
@allow(*SIGNED_IN)
def sign_out():
    """Sign the person out: this sign-in ends on the server, so no copy of the cookie works after."""
    provider = session.get(oidc.SESSION_PROVIDER)
    sign_ins.end(getattr(current_user, "sign_in_token", None))
    logout_user()
    session.clear()
    if provider:  # a page that says so, and offers to sign out at the provider too
        session[oidc.SESSION_PROVIDER] = provider
        return redirect_to(url_for("auth.signed_out"))
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
            # every other sign-in ends; this device stays signed in under the new version
            sign_ins.end_all(user, keep=user.sign_in_token)
            login_user(user)
            flash(_("Your password has been changed."), "success")
            return redirect_to(url_for("auth.account"))
        form.current_password.errors.append(_("Your current password is not right."))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/account.html", form=form), status


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@allow(*SIGNED_IN)
def sign_out_everywhere():
    """End every sign-in of this person on every device, this one included (a lost phone)."""
    user = current_user._get_current_object()
    ended = sign_ins.end_all(user)
    logout_user()
    session.clear()
    flash(ngettext("You have signed out of %(num)d device.", "You have signed out of %(num)d devices.", ended),
          "success")
    return redirect_to(url_for("main.home"))


@bp.route("/account/reset-calendar-links", methods=["POST"])
@allow(*SIGNED_IN)
def reset_calendar_links():
    """Give the person new calendar feed addresses; the old ones stop working (a link shared too widely)."""
    reset_feed_links(current_user._get_current_object())
    flash(_("Your calendar links are new: add them to your calendar again. The old ones no longer work."),
          "success")
    return redirect_to(url_for("auth.account"))
