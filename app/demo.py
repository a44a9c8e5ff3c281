"""The demo: the Darland cluster's policy and its 2025/26 calendar (the seed), made to live in the
academic year of today, with the year before it as history, whatever today is.

The seed's dates move on (or back) by whole weeks, so weekdays and half-term boundaries keep their
shape, as the calendar's own "copy to next year" does. The demo's current year is the one whose
summer term has not ended yet on the day it is built; the year before is its history, with figures
to compare. Each module then places its data relative to that day: surveys open now with answers
so far, bookings in the coming weeks, a competition open for entries, one being judged and one
published, the leaders' meetings of the half terms just gone. The same day makes the same demo:
its randomness is seeded with the day.
"""

from datetime import date

from app.calendar.demo_dates import DemoDates


def not_demo_data() -> list[str]:
    """What in the database is not demo data: people or authorities that neither this demo nor
    `flask demo large` made."""
    from sqlalchemy import and_, func, select

    from app import demo_large
    from app.auth import demo as auth_demo
    from app.auth.models import User
    from app.clusters import demo as clusters_demo
    from app.clusters.models import Authority
    from app.extensions import db

    domains = (*auth_demo.DEMO_DOMAINS, demo_large.EMAIL_DOMAIN)
    found = []
    people = db.session.scalar(select(func.count(User.id)).where(
        and_(*(User.email.not_like(f"%{domain}") for domain in domains))))
    if people:
        found.append(f"{people} people who are not demo accounts")
    authorities = db.session.scalars(select(Authority.slug).where(
        Authority.slug.not_in((clusters_demo.AUTHORITY_SLUG, demo_large.AUTHORITY_SLUG)))).all()
    if authorities:
        found.append("authorities " + ", ".join(authorities))
    return found


def delete_everything() -> None:
    """Delete every row of every table, and the photos and files they kept: a demo about to be rebuilt."""
    from sqlalchemy import select

    from app.competitions import photos
    from app.competitions.models import Entry
    from app.extensions import db
    from app.practice import attachments
    from app.practice.models import PracticeAttachment

    for name in db.session.scalars(select(Entry.photo_name).where(Entry.photo_name.is_not(None))):
        photos.delete(name)
    for name in db.session.scalars(select(PracticeAttachment.stored_name)):
        attachments.delete_file(name)
    db.session.commit()
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


def load_all(password: str, today: date) -> None:
    """Load the Darland cluster demo for `today`: schools and people, then each module's data."""
    from app.auth import demo as auth_demo
    from app.bookings.meetings import demo as meetings_demo
    from app.bookings.places import demo as places_demo
    from app.bookings.resources import demo as resources_demo
    from app.calendar import demo as calendar_demo
    from app.clusters import demo as clusters_demo
    from app.competitions import demo as competitions_demo
    from app.funds import demo as funds_demo
    from app.learning import demo as learning_demo
    from app.networks import demo as networks_demo
    from app.practice import demo as practice_demo
    from app.summaries import demo as summaries_demo
    from app.surveys import demo as surveys_demo

    dates = DemoDates.on(today)
    clusters_demo.load()
    auth_demo.load(password)
    # professional learning's named surveys first: the surveys' own demo then makes each audience's survey of now
    for loader in (calendar_demo.load, learning_demo.load, surveys_demo.load, resources_demo.load, places_demo.load,
                   meetings_demo.load, competitions_demo.load, summaries_demo.load, practice_demo.load,
                   networks_demo.load, funds_demo.load):
        loader(dates)
