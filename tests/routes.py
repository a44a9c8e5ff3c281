"""Every route of the app, with who should be able to use it.

The tests that walk all routes (access matrix, CSRF, both languages, security headers,
accessibility) read this table. A new route that is not declared here fails those tests
with a message saying so: declaring who may use it is part of adding it.
"""

from dataclasses import dataclass

from flask import Flask, url_for

from tests import (
    routes_competitions,
    routes_funds,
    routes_learning,
    routes_meetings,
    routes_networks,
    routes_oidc,
    routes_people_import,
    routes_places,
    routes_practice,
    routes_resources,
    routes_summaries,
)
from tests.factories import DemoCluster
from tests.routes_common import ANYONE, SIGNED_IN, VISITORS  # noqa: F401 (VISITORS: for the tests)

#: endpoint → who may use it: ANYONE, or the set of roles
EXPECTED_ACCESS = {
    "main.home": ANYONE,
    "main.switch_language": ANYONE,
    "main.health": ANYONE,
    "auth.sign_in": ANYONE,
    "auth.sign_out": SIGNED_IN,
    "auth.account": SIGNED_IN,
    "auth.sign_out_everywhere": SIGNED_IN,
    "auth.reset_calendar_links": SIGNED_IN,
    "admin.schools": SIGNED_IN,
    "admin.new_school": {"admin"},
    "admin.edit_school": {"admin"},
    "admin.people": {"admin", "leader"},
    "admin.new_person": {"admin"},
    "admin.edit_person": {"admin"},
    "admin.set_active": {"admin"},
    "admin.audit_log": {"admin"},
    "calendar.index": ANYONE,
    "calendar.year": ANYONE,
    "calendar.half_term": ANYONE,
    "calendar.coming_up": ANYONE,
    "calendar.activity": ANYONE,
    "calendar.activity_event": ANYONE,
    "calendar.cluster_feed": ANYONE,
    "calendar.school_feed": ANYONE,
    "calendar.strand_feed": ANYONE,
    "calendar.new_activity": {"admin", "leader", "staff"},
    "calendar.edit_activity": {"admin", "leader"},  # staff: only their school's undecided proposals
    "calendar.activity_status": {"admin", "leader"},
    "calendar.activity_approval": {"admin", "leader"},
    "calendar.proposals": {"admin", "leader", "staff"},
    "calendar.years": {"admin", "leader"},
    "calendar.year_dates": {"admin", "leader"},
    "calendar.copy_year": {"admin", "leader"},
    "calendar.add_year": {"admin", "leader"},
    "newyear.next_year": {"admin", "leader"},
    "surveys.index": SIGNED_IN,
    "surveys.new": {"admin", "leader", "staff"},
    "surveys.new_blank": {"admin", "leader", "staff"},
    # the sample is a cluster survey: staff build only their own school's (tests/test_surveys.py)
    "surveys.build": {"admin", "leader"},
    "surveys.settings": {"admin", "leader"},
    "surveys.state": {"admin", "leader"},
    "surveys.new_section": {"admin", "leader"},
    "surveys.edit_section": {"admin", "leader"},
    "surveys.move_item": {"admin", "leader"},
    "surveys.delete_item": {"admin", "leader"},
    "surveys.new_question": {"admin", "leader"},
    "surveys.edit_question": {"admin", "leader"},
    "surveys.preview": {"admin", "leader"},
    "surveys.links": {"admin", "leader"},
    "surveys.slips": {"admin", "leader"},
    "surveys.save_you_said": {"admin", "leader"},
    "surveys.results": {"admin", "leader", "governor", "officer"},
    "surveys.results_count": {"admin", "leader", "governor", "officer"},
    "surveys.export_responses": {"admin", "leader", "governor", "officer"},
    "surveys.export_summary": {"admin", "leader", "governor", "officer"},
    "surveys.you_said": ANYONE,
    "surveys.start": ANYONE,
    "surveys.answer": ANYONE,
    "surveys.review": ANYONE,
    "surveys.thanks": ANYONE,
    "surveys.quick_feedback": {"admin", "leader"},
}
# the bookings parts and competitions keep their tables in files of their own
_PARTS = (routes_resources, routes_places, routes_meetings, routes_competitions, routes_summaries, routes_practice,
          routes_networks, routes_people_import, routes_funds, routes_oidc, routes_learning)
for _part in _PARTS:
    EXPECTED_ACCESS.update(_part.ACCESS)

#: endpoints that answer htmx with a piece of a page, not a page of their own
FRAGMENTS = {"surveys.results_count"}.union(*(part.FRAGMENTS for part in _PARTS))

#: URL argument name → how to fill it from the demo cluster
SAMPLE_ARGUMENTS = {
    "school_id": lambda demo: demo.school("holt").id,
    # someone nobody in the matrix signs in as, so that deactivating them changes nothing
    "user_id": lambda demo: demo.user("staff.park").id,
    "language": lambda demo: "en",
    "cluster": lambda demo: demo.cluster.slug,
    "activity_id": lambda demo: demo.activity("Easter Egg Decoration Competition").id,
    "year_id": lambda demo: demo.year.id,
    "school": lambda demo: "holt",
    "strand": lambda demo: "wellbeing",
    "survey_id": lambda demo: demo.survey.id,
    "section_id": lambda demo: demo.survey.sections[0].id,
    "question_id": lambda demo: demo.survey.sections[0].questions[0].id,
    "kind": lambda demo: "questions",
    "item_id": lambda demo: demo.survey.sections[0].questions[-1].id,
    "number": lambda demo: 1,
    "fmt": lambda demo: "csv",
    "token": lambda demo: demo.survey_token,
    "draft_token": lambda demo: "a-draft-that-is-not-there",
    "start_year": lambda demo: demo.year.start_year,
}
for _part in _PARTS:
    SAMPLE_ARGUMENTS.update(_part.SAMPLES)


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    url: str

    @property
    def allowed(self):
        return EXPECTED_ACCESS[self.endpoint]

    def allows(self, visitor: str) -> bool:
        return self.allowed == ANYONE or visitor in self.allowed

    def first_allowed_visitor(self) -> str:
        return next(visitor for visitor in VISITORS if self.allows(visitor))


def all_routes(app: Flask, demo: DemoCluster) -> list[Route]:
    """One Route per endpoint and method (GET, POST, …) of the app, with a real URL."""
    undeclared = sorted({rule.endpoint for rule in app.url_map.iter_rules()
                         if rule.endpoint != "static" and rule.endpoint not in EXPECTED_ACCESS})
    assert not undeclared, f"Declare who may use these in tests/routes.py: {undeclared}"
    routes = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
            if rule.endpoint == "static":
                continue
            missing = [name for name in rule.arguments if name not in SAMPLE_ARGUMENTS]
            assert not missing, f"Add sample values for {missing} to SAMPLE_ARGUMENTS in tests/routes.py"
            url = url_for(rule.endpoint, **{name: SAMPLE_ARGUMENTS[name](demo) for name in rule.arguments})
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                routes.append(Route(rule.endpoint, method, url))
    return routes


#: GET routes that change a signed-in visitor's saved preferences, which would change every page
#: after them in a walk; test_i18n covers them on their own
CHANGES_PREFERENCES = {"main.switch_language"}


#: public feeds that answer only with a member's personal key in the query string (a 404 without one);
#: their own tests cover them
KEYED_FEEDS = {"resources.feed"}


def pages(app: Flask, demo: DemoCluster) -> list[Route]:
    """The GET routes: the pages (and feeds) a browser opens, without fragments for htmx."""
    return [route for route in all_routes(app, demo)
            if route.method == "GET"
            and route.endpoint not in CHANGES_PREFERENCES | FRAGMENTS | KEYED_FEEDS | routes_oidc.FLOW_STEPS]
