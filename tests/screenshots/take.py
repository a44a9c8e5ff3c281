"""Take the README's screenshots: the main pages at phone width, in Welsh and English.

Run with `make screenshots`; `make screenshots ONLY=minibus` takes the shots whose names contain
"minibus". It serves the demo data from a temporary database and
writes PNG files next to this script.
"""

import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from app import create_app
from app.cli import demo_load
from app.config import Config

HERE = Path(__file__).parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
#: (file name, who signs in or None, path, language[, width]); the {names} in a path are the demo's,
#: found once it is loaded (see _places); a path starting "start:" presses the survey's Start button
#: first, "taken:" asks for a minibus time someone else has, and "import:" uploads STAFF_FILE there
HEAD, STAFF = "head.holt@darland.example", "staff.park@darland.example"
SHOTS = [
    ("survey-start-family-cy", None, "/s/{open}", "cy"),
    ("survey-section-pupil-cy", None, "start:/s/{open}", "cy"),
    ("survey-section-pupil-en", None, "start:/s/{open}", "en"),
    ("survey-templates-leader-cy", HEAD, "/surveys/new", "cy"),
    ("survey-builder-leader-en", HEAD, "/surveys/{skills_survey}", "en"),
    ("survey-results-leader-en", HEAD, "/surveys/{skills_survey}/results", "en"),
    ("survey-results-holt-suppressed-cy", HEAD, "/surveys/{skills_survey}/results?school={holt}", "cy"),
    ("calendar-year-signed-out-cy", None, "/calendar/darland/", "cy"),
    ("calendar-year-leader-en-wide", HEAD, "/calendar/darland/", "en", 1280),
    ("calendar-wellbeing-spring-leader-cy", HEAD, "/calendar/darland/?term=spring&strand=wellbeing", "cy"),
    ("calendar-activity-leader-cy", HEAD, "/calendar/darland/activities/{easter}", "cy"),
    ("calendar-half-term-signed-out-en", None, "/calendar/darland/half-term", "en"),
    ("calendar-new-activity-staff-cy", "staff.holt@darland.example", "/calendar/darland/activities/new", "cy"),
    ("home-signed-out-cy", None, "/", "cy"),
    ("sign-in-cy", None, "/sign-in", "cy"),
    ("sign-in-en", None, "/sign-in", "en"),
    ("signing-in-admin-en", "admin@darland.example", "/admin/signing-in", "en"),
    ("home-leader-cy", HEAD, "/", "cy"),
    ("schools-leader-cy", HEAD, "/admin/schools", "cy"),
    ("people-admin-en", "admin@darland.example", "/admin/people", "en"),
    ("people-admin-cy", "admin@darland.example", "/admin/people?school={holt}", "cy"),
    ("minibus-week-staff-cy", STAFF, "/bookings/{minibus}?week={week}", "cy"),
    ("minibus-book-staff-cy", STAFF, "/bookings/{minibus}/book?day={free_day}", "cy"),
    ("minibus-taken-staff-en", "staff.holt@darland.example", "taken:/bookings/{minibus}/book", "en"),
    ("minibus-usage-leader-cy", HEAD, "/bookings/{minibus}/usage", "cy"),
    ("bookings-staff-en", STAFF, "/bookings/", "en"),
    ("places-staff-cy", STAFF, "/places/", "cy"),
    ("meetings-set-staff-en", "staff.darland-high@darland.example", "/meetings/{meeting_set}", "en"),
    ("meetings-family-cy", None, "/meetings/b/{meeting}", "cy"),
    ("competition-results-signed-out-cy", None, "/competitions/results/darland/{published}", "cy"),
    ("competition-judging-judge-en", "staff.darland-high@darland.example", "/competitions/{judging}/judging", "en"),
    ("competition-places-leader-cy", HEAD, "/competitions/{published}/places", "cy"),
    ("summary-leader-cy", HEAD, "/summary/", "cy"),
    ("summary-leader-en", HEAD, "/summary/", "en"),
    ("summary-leader-en-wide", HEAD, "/summary/", "en", 1280),
    ("summary-leader-cy-wide", HEAD, "/summary/", "cy", 1280),
    ("summary-meeting-leader-en", HEAD, "/summary/meetings/{leaders_meeting}", "en"),
    ("summary-pack-governor-cy", "governor@darland.example", "/summary/meetings/{leaders_meeting}/pack", "cy", 1024),
    ("summary-report-leader-cy", HEAD, "/summary/reports/{year}", "cy", 1024),
    ("summary-authority-officer-en", "officer@wrexham.example", "/summary/", "en"),
    ("next-year-leader-en", HEAD, "/next-year/{year}", "en"),
    ("practice-library-staff-cy", STAFF, "/practice/?q=pontio", "cy"),
    ("practice-item-officer-en", "officer@wrexham.example", "/practice/{practice}", "en"),
    ("practice-new-staff-cy", STAFF, "/practice/new", "cy"),
    ("practice-leads-leader-cy", HEAD, "/practice/leads", "cy"),
    ("practice-item-files-staff-cy", "staff.holt@darland.example", "/practice/{practice}", "cy"),
    ("practice-visit-staff-en", "staff.holt@darland.example", "/practice/visits/{visit}", "en"),
    ("network-leader-cy", HEAD, "/networks/{network}", "cy"),
    ("network-meeting-leader-en", HEAD, "/networks/{network}/meetings/{network_meeting}", "en"),
    ("people-import-preview-leader-cy", HEAD, "import:/admin/people/import", "cy"),
    ("people-import-preview-leader-en", HEAD, "import:/admin/people/import", "en"),
    ("funds-school-staff-cy", STAFF, "/funds/", "cy"),
    ("funds-school-staff-en", STAFF, "/funds/", "en"),
    ("funds-table-leader-cy", HEAD, "/funds/{grant}", "cy"),
    ("funds-table-leader-en", HEAD, "/funds/{grant}", "en"),
    ("learning-panel-staff-cy", STAFF, "/calendar/darland/activities/{learning_next}#learning", "cy"),
    ("learning-record-staff-en", STAFF, "/learning/record", "en"),
    ("learning-record-staff-cy", STAFF, "/learning/record", "cy"),
    ("learning-activity-leader-cy", HEAD, "/learning/activities/{learning}", "cy"),
    ("learning-activity-leader-en", HEAD, "/learning/activities/{learning}", "en"),
    ("learning-home-staff-en", STAFF, "/", "en"),
]
#: Holt's staff as its office keeps them: two new people, and a new job title for one already here
STAFF_FILE = ("Name,Email address,School,Role,Job title in English,Job title in Welsh\n"
              "Owain Jones,head.holt@darland.example,holt,Leader,Headteacher,Pennaeth\n"
              "Dafydd Lloyd,staff.holt@darland.example,holt,Staff,Year 2 teacher,Athro Blwyddyn 2\n"
              "Mari Lloyd,mari.lloyd@holt.example,holt,Staff,Teaching assistant,Cynorthwyydd addysgu\n"
              "Siôn Bryn,sion.bryn@holt.example,holt,Staff,Year 5 teacher,Athro Blwyddyn 5\n")


def _places(app) -> dict[str, object]:
    """The ids and days the shots' paths name, read from the demo just loaded for today."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from app.bookings.meetings.models import MeetingSet
    from app.bookings.resources.models import Resource, ResourceBooking, ResourceKind
    from app.bookings.resources.services import half_terms_of, is_school_day
    from app.calendar.models import AcademicYear, Activity
    from app.clock import today
    from app.clusters.models import School
    from app.competitions.models import Competition
    from app.extensions import db
    from app.funds.models import Fund
    from app.learning.models import LearningActivity
    from app.networks.models import Network
    from app.practice.models import PracticeItem, PracticeVisit, VisitStatus
    from app.summaries.models import LeadershipMeeting
    from app.surveys.models import Survey, SurveyAudience, SurveyLink
    with app.app_context():
        day = today()
        year = db.session.scalar(select(func.max(AcademicYear.start_year)))
        this_year = select(Activity.id).join(AcademicYear).where(AcademicYear.start_year == year)
        competitions = db.session.scalars(select(Competition).where(Competition.activity_id.in_(this_year))).all()
        minibus = db.session.scalar(select(Resource.id).where(Resource.kind == ResourceKind.VEHICLE))
        booked = {booking.starts_at.date() for booking in db.session.scalars(select(ResourceBooking))}
        halves = half_terms_of(db.session.scalar(select(School.cluster_id).limit(1)))
        holt = db.session.scalar(select(School.id).where(School.slug == "holt"))
        return {
            "open": db.session.scalar(select(SurveyLink.token).join(Survey).where(
                Survey.is_open, Survey.audience == SurveyAudience.PUPILS, SurveyLink.school_id == holt)),
            "skills_survey": db.session.scalar(select(Survey.id).join(Survey.activity).where(
                Activity.title_en.startswith("Skills Day"), Activity.id.in_(this_year))),
            "holt": holt,
            "easter": db.session.scalar(this_year.where(Activity.title_en.startswith("Easter Egg"))),
            "minibus": minibus,
            "week": (day - timedelta(days=day.weekday())).isoformat(),
            "free_day": next(day + timedelta(days=n) for n in range(1, 90) if is_school_day(
                halves, day + timedelta(days=n)) and day + timedelta(days=n) not in booked).isoformat(),
            "meeting_set": db.session.scalar(select(MeetingSet.id)),
            "meeting": db.session.scalar(select(MeetingSet.token).where(MeetingSet.token.is_not(None))),
            "published": max((c for c in competitions if c.published_at), key=lambda c: c.closes_on).id,
            "judging": next(c.id for c in competitions if not c.published_at and c.closes_on < day and c.entries),
            "leaders_meeting": db.session.scalar(select(LeadershipMeeting.id)
                                                 .where(LeadershipMeeting.network_id.is_(None))
                                                 .order_by(LeadershipMeeting.held_on.desc())),
            "year": year,
            "practice": db.session.scalar(select(PracticeItem.id).where(PracticeItem.featured)
                                          .order_by(PracticeItem.id)),
            "visit": db.session.scalar(select(PracticeVisit.id).where(
                PracticeVisit.status == VisitStatus.ACCEPTED)),
            "grant": db.session.scalar(select(Fund.id).where(Fund.name_en == "Cluster release-time grant")),
            "network": (network := db.session.scalar(select(Network.id).where(
                Network.name_en == "Curriculum Leaders"))),
            "network_meeting": db.session.scalar(select(LeadershipMeeting.id).where(
                LeadershipMeeting.network_id == network).order_by(LeadershipMeeting.held_on)),
            "learning": db.session.scalar(select(LearningActivity.activity_id).join(Activity).where(
                Activity.starts_on < day).order_by(Activity.starts_on.desc())),
            "learning_next": db.session.scalar(select(LearningActivity.activity_id).join(Activity).where(
                Activity.starts_on > day).order_by(Activity.starts_on)),
        }


def _first_taken_day(app) -> str:
    """The day of the first minibus trip from today on that overlaps 10:00–12:00 (Park's Tuesdays)."""
    with app.app_context():
        from datetime import UTC, datetime

        from sqlalchemy import select

        from app.bookings.resources.models import ResourceBooking
        from app.extensions import db
        booking = db.session.scalar(select(ResourceBooking).where(ResourceBooking.resource_id == 1,
                                                                  ResourceBooking.school_id == 3,
                                                                  ResourceBooking.starts_at >= datetime.now(UTC))
                                    .order_by(ResourceBooking.starts_at))
        return booking.starts_at.date().isoformat()


def _fill_trip(page) -> None:
    page.fill("#starts", "10:00")
    page.fill("#ends", "12:00")
    page.fill("#purpose", "Football fixture")
    page.fill("#destination", "Gresford")
    page.fill("#passengers", "10")
    page.fill("#driver_name", "Dafydd Lloyd")
    page.check("#driver_permit_confirmed")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        # Hwb and Google set up, as a cluster would have them, for their buttons (never asked anything here)
        providers = {name: {"issuer": f"https://{name}.example", "client_id": "clwstwr", "client_secret": "-"}
                     for name in ("hwb", "google")}
        app = create_app(Config, ENVIRONMENT="development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/demo.db",
                         RATELIMIT_ENABLED=False, OIDC_PROVIDERS=providers)
        with app.app_context():
            from app.extensions import db
            db.create_all()
        app.test_cli_runner().invoke(demo_load)
        places = _places(app)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            only = sys.argv[1] if len(sys.argv) > 1 else ""
            for name, who, path, language, *width in SHOTS:
                if only not in name:
                    continue
                context = browser.new_context(base_url=base, viewport={"width": (width or [390])[0], "height": 844},
                                              device_scale_factor=1)
                context.add_cookies([{"name": "lang", "value": language, "url": base}])
                page = context.new_page()
                if who:
                    page.goto("/sign-in")
                    page.fill("#email", who)
                    page.fill("#password", app.config["DEMO_PASSWORD"])
                    page.locator("#password").press("Enter")
                    page.wait_for_url(base + "/")
                if path.startswith("taken:"):  # ask for a time someone else has: the refusal and free days
                    page.goto(path.removeprefix("taken:").format(**places) + "?day=" + _first_taken_day(app))
                    _fill_trip(page)
                    page.click("#submit")
                    page.wait_for_selector("#alternatives")
                elif path.startswith("import:"):
                    page.goto(path.removeprefix("import:"))
                    page.set_input_files("#file", {"name": "holt-staff.csv", "mimeType": "text/csv",
                                                   "buffer": STAFF_FILE.encode()})
                    page.locator("#submit").click()
                    page.wait_for_selector("#import-preview")
                elif path.startswith("start:"):
                    page.goto(path.removeprefix("start:").format(**places))
                    page.locator(".button--start").click()
                    page.wait_for_url("**/1")
                else:
                    page.goto(path.format(**places))
                page.screenshot(path=str(HERE / f"{name}.png"), full_page=True)
                context.close()
                print("wrote", HERE / f"{name}.png")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
