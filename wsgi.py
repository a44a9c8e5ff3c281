"""The WSGI entry point: `gunicorn wsgi:app`; also the app of the `flask` command (FLASK_APP=wsgi)."""

import click

from app import create_app

# `flask db` exists only under the flask command (a click context); a web server's workers
# leave Flask-Migrate and Alembic out
app = create_app(MIGRATIONS=click.get_current_context(silent=True) is not None)
