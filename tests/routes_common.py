"""The names the route tables use (tests/routes.py and the routes_<part>.py beside it)."""

ANYONE = "anyone"
SIGNED_IN = frozenset({"admin", "leader", "staff", "governor", "officer"})
VISITORS = ("anonymous", "admin", "leader", "staff", "governor", "officer")
