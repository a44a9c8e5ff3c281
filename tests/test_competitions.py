"""Competitions: scoping, the entry window, the cap, names, photos and consent, judging and places,
publishing, the points table and what the public page hides."""

import io
from datetime import date

import pytest
from PIL import Image
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.competitions.models import Competition, Entry, Place, Score
from app.extensions import db
from tests.reading import page_of

EASTER = "Easter Egg Decoration Competition"
PUMPKIN = "Pumpkin Carving Competition"
#: days inside the Easter competition's window (2 to 25 March 2026), and after it
OPEN_DAY, JUDGING_DAY = "2026-03-10", "2026-03-27"


@pytest.fixture
def easter(app, demo):
    """The demo's Easter Egg competition, with "today" inside its entry window."""
    app.config["TODAY"] = OPEN_DAY
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        competition = db.session.get(Competition, demo.competition(EASTER))
        return {"id": competition.id, "categories": [c.id for c in competition.categories],
                "criteria": [(c.id, c.max_score) for c in competition.criteria]}


def _jpeg(orientation: int | None = None, gps: bool = False, size=(64, 32)) -> bytes:
    """A small JPEG, wider than tall, with an EXIF orientation and GPS position if asked."""
    image = Image.new("RGB", size, (200, 60, 20))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (53.0, 2.0, 30.0), 3: "W", 4: (2.0, 59.0, 0.0)}
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def _entry_form(category_id: int, **fields) -> dict:
    return {"category_id": category_id, "entrant_name": "Cerys M.", "year_group": "4", "title": "Golden egg",
            "description": "", **fields}


def _enter(client, easter, photo: bytes | None = None, filename="egg.jpg", **fields):
    data = _entry_form(easter["categories"][1], **fields)
    if photo is not None:
        data["photo"] = (io.BytesIO(photo), filename)
    return client.post(f"/competitions/{easter['id']}/entries/new", data=data, content_type="multipart/form-data")


def _entries(app, competition_id):
    with app.app_context():
        return db.session.scalars(select(Entry).where(Entry.competition_id == competition_id,
                                                      Entry.withdrawn_at.is_(None)).order_by(Entry.id)).all()


def test_staff_enter_a_pupil_and_the_photo_loses_its_gps_and_turns_upright(app, easter, signed_in, demo):
    response = _enter(signed_in("staff.holt"), easter, _jpeg(orientation=6, gps=True), photo_consent="y")
    assert response.status_code == 303
    (entry,) = _entries(app, easter["id"])
    assert (entry.entrant_name, entry.school_id, entry.photo_consent) == ("Cerys M.", demo.school("holt").id, True)
    photo = signed_in("staff.holt").get(f"/competitions/entries/{entry.id}/photo/full")
    assert photo.status_code == 200 and photo.mimetype == "image/jpeg"
    stored = Image.open(io.BytesIO(photo.data))
    assert stored.size == (32, 64)  # orientation 6: turned a quarter, so now taller than wide
    assert not stored.getexif() and "exif" not in stored.info and "icc_profile" not in stored.info
    assert b"PhoneMaker" not in photo.data and b"GPS" not in photo.data
    assert photo.headers["Cache-Control"] == "no-store"  # a signed-in page: never kept by a cache


def test_a_big_photo_is_shrunk_with_a_thumbnail(app, easter, signed_in):
    _enter(signed_in("staff.holt"), easter, _jpeg(size=(3200, 1800)), photo_consent="y")
    (entry,) = _entries(app, easter["id"])
    client = signed_in("staff.holt")
    full = Image.open(io.BytesIO(client.get(f"/competitions/entries/{entry.id}/photo/full").data))
    thumb = Image.open(io.BytesIO(client.get(f"/competitions/entries/{entry.id}/photo/thumb").data))
    assert full.size == (1600, 900) and thumb.size == (400, 225)


@pytest.mark.parametrize(("content", "filename", "message"), [
    (b"just some text, not a photo", "egg.jpg", "not a photo we can open"),
    (b"GIF89a" + b"\x00" * 40, "egg.gif", "not a photo we can open"),
])
def test_files_that_are_not_photos_are_refused_in_the_readers_language(app, easter, signed_in, content, filename,
                                                                        message):
    client = signed_in("staff.holt")
    response = _enter(client, easter, content, filename, photo_consent="y")
    assert response.status_code == 422
    assert "Nid yw'r ffeil hon yn llun" in page_of(response)
    assert _entries(app, easter["id"]) == []


def test_an_oversize_photo_is_refused_and_a_huge_request_gets_a_413_page(app, easter, signed_in):
    app.config["COMPETITION_PHOTO_MAX_BYTES"] = 2000
    client = signed_in("staff.holt")
    response = _enter(client, easter, _jpeg(size=(400, 400)) + b"\x00" * 3000, photo_consent="y")
    assert response.status_code == 422
    assert _entries(app, easter["id"]) == []
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    response = _enter(client, easter, b"\xff" * 20_000, photo_consent="y")
    assert response.status_code == 413
    assert "Mae'r ffeil yn rhy fawr" in response.get_data(as_text=True)


def test_a_decompression_bomb_is_refused(app, easter, signed_in):
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")  # 100 megapixels in a few kilobytes
    response = _enter(signed_in("staff.holt"), easter, out.getvalue(), "bomb.png", photo_consent="y")
    assert response.status_code == 422
    assert _entries(app, easter["id"]) == []


def test_a_photo_without_consent_is_refused(app, easter, signed_in):
    response = _enter(signed_in("staff.holt"), easter, _jpeg())
    assert response.status_code == 422
    assert "Cadarnhewch fod gan yr ysgol ganiatâd llun" in page_of(response)
    assert _entries(app, easter["id"]) == []


@pytest.mark.parametrize("name", ["Cerys Morgan", "Cerys", "Cerys M. Jones", "C Morgan-Jones"])
def test_full_surnames_are_refused(app, easter, signed_in, name):
    response = _enter(signed_in("staff.holt"), easter, entrant_name=name)
    assert response.status_code == 422
    assert "Cerys M." in response.get_data(as_text=True)
    assert _entries(app, easter["id"]) == []


def test_the_window_is_kept_with_a_clear_message(app, easter, signed_in):
    client = signed_in("staff.holt")
    app.config["TODAY"] = "2026-03-01"
    response = _enter(client, easter)
    assert response.status_code == 422 and "2 Mawrth 2026" in response.get_data(as_text=True)
    app.config["TODAY"] = OPEN_DAY
    assert _enter(client, easter).status_code == 303
    (entry,) = _entries(app, easter["id"])
    app.config["TODAY"] = JUDGING_DAY
    response = _enter(client, easter)
    assert response.status_code == 422 and "25 Mawrth 2026" in response.get_data(as_text=True)
    edit = client.post(f"/competitions/entries/{entry.id}/edit", data=_entry_form(easter["categories"][1]))
    assert edit.status_code == 422
    withdrawn = client.post(f"/competitions/entries/{entry.id}/withdraw")
    assert withdrawn.status_code == 303 and len(_entries(app, easter["id"])) == 1


def test_the_cap_per_school_per_category_holds_and_withdrawing_makes_room(app, easter, signed_in):
    client = signed_in("staff.holt", htmx=True)
    for number in range(3):
        assert _enter(client, easter, title=f"Egg {number}").status_code == 200
    capped = _enter(client, easter, title="Egg 4")
    assert capped.status_code == 422
    assert "Tynnwch un yn ôl" in page_of(capped)
    other_category = client.post(f"/competitions/{easter['id']}/entries/new",
                                 data=_entry_form(easter["categories"][0], year_group="1"),
                                 content_type="multipart/form-data")
    assert other_category.status_code == 200
    first = next(entry for entry in _entries(app, easter["id"]) if entry.title == "Egg 0")
    assert client.post(f"/competitions/entries/{first.id}/withdraw").status_code == 200
    assert _enter(client, easter, title="Egg 5").status_code == 200
    assert len(_entries(app, easter["id"])) == 4


def test_staff_see_and_change_only_their_own_schools_entries(app, easter, signed_in, make, demo):
    _enter(signed_in("staff.holt"), easter)
    (entry,) = _entries(app, easter["id"])
    park = signed_in("staff.park")
    assert "Golden egg" not in park.get(f"/competitions/{easter['id']}/entries").get_data(as_text=True)
    assert "Golden egg" not in park.get(f"/competitions/{easter['id']}/entries.csv").get_data(as_text=True)
    assert park.get(f"/competitions/entries/{entry.id}/edit").status_code == 404
    assert park.post(f"/competitions/entries/{entry.id}/withdraw").status_code == 404
    assert park.get(f"/competitions/entries/{entry.id}/photo/thumb").status_code == 404
    # staff enter only for their own school, whatever the form says
    _enter(park, easter, school_id=str(demo.school("holt").id), title="Park egg")
    assert {e.school_id for e in _entries(app, easter["id"])} == {demo.school("holt").id}
    # leaders see every school's
    assert "Golden egg" in signed_in("admin").get(f"/competitions/{easter['id']}/entries").get_data(as_text=True)
    csv_text = signed_in("head.park").get(f"/competitions/{easter['id']}/entries.csv").get_data(as_text=True)
    assert "Golden egg" in csv_text


def test_another_clusters_photo_and_competition_are_not_found(app, easter, signed_in, make):
    _enter(signed_in("staff.holt"), easter, _jpeg(), photo_consent="y")
    (entry,) = _entries(app, easter["id"])
    cluster = make.cluster()
    school = make.school(cluster.id)
    outsider = make.user(role="staff", cluster_id=cluster.id, school_id=school.id) if hasattr(make, "user") else None
    if outsider is None:
        pytest.skip("no user factory")
    from tests.conftest import sign_in_client
    client = sign_in_client(app.test_client(), outsider)
    assert client.get(f"/competitions/entries/{entry.id}/photo/thumb").status_code == 404
    assert client.get(f"/competitions/{easter['id']}").status_code == 404
    assert app.test_client().get(f"/competitions/entries/{entry.id}/photo/thumb").status_code == 404


def _judge(app, client, entry_id, scores: list[int], htmx=False):
    with app.app_context():
        criteria = db.session.get(Entry, entry_id).competition.criteria
        data = {f"e{entry_id}-c{criterion.id}": str(score) for criterion, score in zip(criteria, scores, strict=True)}
    return client.post(f"/competitions/entries/{entry_id}/scores", data=data)


def test_judges_score_means_ties_places_with_reasons_and_publishing(app, easter, signed_in, demo):
    holt, park = signed_in("staff.holt"), signed_in("staff.park")
    _enter(holt, easter, _jpeg(), photo_consent="y", title="Holt egg")
    _enter(park, easter, _jpeg(), title="Park egg", entrant_name="Osian P.", photo_consent="y")
    _enter(park, easter, title="Second park egg", entrant_name="Lili J.")
    holt_entry, park_entry, park_second = _entries(app, easter["id"])
    with app.app_context():  # a family withdrew consent after the entry: the photo is for the judges only
        db.session.get(Entry, park_entry.id).photo_consent = False
        db.session.commit()
    judge_a, judge_b = signed_in("head.darland-high", htmx=True), signed_in("staff.darland-high")
    assert _judge(app, judge_a, holt_entry.id, [8, 8, 4]).status_code == 422  # still open for entries
    app.config["TODAY"] = JUDGING_DAY
    assert _judge(app, signed_in("staff.holt"), holt_entry.id, [1, 1, 1]).status_code == 404  # non-judges: no form
    too_high = _judge(app, judge_a, holt_entry.id, [11, 8, 4])
    assert too_high.status_code == 422 and "0 i 10" in too_high.get_data(as_text=True)
    saved = _judge(app, judge_a, holt_entry.id, [8, 8, 4])
    assert saved.status_code == 200 and "20" in saved.get_data(as_text=True)
    _judge(app, judge_b, holt_entry.id, [6, 6, 4])      # holt: (20 + 16) / 2 = 18
    _judge(app, judge_a, park_entry.id, [9, 9, 0])      # park: 18 from the one judge who scored: a tie
    _judge(app, judge_a, park_second.id, [5, 5, 2])     # 12
    with app.app_context():
        assert db.session.scalar(select(func.count(Score.id)).join(Entry, Score.entry_id == Entry.id)
                                 .where(Entry.competition_id == easter["id"])) == 12  # the demo judged others
        assert db.session.get(Entry, holt_entry.id).final_score == 18
    organiser = signed_in("head.holt")
    page = organiser.get(f"/competitions/{easter['id']}/places").get_data(as_text=True)
    assert page.count("1=") == 2  # the tie shows as a tie
    # both tied entries are suggested first; making Park second needs a reason
    choices = {f"entry_{holt_entry.id}": "first", f"entry_{park_entry.id}": "second",
               f"entry_{park_second.id}": "third"}
    assert organiser.post(f"/competitions/{easter['id']}/places", data=choices).status_code == 422
    response = organiser.post(f"/competitions/{easter['id']}/places",
                              data={**choices, "reason": "Park's egg cracked on the way"})
    assert response.status_code == 303
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "places_confirmed"))
        assert event.changes["reason"] == [None, "Park's egg cracked on the way"]
        assert event.changes[f"#{park_entry.id} Park egg"] == ["first", "second"]
    public = f"/competitions/results/darland/{easter['id']}"
    assert app.test_client().get(public).status_code == 404
    organiser.post(f"/competitions/{easter['id']}/publish", data={"state": "published"})
    page = app.test_client().get(public).get_data(as_text=True)
    assert "Cerys M." in page and "Osian P." in page and "Lili J." in page
    # the Holt photo has consent, Park's none: only Holt's shows, and only Holt's answers the public
    assert f"/entries/{holt_entry.id}/photo/thumb" in page and f"/entries/{park_entry.id}/photo" not in page
    assert app.test_client().get(f"/competitions/entries/{holt_entry.id}/photo/thumb").status_code == 200
    assert app.test_client().get(f"/competitions/entries/{park_entry.id}/photo/thumb").status_code == 404
    # a cache may keep the public photo, but asks again each time: once consent goes, so does the photo
    photo = app.test_client().get(f"/competitions/entries/{holt_entry.id}/photo/thumb")
    assert photo.headers["Cache-Control"] == "public, no-cache" and photo.headers["ETag"]
    asked_again = {"If-None-Match": photo.headers["ETag"]}
    assert app.test_client().get(f"/competitions/entries/{holt_entry.id}/photo/thumb",
                                 headers=asked_again).status_code == 304
    with app.app_context():
        db.session.get(Entry, holt_entry.id).photo_consent = False
        db.session.commit()
    assert app.test_client().get(f"/competitions/entries/{holt_entry.id}/photo/thumb",
                                 headers=asked_again).status_code == 404
    with app.app_context():
        db.session.get(Entry, holt_entry.id).photo_consent = True
        db.session.commit()
    assert "Golden" not in page and "Cyntaf" in page
    certificate = holt.get(f"/competitions/entries/{holt_entry.id}/certificate").get_data(as_text=True)
    assert "Tystysgrif" in certificate and "Cyntaf" in certificate and "First" in certificate


def test_the_demo_points_table_counts_published_results_only_with_ties(app, demo):
    page = app.test_client().get("/competitions/results/darland").get_data(as_text=True)
    assert "Pwyntiau" in page and "2025/26" in page
    home = app.test_client().get("/").get_data(as_text=True)
    assert "2025/26" in home
    with app.app_context():
        from app.clusters.models import Cluster
        from app.competitions.services import school_table
        cluster = db.session.scalar(select(Cluster).where(Cluster.slug == "darland"))
        year, table = school_table(cluster.id)
        points = {line.school.slug: line.points for line in table}
        # this year's table: the Christmas trees are being judged, so only Pumpkin Carving counts (and
        # nothing of last year's)
        assert year.id == demo.year.id
        assert sum(points.values()) == sum(
            {Place.FIRST: 5, Place.SECOND: 3, Place.THIRD: 1}.get(entry.place, 0)
            for entry in db.session.scalars(select(Entry).where(
                Entry.place.is_not(None), Entry.competition_id == demo.competition(PUMPKIN))))
        assert points["darland-high"] == 0
        assert [line.rank for line in table] == sorted(line.rank for line in table)


def test_a_public_page_of_unpublished_results_is_not_found(app, demo):
    with app.app_context():
        christmas = demo.competition("Decorate a Christmas Tree outside school – what is our culture?")
        assert db.session.get(Competition, christmas).published_at is None
    assert app.test_client().get(f"/competitions/results/darland/{christmas}").status_code == 404
    assert app.test_client().get(f"/competitions/results/nowhere/{christmas}").status_code == 404


def test_leaders_set_up_a_competition_with_a_rubric_and_judges(app, demo, signed_in):
    app.config["WTF_CSRF_ENABLED"] = False
    data = {"activity_id": demo.activity("Spelling Bee cluster competition").id, "title_en": "Handwriting",
            "title_cy": "Llawysgrifen", "opens_on": "2026-05-01", "closes_on": "2026-05-20", "entry_kind": "individual",
            "photo_rule": "allowed", "cap_per_school": "2", "points_first": "5", "points_second": "3",
            "points_third": "1", "category_1_en": "Years 3 and 4", "category_1_cy": "Blynyddoedd 3 a 4",
            "criterion_1_en": "Neatness", "criterion_1_cy": "Taclusrwydd", "criterion_1_max": "10",
            "judges": [str(demo.user("staff.darland-high").id)]}
    assert signed_in("staff.holt").post("/competitions/new", data=data).status_code == 403
    bad = signed_in("head.holt").post("/competitions/new", data={**data, "criterion_1_max": ""})
    assert bad.status_code == 422
    assert signed_in("head.holt").post("/competitions/new", data=data).status_code == 303
    with app.app_context():
        made = db.session.scalar(select(Competition).where(Competition.title_en == "Handwriting"))
        assert [c.name_cy for c in made.categories] == ["Blynyddoedd 3 a 4"]
        assert [(c.name_en, c.max_score) for c in made.criteria] == [("Neatness", 10)]
        assert [j.email for j in made.judges] == ["staff.darland-high@darland.example"]
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "competitions"))
    assert date(2026, 5, 1)
