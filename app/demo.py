"""The demo data of every module, loaded in the order each depends on the last."""


def load_all(password: str) -> None:
    """Load the Darland cluster demo: schools and people, then each module's data."""
    from app.bookings.meetings import demo as meetings_demo
    from app.bookings.places import demo as places_demo
    from app.bookings.resources import demo as resources_demo
    from app.calendar import demo as calendar_demo
    from app.clusters import demo as clusters_demo
    from app.competitions import demo as competitions_demo
    from app.summaries import demo as summaries_demo
    from app.surveys import demo as surveys_demo

    for loader in (clusters_demo.load, calendar_demo.load, surveys_demo.load, resources_demo.load,
                   places_demo.load, meetings_demo.load, competitions_demo.load, summaries_demo.load):
        loader(password)
