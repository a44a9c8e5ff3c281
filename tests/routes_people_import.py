"""Who may use the pages that bring people and schools in from a file (see tests/routes.py)."""

#: endpoint → ANYONE or the set of roles
ACCESS = {
    "admin.import_people": {"admin", "leader"},
    "admin.import_schools": {"admin"},
    # a preview is its uploader's alone: the sample token is nobody's, so those allowed get a 404
    "admin.import_preview": {"admin", "leader"},
    "admin.confirm_import": {"admin", "leader"},
    "admin.export_people": {"admin", "leader"},
}
#: endpoints that answer htmx with a piece of a page only
FRAGMENTS: set[str] = set()

#: URL argument name → how to fill it from the demo (names must not clash with other parts)
SAMPLES = {
    "import_token": lambda demo: "a-file-nobody-uploaded",
}
