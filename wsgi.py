"""The WSGI entry point: `gunicorn wsgi:app`; also the app of the `flask` command (FLASK_APP=wsgi)."""

import gc

import click

from app import create_app

# `flask db` exists only under the flask command (a click context); a web server's workers
# leave Flask-Migrate and Alembic out
app = create_app(MIGRATIONS=click.get_current_context(silent=True) is not None)
# What a worker built to start (modules, mappers, routes, templates: about 130,000 objects) lives as long
# as it does: set it aside from the cyclic garbage collector, which would otherwise walk all of it in every
# full collection: a pause of about a tenth of a second (113 ms here) in the middle of a request
gc.freeze()
