"""Places on events: allocation rules, requests confirmed or waiting, the waiting list moving up in
arrival order, releasing unused allocations after the deadline, attendance, who may touch what,
bad input in the reader's language, the htmx and no-JavaScript paths, and the messages queued."""

import random
import re
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from app.audit.models import AuditEvent
from app.auth.models import Role, User
from app.bookings.places.models import (
    AllocationRule,
    BookableSession,
    PlaceAttendance,
    PlaceRequest,
    PlaceUnit,
    share_out,
)
from app.bookings.places.services import delete_old_registers
from app.calendar.models import Activity
from app.clusters.models import School
from app.extensions import db
from app.notifications.models import OutboxMessage
from tests.conftest import sign_in_client
from tests.factories import TODAY

SKILLS_DAY = "Skills Day – Years 5 and 6"
PRIMARIES = ("all-saints", "the-rofft", "park", "holt", "st-peters")


def _places_summed(cluster_id: int, first, last) -> dict[int, tuple[int, int]]:
    """What the leadership summary counts of places from `first` to `last`: {school id: (confirmed, used)}."""
    from app.clusters.models import Cluster
    from app.summaries.services import Scope, participation_counts

    scope = Scope.of_cluster(db.session.get(Cluster, cluster_id))
    figures, = participation_counts(scope, [{cluster_id: (first, last)}])
    return {school: (int(each.get("places_confirmed", 0)), int(each.get("places_used", 0)))
            for school, each in figures.items() if each.get("places_confirmed") or each.get("places_used")}


# -- the rules, without a database ------------------------------------------------------------------

def test_equal_shares_use_every_place_and_differ_by_at_most_one():
    shares = share_out(24, dict.fromkeys([11, 12, 13, 14, 15], 1))
    assert sum(shares.values()) == 24
    assert sorted(shares.values()) == [4, 5, 5, 5, 5]
    assert shares[15] == 4  # ties go to the first schools, the same way every time


def test_shares_in_proportion_to_roll_round_sensibly_and_never_exceed_the_capacity():
    rolls = {1: 212, 2: 236, 3: 318, 4: 124, 5: 187}
    shares = share_out(60, rolls)
    assert sum(shares.values()) == 60
    # exact shares 11.81, 13.15, 17.72, 6.91, 10.42: the floors make 57, the three largest fractions get one more
    assert shares == {1: 12, 2: 13, 3: 18, 4: 7, 5: 10}
    randomness = random.Random(6)
    for _ in range(500):
        weights = {key: randomness.randint(0, 900) for key in range(randomness.randint(1, 7))}
        capacity = randomness.randint(1, 200)
        shares = share_out(capacity, weights)
        assert sum(shares.values()) == capacity
        total = sum(weights.values()) or len(weights)
        for key, weight in weights.items():
            exact = capacity * (weight if sum(weights.values()) else 1) / total
            assert int(exact) <= shares[key] <= int(exact) + 1


def test_a_school_with_no_pupils_gets_nothing_in_proportion_to_roll():
    assert share_out(10, {1: 0, 2: 100, 3: 100}) == {1: 0, 2: 5, 3: 5}
    assert share_out(3, {1: 0, 2: 0}) == {1: 2, 2: 1}  # nobody has a roll: equal shares


# -- helpers -----------------------------------------------------------------------------------------------

@pytest.fixture
def no_csrf(app):
    app.config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def new_session(app, demo):
    """new_session(capacity=…, rule=…, fixed=…, days_to_deadline=…, days_to_session=…) → session id, on the
    demo's Skills Day (Years 5 and 6: the five primaries take part, the high school does not)."""
    def make(capacity=30, rule=AllocationRule.NONE, fixed=None, days_to_deadline=10, days_to_session=20,
             unit=PlaceUnit.PUPILS):
        with app.app_context():
            activity_id = demo.activity(SKILLS_DAY).id
            held_on = TODAY + timedelta(days=days_to_session)
            session = BookableSession(activity_id=activity_id, held_on=held_on, starts_at=time(9, 15),
                                      ends_at=time(14, 45), location_en="Darland High School",
                                      location_cy="Ysgol Uwchradd Darland", capacity=capacity, unit=unit,
                                      allocation_rule=rule, fixed_places=fixed,
                                      book_by=min(TODAY + timedelta(days=days_to_deadline), held_on))
            db.session.add(session)
            db.session.commit()
            return session.id
    return make


def ask(client, session_id, places, **form):
    """POST a request for places the way the session page's form does."""
    data = {f"s{session_id}-places": places, **{f"s{session_id}-{key}": value for key, value in form.items()}}
    return client.post(f"/places/sessions/{session_id}/requests", data=data)


def give_back(client, request_id, keep=None, cancel=False, **extra):
    data = {f"r{request_id}-places": keep if keep is not None else "", **extra}
    if cancel:
        data[f"r{request_id}-cancel"] = "Cancel"
    return client.post(f"/places/requests/{request_id}/change", data=data)


def requests_of(app, session_id):
    """[(school slug, places, confirmed, waiting)] in arrival order."""
    with app.app_context():
        rows = db.session.execute(select(School.slug, PlaceRequest.places, PlaceRequest.confirmed,
                                         PlaceRequest.waiting).join(PlaceRequest.school)
                                  .where(PlaceRequest.session_id == session_id).order_by(PlaceRequest.id)).all()
        return [tuple(row) for row in rows]


def last_request_id(app, session_id, slug=None):
    with app.app_context():
        query = select(PlaceRequest.id).join(PlaceRequest.school).where(PlaceRequest.session_id == session_id)
        if slug:
            query = query.where(School.slug == slug)
        return db.session.scalar(query.order_by(PlaceRequest.id.desc()).limit(1))


def set_locale(app, who_email_part, demo, locale):
    with app.app_context():
        db.session.get(User, demo.user(who_email_part).id).preferred_locale = locale
        db.session.commit()


# -- the rules on the model, with the demo's schools ------------------------------------------------------

def test_only_schools_teaching_the_year_groups_take_part_in_pupils_places(app, demo, new_session):
    pupils = new_session(rule=AllocationRule.EQUAL, capacity=24)
    staff = new_session(rule=AllocationRule.EQUAL, capacity=12, unit=PlaceUnit.STAFF)
    with app.app_context():
        schools = db.session.scalars(select(School).order_by(School.id)).all()
        by_slug = {school.slug: school for school in schools}
        session = db.session.get(BookableSession, pupils)
        assert {s.slug for s in session.schools_taking_part(schools)} == set(PRIMARIES)
        assert session.allocation_for(by_slug["darland-high"], schools) == 0
        assert sum(session.allocations(schools).values()) == 24
        assert db.session.get(BookableSession, staff).allocations(schools) == dict.fromkeys(
            [school.id for school in schools], 2)


def test_fixed_allocations_give_each_school_the_number_and_roll_shares_follow_the_rolls(app, demo, new_session):
    fixed = new_session(rule=AllocationRule.FIXED, fixed=8, capacity=30)
    roll = new_session(rule=AllocationRule.ROLL, capacity=60)
    with app.app_context():
        schools = db.session.scalars(select(School)).all()
        by_slug = {school.slug: school for school in schools}
        assert db.session.get(BookableSession, fixed).allocations(schools) == {
            by_slug[slug].id: 8 for slug in PRIMARIES}
        shares = db.session.get(BookableSession, roll).allocations(schools)
        assert sum(shares.values()) == 60
        assert shares[by_slug["park"].id] == 18 and shares[by_slug["holt"].id] == 7  # rolls 318 and 124


# -- requesting -----------------------------------------------------------------------------------------------

def test_places_within_the_allocation_are_confirmed_and_the_rest_wait(app, demo, signed_in, new_session, no_csrf):
    session_id = new_session(rule=AllocationRule.FIXED, fixed=5, capacity=12)
    holt, park, all_saints = signed_in("staff.holt"), signed_in("staff.park"), signed_in("staff.all-saints")
    assert ask(holt, session_id, 8).status_code == 303
    assert ask(park, session_id, 7).status_code == 303
    assert ask(all_saints, session_id, 4).status_code == 303
    # Holt and Park stop at their 5; All Saints fits its 4 within 5 but only 2 places are left
    assert requests_of(app, session_id) == [("holt", 8, 5, 3), ("park", 7, 5, 2), ("all-saints", 4, 2, 2)]


def test_the_waiting_list_moves_up_in_arrival_order_when_places_are_given_back(app, demo, signed_in, new_session,
                                                                               no_csrf):
    session_id = new_session(capacity=10)
    ask(signed_in("staff.park"), session_id, 10)
    ask(signed_in("staff.holt"), session_id, 3)
    ask(signed_in("staff.st-peters"), session_id, 2)
    ask(signed_in("staff.the-rofft"), session_id, 2)
    assert [row[2:] for row in requests_of(app, session_id)] == [(10, 0), (0, 3), (0, 2), (0, 2)]
    park_request = last_request_id(app, session_id, "park")
    response = give_back(signed_in("staff.park"), park_request, keep=6)
    assert response.status_code == 303
    # four places free: Holt (first to wait) gets its 3, St Peter's 1, The Rofft still waits
    assert requests_of(app, session_id) == [("park", 6, 6, 0), ("holt", 3, 3, 0), ("st-peters", 2, 1, 1),
                                            ("the-rofft", 2, 0, 2)]
    give_back(signed_in("staff.park"), park_request, cancel=True)
    assert requests_of(app, session_id) == [("park", 0, 0, 0), ("holt", 3, 3, 0), ("st-peters", 2, 2, 0),
                                            ("the-rofft", 2, 2, 0)]
    with app.app_context():
        assert db.session.get(PlaceRequest, park_request).cancelled_at is not None


def test_giving_back_takes_waiting_places_first(app, demo, signed_in, new_session, no_csrf):
    session_id = new_session(capacity=5)
    ask(signed_in("staff.park"), session_id, 2)
    ask(signed_in("staff.holt"), session_id, 5)
    ask(signed_in("staff.st-peters"), session_id, 1)
    give_back(signed_in("staff.holt"), last_request_id(app, session_id, "holt"), keep=4)
    # one of Holt's waiting places goes, not a confirmed one, so St Peter's does not move up
    assert requests_of(app, session_id) == [("park", 2, 2, 0), ("holt", 4, 3, 1), ("st-peters", 1, 0, 1)]


def test_promotion_respects_allocations_until_a_leader_releases_them_after_the_deadline(app, demo, signed_in,
                                                                                        new_session, no_csrf):
    session_id = new_session(rule=AllocationRule.FIXED, fixed=5, capacity=12, days_to_deadline=5)
    ask(signed_in("staff.holt"), session_id, 8)
    ask(signed_in("staff.park"), session_id, 7)
    ask(signed_in("staff.all-saints"), session_id, 2)
    give_back(signed_in("staff.all-saints"), last_request_id(app, session_id, "all-saints"), cancel=True)
    # two places are free, but Holt and Park are at their allocation: nobody moves up yet
    assert requests_of(app, session_id)[:2] == [("holt", 8, 5, 3), ("park", 7, 5, 2)]

    leader = signed_in("head.park")
    assert leader.post(f"/places/sessions/{session_id}/release").status_code == 303  # told it is too early
    with app.app_context():
        assert db.session.get(BookableSession, session_id).released_at is None
    assert signed_in("staff.holt").post(f"/places/sessions/{session_id}/release").status_code == 403

    app.config["TODAY"] = TODAY + timedelta(days=6)  # the deadline has passed
    assert ask(signed_in("staff.st-peters"), session_id, 1).status_code == 422  # requests are closed
    assert leader.post(f"/places/sessions/{session_id}/release").status_code == 303
    assert requests_of(app, session_id)[:2] == [("holt", 8, 7, 1), ("park", 7, 5, 2)]  # Holt came first
    with app.app_context():
        assert db.session.get(BookableSession, session_id).released_at is not None
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "bookable_sessions",
                                                           AuditEvent.action == "released"))
        assert event.entity_id == session_id and event.actor_id == demo.user("head.park").id
    # released once only
    assert leader.post(f"/places/sessions/{session_id}/release", headers={"HX-Request": "true"}).status_code == 409


def test_the_promoted_schools_requester_is_told_in_their_own_language(app, demo, signed_in, new_session, no_csrf):
    set_locale(app, "staff.holt", demo, "cy")
    set_locale(app, "staff.st-peters", demo, "en")
    session_id = new_session(capacity=5)
    ask(signed_in("staff.park"), session_id, 5)
    ask(signed_in("staff.holt"), session_id, 2)
    ask(signed_in("staff.st-peters"), session_id, 1)
    with app.app_context():
        db.session.execute(OutboxMessage.__table__.delete())
        db.session.commit()
    give_back(signed_in("staff.park"), last_request_id(app, session_id, "park"), keep=2)
    with app.app_context():
        messages = {message.recipient: message for message in db.session.scalars(select(OutboxMessage))}
        holt = messages[demo.user("staff.holt").email]
        st_peters = messages[demo.user("staff.st-peters").email]
        park = messages[demo.user("staff.park").email]
    assert holt.language == "cy" and "Ysgol Gynradd Gymunedol Holt" in holt.body  # the school's Welsh name
    assert "Diwrnod Sgiliau" in holt.subject
    assert st_peters.language == "en" and "St Peter's School" in st_peters.body
    assert "1 place from the waiting list is now confirmed" in st_peters.body
    assert park.language == "cy" and "Ysgol Gynradd Gymunedol Park" in park.body  # the cluster's default


def test_a_request_queues_a_confirmation_or_a_waiting_list_message(app, demo, signed_in, new_session, no_csrf):
    set_locale(app, "staff.park", demo, "en")
    session_id = new_session(capacity=3)
    ask(signed_in("staff.park"), session_id, 2)
    ask(signed_in("staff.park"), session_id, 2)
    with app.app_context():
        subjects = db.session.scalars(select(OutboxMessage.subject).order_by(OutboxMessage.id)).all()
        bodies = db.session.scalars(select(OutboxMessage.body).order_by(OutboxMessage.id)).all()
    assert subjects == ["Places confirmed: Skills Day – Years 5 and 6",
                        "On the waiting list: Skills Day – Years 5 and 6"]
    assert "1 place is confirmed." in bodies[1] and "1 place is on the waiting list." in bodies[1]


# -- bad input ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("places", ["0", "-3", "abc", "", "2.5", "31", "99999999999999999999"])
@pytest.mark.parametrize(("language", "message"), [("cy", "Rhowch rif cyfan o 1 i 30"),
                                                   ("en", "Enter a whole number from 1 to 30")])
def test_bad_numbers_get_a_clear_message_in_the_readers_language(app, demo, new_session, no_csrf, places,
                                                                 language, message):
    session_id = new_session(capacity=30)
    client = sign_in_client(app.test_client(), demo.user("staff.holt"))
    client.set_cookie("lang", language)
    response = ask(client, session_id, places)
    assert response.status_code == 422
    assert message in response.text
    assert f'<html lang="{language}">' in response.text
    assert requests_of(app, session_id) == []


def test_full_names_of_pupils_are_refused_and_initials_kept(app, demo, signed_in, new_session, no_csrf):
    session_id = new_session(capacity=30)
    holt = signed_in("staff.holt")
    refused = ask(holt, session_id, 3, pupil_names="Cerys M.\nOsian Parry")
    assert refused.status_code == 422
    assert "Llinell 2: rhowch enw cyntaf a llythyren gyntaf y cyfenw yn unig" in refused.text
    too_many = ask(holt, session_id, 1, pupil_names="Cerys M.\nOsian P.")
    assert too_many.status_code == 422 and "Mae mwy o ddisgyblion ar y rhestr nag o leoedd" in too_many.text
    assert requests_of(app, session_id) == []
    assert ask(holt, session_id, 3, pupil_names="cerys m\n  Siân-Elin  r.  \nMa'ali T.").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(PlaceRequest.pupil_names).where(PlaceRequest.session_id == session_id)) \
            == "cerys M.\nSiân-Elin R.\nMa'ali T."


def test_giving_back_more_than_the_request_has_is_refused(app, demo, signed_in, new_session, no_csrf):
    session_id = new_session(capacity=30)
    holt = signed_in("staff.holt")
    holt.set_cookie("lang", "en")
    ask(holt, session_id, 4)
    request_id = last_request_id(app, session_id)
    for keep in ("4", "9", "-1", "lots"):
        response = give_back(holt, request_id, keep=keep)
        assert response.status_code == 422
        assert "Enter a whole number from 0 to 3" in response.text
    assert requests_of(app, session_id) == [("holt", 4, 4, 0)]


# -- who may touch what ------------------------------------------------------------------------------------------

def test_staff_cannot_change_another_schools_request_or_book_for_it(app, demo, signed_in, new_session, no_csrf):
    session_id = new_session(capacity=30)
    ask(signed_in("staff.holt"), session_id, 4)
    holt_request = last_request_id(app, session_id)
    park_staff = signed_in("staff.park")
    assert give_back(park_staff, holt_request, cancel=True).status_code == 403
    assert signed_in("head.park").post(f"/places/requests/{holt_request}/change",
                                       data={f"r{holt_request}-cancel": "1"}).status_code == 403
    # a school id slipped into the form does not make Park's staff book for Holt
    assert ask(park_staff, session_id, 2, school_id=demo.school("holt").id).status_code == 422
    assert requests_of(app, session_id) == [("holt", 4, 4, 0)]
    # the cluster admin may book for any school taking part, and give back any school's places
    admin = signed_in("admin")
    assert ask(admin, session_id, 2, school_id=demo.school("park").id).status_code == 303
    assert ask(admin, session_id, 2, school_id=demo.school("darland-high").id).status_code == 422
    assert give_back(admin, holt_request, keep=1).status_code == 303
    assert requests_of(app, session_id) == [("holt", 1, 1, 0), ("park", 2, 2, 0)]


def test_the_high_school_cannot_book_pupils_places_on_a_primary_event(app, demo, signed_in, new_session, no_csrf):
    session_id = new_session(capacity=30)
    assert ask(signed_in("staff.darland-high"), session_id, 2).status_code == 403
    assert requests_of(app, session_id) == []


def test_another_clusters_staff_cannot_see_or_book_the_session(app, make, demo, new_session, no_csrf):
    session_id = new_session(capacity=30)
    other = make.cluster()
    school = make.school(other.id)
    outsider = sign_in_client(app.test_client(), make.user(Role.STAFF, cluster_id=other.id, school_id=school.id))
    assert outsider.get(f"/places/sessions/{session_id}").status_code == 404
    assert ask(outsider, session_id, 1).status_code == 404
    assert requests_of(app, session_id) == []


def test_only_leaders_admins_and_the_organiser_set_sessions_up(app, demo, signed_in, no_csrf):
    activity_id = demo.activity(SKILLS_DAY).id
    assert signed_in("staff.holt").get(f"/places/activities/{activity_id}/sessions/new").status_code == 403
    with app.app_context():
        db.session.get(Activity, activity_id).created_by_id = demo.user("staff.holt").id
        db.session.commit()
    assert signed_in("staff.holt").get(f"/places/activities/{activity_id}/sessions/new").status_code == 200
    assert signed_in("staff.park").get(f"/places/activities/{activity_id}/sessions/new").status_code == 403


# -- setting a session up -------------------------------------------------------------------------------------------

def _session_form(**values):
    form = {"held_on": "09/10/2025", "starts_at": "09:15", "ends_at": "14:45", "location_en": "Main hall",
            "location_cy": "Prif neuadd", "capacity": "40", "unit": "pupils", "allocation_rule": "equal",
            "fixed_places": "", "book_by": "26/09/2025"}
    form.update(values)
    return form


def test_a_leader_adds_a_session_to_an_activity_and_the_audit_log_records_it(app, demo, signed_in, no_csrf):
    activity_id = demo.activity(SKILLS_DAY).id
    response = signed_in("head.holt").post(f"/places/activities/{activity_id}/sessions/new", data=_session_form())
    assert response.status_code == 303
    with app.app_context():
        session = db.session.scalar(select(BookableSession).where(BookableSession.location_en == "Main hall"))
        assert (session.held_on, session.capacity, session.allocation_rule) == (date(2025, 10, 9), 40,
                                                                                AllocationRule.EQUAL)
        assert response.headers["Location"] == f"/places/sessions/{session.id}"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.entity_type == "bookable_sessions"))
        assert (event.action, event.entity_id) == ("created", session.id)


@pytest.mark.parametrize(("change", "message"), [
    ({"held_on": "01/01/2026"}, "Choose a day from 09/10/2025 to 09/10/2025"),
    ({"book_by": "10/10/2025"}, "The deadline cannot be after the session"),
    ({"capacity": "0"}, "Enter a whole number from 1 to 2000"),
    ({"ends_at": "08:00"}, "It cannot end before it starts"),
    ({"allocation_rule": "fixed"}, "Enter the number of places for each school"),
    ({"held_on": "31/02/2025"}, "Enter a real date"),
])
def test_a_session_with_mistakes_is_refused_with_the_reason(app, demo, signed_in, no_csrf, change, message):
    client = signed_in("admin")
    client.set_cookie("lang", "en")
    response = client.post(f"/places/activities/{demo.activity(SKILLS_DAY).id}/sessions/new",
                           data=_session_form(**change))
    assert response.status_code == 422
    assert message in response.text
    with app.app_context():
        assert db.session.scalar(select(func.count(BookableSession.id)).where(
            BookableSession.location_en == "Main hall")) == 0


def test_the_capacity_cannot_drop_below_the_confirmed_places_and_more_room_promotes(app, demo, signed_in,
                                                                                    new_session, no_csrf):
    session_id = new_session(capacity=5, days_to_session=20)
    ask(signed_in("staff.park"), session_id, 5)
    ask(signed_in("staff.holt"), session_id, 3)
    held_on = (TODAY + timedelta(days=20)).strftime("%d/%m/%Y")
    admin = signed_in("admin")
    admin.set_cookie("lang", "en")
    form = _session_form(held_on=held_on, book_by=held_on, allocation_rule="none", capacity="4")
    with app.app_context():
        activity = db.session.get(Activity, demo.activity(SKILLS_DAY).id)
        activity.starts_on = activity.starts_at = activity.ends_at = None  # any day will do
        db.session.commit()
    refused = admin.post(f"/places/sessions/{session_id}/edit", data=form)
    assert refused.status_code == 422 and "5 places are already confirmed" in refused.text
    assert admin.post(f"/places/sessions/{session_id}/edit", data={**form, "capacity": "7"}).status_code == 303
    assert requests_of(app, session_id) == [("park", 5, 5, 0), ("holt", 3, 2, 1)]


# -- attendance -----------------------------------------------------------------------------------------------------

def test_attendance_is_recorded_after_the_session_and_summed_for_the_leaders(app, demo, signed_in, new_session,
                                                                          no_csrf):
    session_id = new_session(capacity=20, days_to_session=3, days_to_deadline=1)
    ask(signed_in("staff.park"), session_id, 8)
    ask(signed_in("staff.holt"), session_id, 5)
    ask(signed_in("staff.holt"), session_id, 1)
    park, holt = demo.school("park").id, demo.school("holt").id
    leader = signed_in("head.holt")
    too_early = leader.post(f"/places/sessions/{session_id}/attendance",
                            data={f"school_{park}": "7", f"school_{holt}": "6"})
    assert too_early.status_code == 422
    app.config["TODAY"] = TODAY + timedelta(days=3)
    page = leader.get(f"/places/sessions/{session_id}/attendance")
    assert page.status_code == 200 and f'name="school_{holt}"' in page.text
    assert leader.post(f"/places/sessions/{session_id}/attendance",
                       data={f"school_{park}": "9", f"school_{holt}": "6"}).status_code == 422  # Park had 8
    assert leader.post(f"/places/sessions/{session_id}/attendance",
                       data={f"school_{park}": "7", f"school_{holt}": "6"}).status_code == 303
    assert signed_in("staff.holt").get(f"/places/sessions/{session_id}/attendance").status_code == 403
    with app.app_context():
        used = dict(db.session.execute(select(PlaceAttendance.school_id, PlaceAttendance.places_used)
                                       .where(PlaceAttendance.session_id == session_id)).all())
        assert used == {park: 7, holt: 6}
        day = TODAY + timedelta(days=3)
        summary = _places_summed(demo.cluster.id, day, day)
        assert summary == {park: (8, 7), holt: (6, 6)}
        assert _places_summed(demo.cluster.id, day + timedelta(days=1), day + timedelta(days=30)) == {}
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity_id == session_id,
                                                                 AuditEvent.entity_type == "bookable_sessions")) \
            == "attendance_recorded"
    # recording again corrects the figures rather than adding to them
    leader.post(f"/places/sessions/{session_id}/attendance", data={f"school_{park}": "8", f"school_{holt}": "6"})
    with app.app_context():
        assert _places_summed(demo.cluster.id, day, day) == {park: (8, 8), holt: (6, 6)}


def test_the_demo_has_a_full_session_with_a_waiting_list_and_one_with_attendance(app, demo):
    with app.app_context():
        sessions = db.session.scalars(select(BookableSession)).all()
        assert any(session.places_left == 0 and session.waiting_total > 0 for session in sessions)
        assert any(session.attendance for session in sessions)
        for session in sessions:
            assert session.confirmed_total <= session.capacity
        skills_day = demo.activity(SKILLS_DAY)
        summary = _places_summed(demo.cluster.id, skills_day.starts_on, skills_day.starts_on)
        assert summary[demo.school("park").id] == (18, 17)
        assert demo.school("darland-high").id not in summary


def test_registers_are_blanked_a_month_after_the_session(app, demo, signed_in, new_session, no_csrf):
    session_id = new_session(capacity=30)
    ask(signed_in("staff.holt"), session_id, 2, pupil_names="Cerys M.")
    with app.app_context():
        db.session.get(BookableSession, session_id).held_on = TODAY - timedelta(days=40)
        db.session.get(BookableSession, session_id).book_by = TODAY - timedelta(days=50)
        db.session.commit()
        report = delete_old_registers()
        assert "cleared the pupils' names of" in report
        assert db.session.scalar(select(PlaceRequest.pupil_names).where(PlaceRequest.session_id == session_id)) == ""


# -- pages, htmx and no JavaScript ----------------------------------------------------------------------------------

def test_the_activity_page_shows_the_places_panel_to_staff_only(app, demo, signed_in, new_session):
    session_id = new_session(capacity=30)
    url = f"/calendar/darland/activities/{demo.activity(SKILLS_DAY).id}"
    page = signed_in("staff.holt").get(url).text
    assert 'id="places"' in page and f'id="place-box-{session_id}"' in page
    panel = page.split('id="places"')[1]
    assert f'name="s{session_id}-places"' in panel and f'name="s{session_id}-csrf_token"' in panel
    assert f'hx-post="/places/sessions/{session_id}/requests"' in page
    assert f'hx-target="#place-box-{session_id}"' in page
    assert 'id="places"' not in app.test_client().get(url).text  # families see no booking panel
    assert 'id="places"' not in signed_in("governor").get(url).text


def test_the_request_form_without_javascript_redirects_and_flashes(app, demo, signed_in, new_session, no_csrf):
    session_id = new_session(capacity=30)
    holt = signed_in("staff.holt")
    holt.set_cookie("lang", "en")
    response = ask(holt, session_id, 3, return_to="activity")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/activities/{demo.activity(SKILLS_DAY).id}#places")
    assert "3 places are confirmed." in holt.get(response.headers["Location"]).text
    response = ask(holt, session_id, 2)
    assert response.headers["Location"] == f"/places/sessions/{session_id}"
    page = holt.get(response.headers["Location"]).text
    assert "2 places are confirmed." in page and "Holt CP School" in page


def test_the_request_form_with_htmx_swaps_its_box_and_shows_mistakes_in_place(app, demo, signed_in, new_session,
                                                                              no_csrf):
    session_id = new_session(capacity=30)
    holt = signed_in("staff.holt", htmx=True)
    holt.set_cookie("lang", "en")
    done = ask(holt, session_id, 3, return_to="activity")
    assert done.status_code == 200
    assert done.text.lstrip().startswith(f'<div id="place-box-{session_id}"') and "<html" not in done.text
    assert "3 places are confirmed." in done.text and "Holt CP School" in done.text
    wrong = ask(holt, session_id, "lots", return_to="activity")
    assert wrong.status_code == 422
    assert 'class="error-summary"' in wrong.text and "Enter a whole number from 1 to 30" in wrong.text
    assert 'aria-invalid="true"' in wrong.text
    # from the session page the whole body is swapped, so the schools' table is up to date
    body = ask(holt, session_id, 1)
    assert body.status_code == 200 and body.text.lstrip().startswith('<div id="session-body"')
    assert re.search(r"Holt CP School</th>\s*<td class=\"numeric\" data-label=\"Confirmed\">4</td>", body.text)


def test_my_schools_places_lists_the_requests_and_the_sessions(app, demo, signed_in, new_session, no_csrf):
    session_id = new_session(capacity=30)
    ask(signed_in("staff.holt"), session_id, 3)
    client = signed_in("staff.holt")
    client.set_cookie("lang", "en")
    page = client.get("/places/").text
    assert f'href="/places/sessions/{session_id}"' in page
    assert "Holt CP School's requests" in page and "3 confirmed" in page


def test_my_schools_requests_list_what_is_coming_soonest_first_then_what_has_taken_place(
        app, demo, signed_in, new_session, no_csrf):
    later, sooner = new_session(days_to_session=40), new_session(days_to_session=20)
    past = new_session(days_to_session=-30, days_to_deadline=-40)
    holt = signed_in("staff.holt")
    for session_id in (later, sooner):
        ask(holt, session_id, 1)
    with app.app_context():  # the deadline of a past session has gone: the request went in long ago
        db.session.add(PlaceRequest(session_id=past, school_id=demo.school("holt").id, places=1, confirmed=1,
                                    places_asked=1))
        db.session.commit()
    holt.set_cookie("lang", "en")
    page = holt.get("/places/").text
    mine = page.split("Holt CP School's requests")[1].split("Sessions with places")[0]
    ours = {str(sooner), str(later), str(past)}  # the demo's own requests are listed too
    listed = [found for found in re.findall(r'href="/places/sessions/(\d+)"', mine) if found in ours]
    assert listed == [str(sooner), str(later), str(past)]
    taken_place = [item for item in mine.split('<li class="booking">') if "Taken place" in item]
    assert any(f'href="/places/sessions/{past}"' in item for item in taken_place)
    assert not any(f'href="/places/sessions/{later}"' in item for item in taken_place)


def test_leaders_see_the_waiting_list_and_registers_staff_see_only_their_own(app, demo, signed_in, new_session,
                                                                            no_csrf):
    session_id = new_session(capacity=2)
    ask(signed_in("staff.park"), session_id, 2, pupil_names="Gethin M.\nOsian P.")
    ask(signed_in("staff.holt"), session_id, 1, pupil_names="Lili J.")
    leader = signed_in("head.st-peters")
    leader.set_cookie("lang", "en")
    page = leader.get(f"/places/sessions/{session_id}").text
    assert "Waiting list" in page and "Gethin M., Osian P." in page and "Lili J." in page
    holt = signed_in("staff.holt")
    holt.set_cookie("lang", "en")
    own = holt.get(f"/places/sessions/{session_id}").text
    assert "Lili J." in own and "Gethin M." not in own and "Waiting list" not in own
