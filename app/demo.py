"""The demo data of every module, loaded in the order each depends on the last."""


def load_all(password: str) -> None:
    """Load the Darland cluster demo: schools and people, then each module's data."""
    from app.calendar import demo as calendar_demo
    from app.clusters import demo as clusters_demo
    from app.surveys import demo as surveys_demo

    for loader in (clusters_demo.load, calendar_demo.load, surveys_demo.load):
        loader(password)
