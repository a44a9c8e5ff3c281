"""The public competition results are drawn once per version of what they show (app/fragments.py):
every change to what a visitor reads gives a new page, each language keeps its own, and the part
of the page that is the sign-in's (the header, CSRF tokens) is drawn for each visitor."""

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from app.clusters.models import Cluster
from app.competitions.models import Category, Competition, Entry, Place
from app.extensions import db
from tests.reading import page_of

PUMPKIN = "Pumpkin Carving Competition"
EASTER = "Easter Egg Decoration Competition"
#: what the marked entry is called in the English pages once the test has marked it
MARKED_TITLE, MARKED_PUPIL = "Marked lantern", "Zola Q."
CLUSTER_PAGE = "/competitions/results/darland"


@pytest.fixture
def marked(app, demo):
    """The Pumpkin competition's first placed entry, given a title and a photo with consent that no
    other entry has, before anyone has read the results: {"competition": id, "entry": id}."""
    with app.app_context():
        competition_id = demo.competition(PUMPKIN)
        entry = db.session.scalar(select(Entry).where(Entry.competition_id == competition_id,
                                                      Entry.place == Place.FIRST).order_by(Entry.id).limit(1))
        entry.title, entry.entrant_name, entry.photo_name, entry.photo_consent = (
            MARKED_TITLE, MARKED_PUPIL, "marked-photo", True)
        db.session.commit()
        return {"competition": competition_id, "entry": entry.id}


def _english(app):
    client = app.test_client()
    client.set_cookie("lang", "en")
    return client


def _read(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return page_of(response)


def _main(page: str) -> str:
    """The page's own content, without the header (whose CSRF token is each visitor's)."""
    return page[page.index("<main"):page.index("</main>")]


def _change(app, marked: dict, change) -> None:
    """Make `change(entry)` to the marked entry (or what it leads to) and commit, as any service would."""
    with app.app_context():
        change(db.session.get(Entry, marked["entry"]))
        db.session.commit()


def _rename_school(entry: Entry) -> None:
    entry.school.name_en = "Renamed Primary"


#: the marked entry's photo, and its place beside its pupil, as the page shows them
PHOTO = "/entries/{entry}/photo/thumb"
COMMENDED = r'Highly commended</span></p>\s*<p class="result__name">' + MARKED_PUPIL

#: (what changes, how, which page, what to look for (a pattern, with the marked ids), whether it shows after)
CHANGES = [
    ("a place taken away", lambda entry: setattr(entry, "place", None), "results", MARKED_TITLE, False),
    ("a place moved down", lambda entry: setattr(entry, "place", Place.COMMENDED), "results", COMMENDED, True),
    ("the points of the table", lambda entry: setattr(entry.competition, "points_first", 1000), "results",
     r"<strong>10\d\d</strong>", True),
    ("the entry withdrawn", lambda entry: setattr(entry, "withdrawn_at", datetime.now(UTC)), "results",
     MARKED_PUPIL, False),
    ("the photo's consent taken back", lambda entry: setattr(entry, "photo_consent", False), "results",
     PHOTO, False),
    ("the photo deleted", lambda entry: setattr(entry, "photo_name", None), "results", PHOTO, False),
    ("the pupil's name replaced", lambda entry: setattr(entry, "entrant_name", "–"), "results", MARKED_PUPIL,
     False),
    ("a school renamed, in the results", _rename_school, "results", "Renamed Primary", True),
    ("a school renamed, in the cluster's table", _rename_school, "cluster", "Renamed Primary", True),
    ("a category renamed", lambda entry: setattr(entry.category, "name_en", "Renamed band"), "results",
     "Renamed band", True),
    ("the competition renamed", lambda entry: setattr(entry.competition, "title_en", "Renamed carving"),
     "cluster", "Renamed carving", True),
    # last year's Pumpkin Carving takes its place in the list: look for this one's address
    ("the results taken down", lambda entry: setattr(entry.competition, "published_at", None), "cluster",
     "/results/darland/{competition}\"", False),
]


@pytest.mark.parametrize(("change", "page", "look_for", "shown_after"),
                         [change[1:] for change in CHANGES], ids=[change[0] for change in CHANGES])
def test_each_change_to_what_the_results_show_gives_a_new_page(app, marked, change, page, look_for, shown_after):
    path = CLUSTER_PAGE if page == "cluster" else f"{CLUSTER_PAGE}/{marked['competition']}"
    pattern = re.compile(look_for.format(**marked))
    visitor = _english(app)
    before = _read(visitor, path)
    assert bool(pattern.search(before)) is not shown_after
    assert _main(_read(_english(app), path)) == _main(before)  # a second visitor is given the same
    _change(app, marked, change)
    assert bool(pattern.search(_read(visitor, path))) is shown_after


def test_taking_results_down_and_publishing_them_again_shows_on_the_public_pages(app, marked, signed_in):
    app.config["WTF_CSRF_ENABLED"] = False
    results = f"{CLUSTER_PAGE}/{marked['competition']}"
    listed = f'href="{results}"'
    visitor = _english(app)
    assert listed in _read(visitor, CLUSTER_PAGE) and MARKED_TITLE in _read(visitor, results)
    organiser = signed_in("head.holt")
    assert organiser.post(f"/competitions/{marked['competition']}/publish", data={"state": "draft"}).status_code == 303
    assert listed not in _read(visitor, CLUSTER_PAGE)
    assert visitor.get(results).status_code == 404
    assert organiser.post(f"/competitions/{marked['competition']}/publish",
                          data={"state": "published"}).status_code == 303
    assert listed in _read(visitor, CLUSTER_PAGE) and MARKED_TITLE in _read(visitor, results)


def test_entering_and_judging_an_unpublished_competition_leave_the_results_version_alone(app, demo, signed_in):
    """Entries arriving at once take the competition's lock, never the cluster's row as well."""
    app.config["TODAY"], app.config["WTF_CSRF_ENABLED"] = "2026-03-10", False

    def version() -> str:
        with app.app_context():
            return db.session.scalar(select(Cluster.results_version).where(Cluster.slug == "darland"))

    before = version()
    with app.app_context():
        category = db.session.scalars(select(Category.id).where(
            Category.competition_id == demo.competition(EASTER))).all()[1]
    response = signed_in("staff.holt").post(f"/competitions/{demo.competition(EASTER)}/entries/new", data={
        "category_id": category, "entrant_name": "Cerys M.", "year_group": "4", "title": "Golden egg"})
    assert response.status_code == 303
    assert version() == before
    with app.app_context():  # while it is published, a change to it is a change to the public pages
        db.session.get(Competition, demo.competition(PUMPKIN)).title_cy = "Cerfio pwmpenni"
        db.session.commit()
    assert version() != before


def test_each_language_keeps_its_own_results(app, marked):
    path = f"{CLUSTER_PAGE}/{marked['competition']}"
    welsh, english = app.test_client(), _english(app)
    for _round in range(2):  # the second round reads what the first kept
        cymraeg = _read(welsh, path)
        assert "Cyntaf" in cymraeg and "Pwyntiau" in cymraeg and "First" not in cymraeg
        page = _read(english, path)
        assert "First" in page and "Points" in page and "Cyntaf" not in page
        assert "2025/26" in _read(welsh, CLUSTER_PAGE) and "Pwyntiau" in _read(welsh, CLUSTER_PAGE)
        assert "Points" in _read(english, CLUSTER_PAGE)


def test_the_points_table_follows_the_school_year_of_today(app, demo):
    assert "2025/26" in _read(_english(app), CLUSTER_PAGE)
    app.config["TODAY"] = "2025-03-02"  # last school year, whose results were all published
    page = _read(_english(app), CLUSTER_PAGE)
    assert "2024/25" in page and "2025/26" not in page


def _csrf_tokens(page: str) -> set[str]:
    return set(re.findall(r'name="csrf_token" value="([^"]+)"', page)) | set(
        re.findall(r'"X-CSRFToken": "([^"]+)"', page))


def test_an_organiser_and_a_stranger_each_see_their_own_page_around_the_same_results(app, marked, signed_in):
    path = f"{CLUSTER_PAGE}/{marked['competition']}"
    organiser, stranger = signed_in("head.holt"), app.test_client()
    for first, second in ((organiser, stranger), (stranger, organiser)):
        pages = {client: _read(client, path) for client in (first, second)}
        signed, visitor = pages[organiser], pages[stranger]
        assert MARKED_PUPIL in signed and MARKED_PUPIL in visitor and PHOTO.format(**marked) in visitor
        # the header is the sign-in's own: the organiser's sign-out and cluster, the stranger's sign-in
        assert 'action="/sign-out"' in signed and 'href="/account"' in signed and 'href="/sign-in' not in signed
        assert 'action="/sign-out"' not in visitor and 'href="/account"' not in visitor and 'href="/sign-in' in visitor
        # and so is every CSRF token: nobody is handed another's
        assert _csrf_tokens(signed) and _csrf_tokens(visitor)
        assert not _csrf_tokens(signed) & _csrf_tokens(visitor)
