"""Who may use the sign-in through OpenID Connect, and sample URL arguments for it (see tests/routes.py)."""

from tests.routes_common import ANYONE

#: endpoint → ANYONE or the set of roles
ACCESS = {
    "auth.oidc_start": ANYONE,
    "auth.oidc_callback": ANYONE,
    "auth.signed_out": ANYONE,
    "auth.sign_in_settings": {"admin"},
    "auth.join": ANYONE,  # without a provider's sign-in in the session, it says how to start
    "auth.join_requests": {"admin", "leader"},
    "auth.decide_join_request": {"admin", "leader"},
}
#: endpoints that answer htmx with a piece of a page only
FRAGMENTS: set[str] = set()
#: the steps of a sign-in through a provider, which answer only with a provider set up (a 404 in the walks,
#: which have none) and, for the callback, only the provider's redirect (a 400 without one):
#: tests/test_oidc.py covers them against a real provider
FLOW_STEPS = {"auth.oidc_start", "auth.oidc_callback"}

SAMPLES = {
    "provider": lambda demo: "hwb",
    "request_id": lambda demo: 1,  # the demo has none: a 404 for those allowed, tests/test_oidc.py the rest
}
