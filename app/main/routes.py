"""Pages that belong to no module: home, language switch, health check."""

from flask import current_app, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select, text

from app.auth.access import public
from app.auth.services import set_language
from app.calendar.services import next_public_activities
from app.clock import today
from app.clusters.models import Cluster
from app.competitions.services import school_table
from app.extensions import db
from app.i18n import LANGUAGE_COOKIE, safe_next_url
from app.learning.services import pending_for
from app.main import bp


@bp.route("/")
@public
def home():
    """The front page: what Clwstwr is for visitors, a starting point for people signed in."""
    clusters = [] if current_user.is_authenticated else db.session.scalars(
        select(Cluster).order_by(Cluster.name_en)).all()
    # the school points table of the competitions: the visitor's cluster, or each cluster's for families
    tables = [(cluster, *school_table(cluster.id)) for cluster in
              ([current_user.cluster] if current_user.is_authenticated and current_user.cluster else clusters)]
    coming_up = {cluster.id: next_public_activities(cluster.id, today()) for cluster in clusters}
    return render_template("main/home.html", clusters=clusters, coming_up=coming_up,
                           pending_learning=pending_for(current_user, today()),
                           tables=[(cluster, year, table) for cluster, year, table in tables if table])


# A link rather than a form: changing the display language is a preference, like the
# cookie it sets, and a link works everywhere, JavaScript or not, in one tap.
@bp.route("/language/<language>")
@public
def switch_language(language: str):
    """Switch the interface language and go back to the same page."""
    if language not in current_app.config["LANGUAGES"]:
        return redirect(url_for("main.home"))
    response = make_response(redirect(safe_next_url(request.args.get("next"), url_for("main.home"))))
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="Lax",
                        secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True)
    if current_user.is_authenticated and current_user.preferred_locale != language:
        set_language(current_user, language)
    return response


@bp.route("/healthz")
@public
def health():
    """Tell a load balancer whether the app and its database answer."""
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
