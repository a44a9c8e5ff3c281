"""One clock (issue #15): nothing in app/ reads the real date but app/clock.py, and TODAY reaches
everything: the calendar's half term, a survey's phase and default dates, meetings."""

import ast
import html
import re
from datetime import date, datetime
from pathlib import Path

from app import clock

APP = Path(__file__).resolve().parent.parent / "app"
#: what asks the system for the date or the time
REAL_CLOCK = {("date", "today"), ("datetime", "now"), ("datetime", "utcnow"), ("datetime", "today"),
              ("time", "time"), ("datetime.date", "today"), ("datetime.datetime", "now"),
              ("datetime.datetime", "utcnow"), ("datetime.datetime", "today")}


def _readings_of_the_real_clock(source: str) -> list[int]:
    """Lines where `source` calls or names date.today, datetime.now, datetime.utcnow or time.time,
    however they were imported."""
    tree = ast.parse(source)
    names = {}  # local name → module path ("date" → "date", "dt" → "datetime")
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module in ("datetime", "time"):
            for alias in node.names:
                names[alias.asname or alias.name] = alias.name if node.module == "datetime" else "time." + alias.name
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in ("datetime", "time"):
                    names[alias.asname or alias.name] = alias.name
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            owner = ast.unparse(node.value)
            head, _, rest = owner.partition(".")
            resolved = names.get(head)
            if resolved is None:
                continue
            if (f"{resolved}.{rest}".rstrip("."), node.attr) in REAL_CLOCK:
                found.append(node.lineno)
        elif isinstance(node, ast.Name) and names.get(node.id) == "time.time":
            found.append(node.lineno)
    return sorted(found)


def test_nothing_in_the_app_reads_the_real_date_but_the_clock():
    offenders = [f"{path.relative_to(APP.parent)}:{line}"
                 for path in sorted(APP.rglob("*.py")) if path.name != "clock.py" or path.parent != APP
                 for line in _readings_of_the_real_clock(path.read_text())]
    assert offenders == []


def test_the_check_finds_each_way_of_asking():
    source = ("import datetime\nimport time as t\nfrom datetime import date as d, datetime as dt\n"
              "a = datetime.date.today()\nb = dt.now()\nc = t.time()\nd.today\n")
    assert _readings_of_the_real_clock(source) == [4, 5, 6, 7]


def test_a_pinned_today_keeps_the_real_time_of_day(app):
    app.config["TODAY"] = "2025-11-10"
    with app.app_context():
        assert clock.today() == date(2025, 11, 10)
        assert clock.local_now().date() == date(2025, 11, 10)
        moment = clock.utcnow()
        assert moment.tzinfo is not None and moment.astimezone(clock.LONDON).date() == date(2025, 11, 10)
        assert abs(clock.local_now().time().hour - datetime.now(clock.LONDON).hour) <= 1


def test_with_today_pinned_the_calendar_surveys_and_meetings_live_on_that_day(app, make, demo, signed_in):
    """Issue #15: with TODAY=2025-11-10, "this half term" is Autumn 2 2025/26, a survey whose dates
    contain the day is open, a new survey starts then, and a meeting can be set for 20 November."""
    app.config["TODAY"] = "2025-11-10"
    app.config["WTF_CSRF_ENABLED"] = False
    visitor = app.test_client()
    visitor.set_cookie("lang", "en")
    page = html.unescape(visitor.get(f"/calendar/{demo.cluster.slug}/half-term").text)
    assert "Autumn 2" in page and "2025/26" in page and "2026/27" not in page
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no"}], opens_on=date(2025, 11, 3),
                         closes_on=date(2025, 11, 21))
    token = survey.links[0].token
    assert "This survey has closed" not in html.unescape(visitor.get(f"/s/{token}").text)
    leader = signed_in("head.park")
    leader.set_cookie("lang", "en")
    form = html.unescape(leader.get("/surveys/new/blank").text)
    assert re.search(r'name="opens_on"[^>]*value="2025-11-10"', form) or \
        re.search(r'value="2025-11-10"[^>]*name="opens_on"', form)
    made = leader.post("/surveys/new", data={"template": "family_event"})
    with app.app_context():
        from app.extensions import db
        from app.surveys.models import Survey
        survey_id = int(made.headers["Location"].rstrip("/").split("/")[-1])
        assert db.session.get(Survey, survey_id).opens_on == date(2025, 11, 10)
    # a meeting on 20 November 2025 is still to come
    from app.bookings.meetings.forms import SlotsForm
    with app.test_request_context(method="POST", data={"day": "2025-11-20"}):
        slots = SlotsForm()
        slots.validate()
        assert "day" not in slots.errors
