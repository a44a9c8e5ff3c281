"""The baseline: a bare Flask "hello", served by the same gunicorn settings as the app."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def hello() -> str:
    """The least a Flask view can do."""
    return "Hello, World!"
