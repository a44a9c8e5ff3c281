"""The minibus in a real browser on a phone in Welsh: Park books a Tuesday in October, Holt is
told it is taken and books one of the free days offered, with JavaScript on and off."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.bookings.resources.models import Resource, ResourceBooking
from app.extensions import db
from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.reading import page_width
from tests.test_resources import TODAY

pytestmark = pytest.mark.browser


@JAVASCRIPT_ON_AND_OFF
def test_park_books_the_minibus_and_holt_takes_a_free_day_offered(app, demo, new_page, session_cookie_for,
                                                                  javascript):
    app.config["TODAY"] = TODAY
    with app.app_context():
        minibus_id = db.session.scalar(select(Resource.id).where(Resource.name_en == "Cluster minibus"))

    park = new_page(javascript=javascript, locale="cy-GB", width=390, cookies=session_cookie_for("staff.park"))
    park.goto("/bookings/")
    park.get_by_role("link", name=re.compile(r"^Archebu\W+Bws mini'r clwstwr$")).click()
    expect(park.get_by_role("heading", level=1)).to_have_text("Archebu Bws mini'r clwstwr")
    park.get_by_label("Diwrnod").fill("2025-10-07")  # a date picker
    park.get_by_label("O", exact=True).fill("09:00")
    park.get_by_label("Tan", exact=True).fill("15:00")
    park.get_by_label("Beth yw ei bwrpas").fill("Taith Blwyddyn 6")
    park.get_by_label("I ble mae'r daith yn mynd").fill("Erddig")
    park.get_by_label("Nifer y bobl sy'n teithio, gan gynnwys y gyrrwr").fill("14")
    park.get_by_label("Gyrrwr", exact=True).fill("Lowri Thomas")
    park.get_by_label(re.compile("Rwy'n cadarnhau bod gan y gyrrwr")).check()
    park.get_by_role("button", name="Archebu").click()
    expect(park.get_by_text("Gwnaed 1 archeb.")).to_be_visible()
    expect(park.get_by_role("heading", name="Wythnos 6 Hydref 2025")).to_be_visible()
    expect(park.locator(".week__booking", has_text="Ysgol Gynradd Gymunedol Park")).to_contain_text("09:00–15:00")
    assert page_width(park) <= 390

    holt = new_page(javascript=javascript, locale="cy-GB", width=390, cookies=session_cookie_for("staff.holt"))
    holt.goto(f"/bookings/{minibus_id}/book?day=2025-10-07")
    holt.get_by_label("O", exact=True).fill("10:00")
    holt.get_by_label("Tan", exact=True).fill("12:00")
    holt.get_by_label("Beth yw ei bwrpas").fill("Gêm bêl-droed")
    holt.get_by_label("I ble mae'r daith yn mynd").fill("Gresffordd")
    holt.get_by_label("Nifer y bobl sy'n teithio, gan gynnwys y gyrrwr").fill("10")
    holt.get_by_label("Gyrrwr", exact=True).fill("Dafydd Lloyd")
    holt.get_by_label(re.compile("Rwy'n cadarnhau bod gan y gyrrwr")).check()
    if javascript:
        holt.evaluate("window.stillTheSamePage = true")
    holt.get_by_role("button", name="Archebu").click()
    expect(holt.locator(".error-summary")).to_contain_text(
        "Mae Bws mini'r clwstwr eisoes wedi'i archebu gan Ysgol Gynradd Gymunedol Park ar yr amser hwnnw.")
    offered = holt.locator("#alternatives button")
    expect(offered).to_have_text(["Dydd Llun 6 Hydref", "Dydd Mercher 8 Hydref", "Dydd Iau 9 Hydref"])
    if javascript:
        assert holt.evaluate("window.stillTheSamePage") is True  # the form was swapped in place
    expect(holt.get_by_label("Gyrrwr", exact=True)).to_have_value("Dafydd Lloyd")
    holt.get_by_role("button", name="Dydd Mercher 8 Hydref").click()
    expect(holt.get_by_text("Gwnaed 1 archeb.")).to_be_visible()
    expect(holt.locator(".week__booking", has_text="Ysgol Gynradd Gymunedol Holt")).to_contain_text("10:00–12:00")

    with app.app_context():
        bookings = db.session.scalars(select(ResourceBooking).where(
            ResourceBooking.resource_id == minibus_id, ResourceBooking.purpose.in_(["Taith Blwyddyn 6",
                                                                                   "Gêm bêl-droed"]))).all()
        assert sorted((b.purpose, b.starts_at.day) for b in bookings) == [("Gêm bêl-droed", 8),
                                                                          ("Taith Blwyddyn 6", 7)]
