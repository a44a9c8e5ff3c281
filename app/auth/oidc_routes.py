"""Signing in through an OpenID Connect provider (app/auth/oidc.py), and the offer to sign out there too.

The sign-in page's buttons are links (GET), not forms: our CSP's `form-action 'self'` rightly stops a form
whose answer redirects to another site, and widening it to the providers would widen it on every page.
Starting a sign-in changes nothing but a pending sign-in in the visitor's own session; what must not be
forged is the provider's answer, which the `state` kept in that session, the `nonce` and PKCE protect.
"""

from flask import abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.auth import bp, joining, oidc
from app.auth import sessions as sign_ins
from app.auth.access import allow, private_page, public
from app.auth.forms import JoinForm, SignInForm, SignInPolicyForm
from app.auth.models import JoinStatus, Role
from app.auth.routes import next_url, setting, sign_in_page
from app.extensions import limiter
from app.htmx import redirect_to
from app.i18n import localized
from app.ratelimits import sign_in_address_key


def oidc_client():
    """The protocol module, loaded by the first request that talks to a provider: a worker serving only
    pages never holds Authlib, requests and cryptography (app/auth/oidc_client.py)."""
    from app.auth import oidc_client

    return oidc_client


def _configured(provider: str) -> None:
    if provider not in current_app.config["OIDC_PROVIDERS"]:
        abort(404)


def _refused(refusal: oidc.SignInRefused):
    """The sign-in page again, saying why, in the reader's language."""
    form = SignInForm(formdata=None)
    form.form_errors.append(str(refusal))
    return sign_in_page(form, refusal.status)


@bp.route("/sign-in/oidc/<provider>")
@public
@limiter.limit(setting("LOGIN_ADDRESS_RATE_LIMIT"), key_func=sign_in_address_key)
def oidc_start(provider: str):
    """Send the person to the provider's sign-in page."""
    _configured(provider)
    try:
        return oidc_client().start(provider, next_url())
    except oidc.SignInRefused as refusal:
        return _refused(refusal)


@bp.route("/sign-in/oidc/<provider>/callback")
@public
@limiter.limit(setting("LOGIN_ADDRESS_RATE_LIMIT"), key_func=sign_in_address_key)
def oidc_callback(provider: str):
    """Back from the provider: sign the person in, or say on the sign-in page why not."""
    _configured(provider)
    try:
        claims, started = oidc_client().finish(provider)
        user = oidc.person_for(provider, claims)
    except oidc.UnknownPerson as unknown:
        if not joining.joinable_schools(unknown.email):
            return _refused(unknown)
        session[joining.SESSION_KEY] = {"provider": provider, "subject": str(claims["sub"]),
                                        "email": unknown.email, "name": str(claims.get("name") or unknown.email)}
        return redirect(url_for("auth.join"), code=303)
    except oidc.SignInRefused as refusal:
        return _refused(refusal)
    if current_user.is_authenticated:  # signed in meanwhile in another tab: that sign-in ends here
        sign_ins.end(getattr(current_user, "sign_in_token", None))
    response = sign_ins.sign_in_response(user, started["next_url"])
    session[oidc.SESSION_PROVIDER] = provider
    return response


@bp.route("/signed-out")
@public
def signed_out():
    """After signing out of someone who came through a provider: the offer to sign out there too."""
    provider = session.pop(oidc.SESSION_PROVIDER, None)
    url = oidc_client().end_session_url(provider) if provider else None
    return render_template("auth/signed_out.html", provider=oidc.provider(provider) if url else None, url=url)


@bp.route("/admin/signing-in", methods=["GET", "POST"])
@allow(Role.ADMIN)
def sign_in_settings():
    """The cluster admin's choices: whether staff must sign in through a provider; who may ask to join."""
    admin = current_user._get_current_object()
    policy = oidc.policy_of(admin.cluster_id)
    form = SignInPolicyForm(data={"provider_required": policy.provider_required, "join_domains": policy.join_domains})
    if form.validate_on_submit():
        if form.provider_required.data and not oidc.providers():
            form.provider_required.errors.append(
                _("No provider is set up for this site yet: ask whoever runs it to set one up first."))
        else:
            oidc.set_policy(admin, form.provider_required.data, " ".join(joining.domains(form.join_domains.data)))
            flash(_("Saved."), "success")
            return redirect_to(url_for("auth.sign_in_settings"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/sign_in_settings.html", form=form, providers=oidc.providers()), status


@bp.route("/sign-in/join", methods=["GET", "POST"])
@public
@private_page
def join():
    """Someone the provider vouches for, with no account here, asks to join a school of a cluster that allows it."""
    asking = session.get(joining.SESSION_KEY)
    if not asking:  # come here without a provider's sign-in: say how to start
        return render_template("auth/join.html", asking=None)
    schools = joining.joinable_schools(asking["email"])
    form = JoinForm()
    form.school.choices = [(school.id, localized(school, "name")) for school in schools]
    request_made = joining.request_of(asking["provider"], asking["subject"])
    if form.validate_on_submit():
        joining.ask(asking, next(school for school in schools if school.id == form.school.data))
        return redirect_to(url_for("auth.join"))
    status = 422 if form.is_submitted() else 200
    return render_template("auth/join.html", form=form, asking=asking, request_made=request_made), status


@bp.route("/admin/join-requests")
@allow(Role.ADMIN, Role.LEADER)
def join_requests():
    """The requests to join that wait for this leader's (their school's) or the admin's decision."""
    return render_template("auth/join_requests.html", waiting=joining.waiting_for(current_user))


@bp.route("/admin/join-requests/<int:request_id>", methods=["POST"])
@allow(Role.ADMIN, Role.LEADER)
def decide_join_request(request_id: int):
    """Approve a request to join (the account is made) or refuse it."""
    approve = request.form.get("decision") == "approve"
    try:
        decided = joining.decide(current_user._get_current_object(), request_id, approve)
    except joining.AlreadyAMember:
        flash(_("Someone with this email address has an account here already: they can sign in with it."), "error")
        return redirect_to(url_for("auth.join_requests"))
    if decided is None:
        abort(404)
    flash(_("%(name)s can now sign in.", name=decided.name) if decided.status == JoinStatus.APPROVED
          else _("The request was refused."), "success")
    return redirect_to(url_for("auth.join_requests"))


# the admin's list of people says how each signs in
bp.add_app_template_global(oidc.sign_in_methods)
