"""Accounts, signing in and out, and who may do what."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from app.auth import oidc_routes, routes  # noqa: E402,F401  (routes attach themselves to bp)
