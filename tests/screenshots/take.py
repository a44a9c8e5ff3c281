"""Take the README's screenshots: the main pages at phone width, in Welsh and English.

Run with `make screenshots`. It serves the demo data from a temporary database and
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
]


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

            from app.extensions import db
            from app.surveys.models import Survey, SurveyLink
            open_token = db.session.scalar(select(SurveyLink.token).join(Survey).where(Survey.is_open)
                                           .where(SurveyLink.school_id == 4))
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            for name, who, path, language, *width in SHOTS:
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
                if path.startswith("start:"):
                    page.goto(path.removeprefix("start:").format(open=open_token))
                    page.locator(".button--start").click()
                    page.wait_for_url("**/1")
                else:
                    page.goto(path.format(open=open_token))
                page.screenshot(path=str(HERE / f"{name}.png"), full_page=True)
                context.close()
                print("wrote", HERE / f"{name}.png")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    sys.exit(main())
