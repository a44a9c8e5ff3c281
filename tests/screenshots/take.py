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
#: (file name, who signs in or None, path, language[, width]); "{open}" is Holt's link to the demo's
#: open survey, and a path starting "start:" presses its Start button first
SHOTS = [
    ("survey-start-family-cy", None, "/s/{open}", "cy"),
    ("survey-section-pupil-cy", None, "start:/s/{open}", "cy"),
    ("survey-section-pupil-en", None, "start:/s/{open}", "en"),
    ("survey-templates-leader-cy", "head.holt@darland.example", "/surveys/new", "cy"),
    ("survey-builder-leader-en", "head.holt@darland.example", "/surveys/1", "en"),
    ("survey-results-leader-en", "head.holt@darland.example", "/surveys/1/results", "en"),
    ("survey-results-holt-suppressed-cy", "head.holt@darland.example", "/surveys/1/results?school=4", "cy"),
    ("calendar-year-signed-out-cy", None, "/calendar/darland/", "cy"),
    ("calendar-year-leader-en-wide", "head.holt@darland.example", "/calendar/darland/", "en", 1280),
    ("calendar-wellbeing-spring-leader-cy", "head.holt@darland.example",
     "/calendar/darland/?term=spring&strand=wellbeing", "cy"),
    ("calendar-activity-leader-cy", "head.holt@darland.example", "/calendar/darland/activities/25", "cy"),
    ("calendar-half-term-signed-out-en", None, "/calendar/darland/half-term", "en"),
    ("calendar-new-activity-staff-cy", "staff.holt@darland.example", "/calendar/darland/activities/new", "cy"),
    ("home-signed-out-cy", None, "/", "cy"),
    ("sign-in-cy", None, "/sign-in", "cy"),
    ("home-leader-cy", "head.holt@darland.example", "/", "cy"),
    ("schools-leader-cy", "head.holt@darland.example", "/admin/schools", "cy"),
    ("people-admin-en", "admin@darland.example", "/admin/people", "en"),
    ("people-admin-cy", "admin@darland.example", "/admin/people?school=4", "cy"),
    ("minibus-week-staff-cy", "staff.park@darland.example", "/bookings/1?week=2025-09-22", "cy"),
    ("minibus-book-staff-cy", "staff.park@darland.example", "/bookings/1/book?day=2026-12-08", "cy"),
    ("minibus-taken-staff-en", "staff.holt@darland.example", "taken:/bookings/1/book", "en"),
    ("minibus-usage-leader-cy", "head.holt@darland.example", "/bookings/1/usage", "cy"),
    ("bookings-staff-en", "staff.park@darland.example", "/bookings/", "en"),
    ("places-staff-cy", "staff.park@darland.example", "/places/", "cy"),
    ("meetings-set-staff-en", "staff.darland-high@darland.example", "/meetings/1", "en"),
    ("meetings-family-cy", None, "/meetings/b/{meeting}", "cy"),
    ("competition-results-signed-out-cy", None, "/competitions/results/darland/1", "cy"),
    # the Christmas trees: entries closed, not judged yet, so the judge sees the score fields
    ("competition-judging-judge-en", "staff.darland-high@darland.example", "/competitions/2/judging", "en"),
    ("competition-places-leader-cy", "head.holt@darland.example", "/competitions/1/places", "cy"),
    ("summary-autumn-2-leader-cy", "head.holt@darland.example", "/summary/?year=2025&period=autumn-2", "cy"),
    ("summary-autumn-2-leader-en-wide", "head.holt@darland.example", "/summary/?year=2025&period=autumn-2", "en",
     1280),
    ("summary-meeting-leader-en", "head.holt@darland.example", "/summary/meetings/2", "en"),
    ("summary-pack-governor-cy", "governor@darland.example", "/summary/meetings/2/pack", "cy", 1024),
    ("summary-report-leader-cy", "head.holt@darland.example", "/summary/reports/2025", "cy", 1024),
    ("summary-authority-officer-en", "officer@wrexham.example", "/summary/?year=2025&period=autumn-2", "en"),
]


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
        app = create_app(Config, ENVIRONMENT="development", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/demo.db",
                         RATELIMIT_ENABLED=False)
        with app.app_context():
            from app.extensions import db
            db.create_all()
        app.test_cli_runner().invoke(demo_load)
        with app.app_context():
            from sqlalchemy import select

            from app.bookings.meetings.models import MeetingSet
            from app.extensions import db
            from app.surveys.models import Survey, SurveyLink
            open_token = db.session.scalar(select(SurveyLink.token).join(Survey).where(Survey.is_open)
                                           .where(SurveyLink.school_id == 4))
            meeting_token = db.session.scalar(select(MeetingSet.token).where(MeetingSet.token.is_not(None)))
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
                    page.goto(path.removeprefix("taken:") + "?day=" + _first_taken_day(app))
                    _fill_trip(page)
                    page.click("#submit")
                    page.wait_for_selector("#alternatives")
                elif path.startswith("start:"):
                    page.goto(path.removeprefix("start:").format(open=open_token))
                    page.locator(".button--start").click()
                    page.wait_for_url("**/1")
                else:
                    page.goto(path.format(open=open_token, meeting=meeting_token))
                page.screenshot(path=str(HERE / f"{name}.png"), full_page=True)
                context.close()
                print("wrote", HERE / f"{name}.png")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
