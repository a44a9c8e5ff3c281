"""A competition from entry to public results in a real browser on a phone in Welsh, with JavaScript
on (htmx swaps the entry box and saves each score) and off: staff at Holt enter a pupil with a photo,
a judge scores it, the organiser confirms the place and publishes, and a parent sees the result."""

import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.auth.models import User
from app.competitions.models import Competition, Entry, Place, Score
from app.extensions import db
from tests.conftest import JAVASCRIPT_ON_AND_OFF
from tests.reading import page_width
from tests.test_accessibility import axe_violations

pytestmark = pytest.mark.browser

EASTER = "Easter Egg Decoration Competition"
#: inside the Easter competition's entry window (2 to 25 March 2026), and after it, for judging
OPEN_DAY, JUDGING_DAY = "2026-03-10", "2026-03-27"
JUDGE = "staff.darland-high"
HOLT_CY = "Ysgol Gynradd Gymunedol Holt"


@pytest.fixture
def easter(app, demo) -> int:
    """The Easter competition, judged by one member of Darland High's staff so that the place follows
    from that judge's scores alone."""
    with app.app_context():
        competition = db.session.get(Competition, demo.competition(EASTER))
        competition.judges = [db.session.get(User, demo.user(JUDGE).id)]
        db.session.commit()
        return competition.id


def _photo(tmp_path) -> str:
    """A phone-like JPEG of an egg, with a camera name in its EXIF for the server to throw away."""
    image = Image.new("RGB", (800, 600), (250, 240, 200))
    ImageDraw.Draw(image).ellipse((250, 100, 550, 500), fill=(200, 60, 120))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    path = tmp_path / "wy.jpg"
    image.save(path, "JPEG", exif=exif)
    return str(path)


def _fits_the_phone(page) -> bool:
    return page_width(page) <= 390


def _loaded_width(image) -> int:
    """The picture's width once the browser has it (0 for a broken one): a page can be shown, and the test
    reach its picture, before the picture has arrived."""
    image.scroll_into_view_if_needed()
    return image.evaluate("img => img.complete ? img.naturalWidth : new Promise(done => {"
                          " img.addEventListener('load', () => done(img.naturalWidth));"
                          " img.addEventListener('error', () => done(0)); })")


@JAVASCRIPT_ON_AND_OFF
def test_an_entry_with_a_photo_is_judged_placed_and_published_in_welsh(app, demo, new_page, session_cookie_for,
                                                                       easter, tmp_path, javascript):
    welsh = [{"name": "lang", "value": "cy"}]
    app.config["TODAY"] = OPEN_DAY

    # staff at Holt enter a pupil with a photo, and confirm the school holds consent
    staff = new_page(javascript=javascript, bypass_csp=True, cookies=welsh + session_cookie_for("staff.holt"))
    staff.goto(f"/competitions/{easter}")
    expect(staff.get_by_role("heading", level=1)).to_contain_text("Cystadleuaeth Addurno Wy Pasg")
    expect(staff.locator(".tag--open")).to_have_text("Ar agor i gystadlu")
    staff.get_by_label("Categori", exact=True).select_option(label="Blynyddoedd 3 a 4")
    staff.get_by_label("Enw cyntaf y disgybl a llythyren gyntaf ei gyfenw").fill("Cerys M.")
    staff.get_by_label("Grŵp blwyddyn").select_option(label="Blwyddyn 4")
    staff.get_by_label("Teitl y cynnig").fill("Wy aur")
    staff.get_by_label("Llun", exact=True).set_input_files(_photo(tmp_path))
    staff.get_by_label(re.compile("Rwy'n cadarnhau bod gan yr ysgol ganiatâd llun")).check()
    if javascript:
        staff.evaluate("window.stillTheSamePage = true")
    staff.get_by_role("button", name="Anfon y cynnig").click()
    expect(staff.get_by_text("Mae'r cynnig wedi'i anfon, gyda'i lun: Wy aur.")).to_be_visible()
    if javascript:
        assert staff.evaluate("window.stillTheSamePage") is True  # htmx swapped the box in place
    mine = staff.locator("#entry-box li.entry")
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Wy aur")
    expect(mine).to_contain_text("Cerys M. (Blwyddyn 4)")
    thumbnail = mine.get_by_role("img", name="Llun y cynnig: Wy aur")
    expect(thumbnail).to_be_visible()
    assert _loaded_width(thumbnail) > 0  # served through the app, not a broken link
    assert _fits_the_phone(staff)
    problems = axe_violations(staff) if javascript else []
    with app.app_context():
        entry = db.session.scalar(select(Entry).where(Entry.competition_id == easter))
        assert (entry.entrant_name, entry.school_id, entry.photo_consent) == ("Cerys M.", demo.school("holt").id,
                                                                              True)
        entry_id = entry.id

    # entries have closed: the judge scores it, schools hidden
    app.config["TODAY"] = JUDGING_DAY
    judge = new_page(javascript=javascript, bypass_csp=True, cookies=welsh + session_cookie_for(JUDGE))
    judge.goto(f"/competitions/{easter}/judging")
    expect(judge.get_by_role("heading", level=1)).to_contain_text("Beirniadu")
    judge.get_by_role("link", name=re.compile(r"^Blynyddoedd 3 a 4 \(1\)$")).click()
    card = judge.locator(f"#entry-{entry_id}")
    expect(card).to_contain_text("Cerys M.")
    expect(card).not_to_contain_text(HOLT_CY)  # anonymous judging
    expect(card.get_by_role("img", name="Llun y cynnig: Wy aur")).to_be_visible()
    card.get_by_label("Creadigrwydd").fill("9")
    card.get_by_label("Sgil a gofal").fill("8")
    card.get_by_label("Thema").fill("4")
    card.get_by_label("Thema").press("Tab")  # a field's change event fires when the judge moves on
    if javascript:  # each change is saved as it is made: no button pressed
        expect(card.locator(".score-status")).to_have_text("Wedi'i gadw: 21 allan o 25")
    else:
        card.get_by_role("button", name="Cadw'r marciau").click()
        expect(judge.get_by_text("Marciau wedi'u cadw ar gyfer Wy aur.")).to_be_visible()
    assert _fits_the_phone(judge)
    problems += axe_violations(judge) if javascript else []
    with app.app_context():
        assert db.session.scalar(select(func.sum(Score.score)).where(Score.entry_id == entry_id)) == 21

    # the organiser confirms the suggested place and publishes
    organiser = new_page(javascript=javascript, cookies=welsh + session_cookie_for("head.holt"))
    organiser.goto(f"/competitions/{easter}/places")
    expect(organiser.get_by_role("heading", level=1)).to_contain_text("Safleoedd a chanlyniadau")
    expect(organiser.get_by_label("Gwobr ar gyfer Wy aur")).to_have_value("first")
    organiser.get_by_role("button", name="Cadarnhau'r safleoedd").click()
    expect(organiser.get_by_text("Mae 1 lle wedi'i gadarnhau.")).to_be_visible()
    organiser.get_by_role("button", name="Cyhoeddi'r canlyniadau").click()
    expect(organiser.get_by_text("Mae'r canlyniadau wedi'u cyhoeddi.")).to_be_visible()
    assert _fits_the_phone(organiser)

    # a parent, signed out, opens the public results
    parent = new_page(javascript=javascript, bypass_csp=True, cookies=welsh)
    parent.goto(f"/competitions/results/darland/{easter}")
    expect(parent.get_by_role("heading", level=1)).to_contain_text("Cystadleuaeth Addurno Wy Pasg")
    category = parent.locator("section.results-category", has=parent.get_by_role("heading",
                                                                                 name="Blynyddoedd 3 a 4"))
    result = category.locator("li.result")
    expect(result).to_have_count(1)
    expect(result.locator(".tag--place")).to_have_text("Cyntaf")
    expect(result.locator(".result__name")).to_have_text("Cerys M.")
    expect(result).to_contain_text(HOLT_CY)
    photo = result.get_by_role("img", name="Llun y cynnig: Wy aur")
    expect(photo).to_be_visible()
    assert _loaded_width(photo) > 0
    assert _fits_the_phone(parent)
    problems += axe_violations(parent) if javascript else []
    assert problems == []
    with app.app_context():
        entry = db.session.get(Entry, entry_id)
        assert entry.place == Place.FIRST and entry.competition.is_published
