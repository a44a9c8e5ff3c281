"""Welsh as a Welsh teacher writes it (issue #16): the catalogue's spelling and mutation check, the
day after "ar", "ti" to pupils and "chi" to families, and an audit log with no raw codes."""

import ast
import re
from datetime import date
from pathlib import Path

import pytest
from flask_babel import force_locale

from app.audit.labels import ACTION_LABELS, FIELD_LABELS, value_label
from app.catalogue import problems
from app.surveys.services import change_state
from app.welsh import grammar_problems, number_problems, on_day, spelling_problems
from tests.test_meetings import text_of

APP = Path(__file__).resolve().parent.parent / "app"


def test_the_welsh_catalogue_keeps_the_mutation_rules_and_is_spelt_right():
    assert problems() == []


@pytest.mark.parametrize(("text", "found"), [
    ("Bydd eich cyfarfod ar dydd Mercher", "soft mutation after “ar” (ddydd)"),
    ("Ewch i tudalen arall", "soft mutation after “i” (dudalen)"),
    ("Llythyr o pennaeth yr ysgol", "soft mutation after “o” (bennaeth)"),
    ("Gwiriwch dy cyfrinair", "soft mutation after “dy” (gyfrinair)"),
    ("Mae ei tad yma", "after “ei” the word mutates"),
    ("Mae eich cyfarfod gyda Ysgol Holt", "“gydag” before a vowel"),
    ("Diolch gyda plant", "aspirate mutation after “gyda” (phlant)"),
    ("Cyfarfod gydag pennaeth", "“gyda” before a consonant"),
    ("Mae eich cyfarfod gyda %(school)s wedi'i drefnu.", "the value decides gyda/gydag"),
    ("Gwiriwch fy taith", "nasal mutation after “fy” (nhaith)"),
])
def test_the_check_finds_each_kind_of_mutation_mistake(text, found):
    assert any(found in problem for problem in grammar_problems(text)), grammar_problems(text)


@pytest.mark.parametrize("text", [
    "Bydd eich cyfarfod ar ddydd Mercher", "Mae'r amser ar gael i deulu arall", "Dewiswch o blith yr atebion",
    "Mae eich cyfarfod gydag Ysgol Holt", "Diolch i chi", "dros dro", "ei gadw", "ei phen", "gyda phlant",
    "fy nghyfrinair", "Gwiriwch y cyfeiriad, neu dechreuwch eto",
])
def test_correct_welsh_passes(text):
    assert grammar_problems(text) == []


def test_two_takes_the_soft_mutation_in_a_count():
    forms = ["%(num)d lle", "%(num)d lle", "%(num)d lle", "%(num)d lle", "%(num)d lle", "%(num)d lle"]
    assert number_problems(forms) == ["“%(num)d lle” for two: soft mutation after two (le)"]
    assert number_problems([*forms[:2], "%(num)d le", *forms[3:]]) == []


def test_english_left_in_a_welsh_string_is_not_in_the_welsh_dictionary():
    assert spelling_problems("Er enghraifft: Head of Year 7") == [
        "“Head”: not in the Welsh dictionary", "“Year”: not in the Welsh dictionary"]
    assert spelling_problems("Mae'r cynnig wedi'i anfon, gyda'i lun: %(title)s.") == []
    assert spelling_problems("Lawrlwytho'r cynigion (CSV)") == []  # an allowed acronym


def test_a_day_after_ar_is_mutated_in_welsh_and_plain_in_english(app):
    wednesday = date(2025, 12, 17)
    with app.test_request_context():
        with force_locale("cy"):
            assert on_day(wednesday) == "ddydd Mercher 17 Rhagfyr 2025"
        with force_locale("en"):
            assert on_day(wednesday) == "Wednesday 17 December 2025"


@pytest.fixture
def pupil_survey(app, make, demo):
    app.config["WTF_CSRF_ENABLED"] = False
    return make.survey(demo.cluster.id, [{"kind": "single", "choices": ["A", "B"], "other": True,
                                          "required": True}], audience="pupils")


def test_a_pupil_survey_says_ti_and_a_family_survey_says_chi(app, client, make, demo, pupil_survey):
    client.set_cookie("lang", "cy")
    start = text_of(client.get(f"/s/{pupil_survey.links[0].token}"))
    assert "dydyn ni ddim yn gofyn dy enw" in start and "eich enw" not in start
    first = client.post(f"/s/{pupil_survey.links[0].token}").headers["Location"]
    refused = text_of(client.post(first, data={"go": "next"}))
    assert "Ateba “Cwestiwn 1”" in refused and "Arall, noda" in refused and "Atebwch" not in refused

    families = make.survey(demo.cluster.id, [{"kind": "single", "choices": ["A"], "required": True}])
    family_client = app.test_client()
    family_client.set_cookie("lang", "cy")
    start = text_of(family_client.get(f"/s/{families.links[0].token}"))
    assert "dydyn ni ddim yn gofyn eich enw" in start and " dy " not in start
    first = family_client.post(f"/s/{families.links[0].token}").headers["Location"]
    assert "Atebwch “Cwestiwn 1”" in text_of(family_client.post(first, data={"go": "next"}))


def _audit_codes() -> tuple[set[str], set[str]]:
    """Every action and field the code passes to the audit log as a literal."""
    actions, fields = set(), set()
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and any(isinstance(target, ast.Name) and target.id.endswith("_FIELDS")
                                                    and target.id != "SECRET_FIELDS" for target in node.targets):
                fields |= {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant)}
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "pending_changes":
                fields |= {c.value for c in ast.walk(node.args[1]) if isinstance(c, ast.Constant)}
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "record_event":
                actions |= {c.value for c in ast.walk(node.args[1]) if isinstance(c, ast.Constant)}
                if len(node.args) > 5 and isinstance(node.args[5], ast.Dict):
                    fields |= {key.value for key in node.args[5].keys if isinstance(key, ast.Constant)}
    narrative = {f"{name}_{language}" for name in ("achievements", "challenges", "plans") for language in ("en", "cy")}
    return actions, (fields - {"achievements", "challenges", "plans"}) | narrative


def test_every_action_and_field_the_audit_log_records_has_a_label():
    actions, fields = _audit_codes()
    assert actions - set(ACTION_LABELS) == set()
    assert fields - set(FIELD_LABELS) == set()


def test_the_audit_log_in_welsh_shows_words_not_codes(app, demo, make, signed_in):
    survey = make.survey(demo.cluster.id, [{"kind": "yes_no"}], state="draft")
    with app.app_context():
        from app.auth.models import User
        from app.extensions import db
        from app.surveys.models import Survey
        change_state(db.session.get(User, demo.user("admin").id), db.session.get(Survey, survey.id), "publish")
    admin = signed_in("admin")
    admin.set_cookie("lang", "cy")
    page = text_of(admin.get("/admin/audit"))
    assert "Wedi'i gyhoeddi: Arolwg – Test survey" in page
    assert re.search(r"Cyflwr\s*: Drafft → Wedi'i gyhoeddi", page)
    assert re.search(r"Wedi'i greu o'r templed\s*: – → Adborth teuluoedd ar ddigwyddiad clwstwr", page)
    assert not re.search(r"\b(publish|draft|published|surveys|family_event)\b", page)


def test_a_logged_value_is_shown_by_its_label(app):
    with app.test_request_context(), force_locale("en"):
        assert value_label("surveys", "state", "draft") == "Draft"
        assert value_label("surveys", "anonymous", True) == "Yes"
        assert value_label("surveys", "title_en", None) == "–"
        assert value_label("surveys", "state", "no-such-state") == "no-such-state"


def test_the_awkward_phrases_a_welsh_teacher_found_are_rewritten():
    from babel.messages.pofile import read_po

    from app.catalogue import WELSH_PO

    with open(WELSH_PO, "rb") as po:
        welsh = " ".join(" ".join(m.string) if isinstance(m.string, tuple) else m.string for m in read_po(po) if m.id)
    for awkward in ("Dyddiad cystadlu", "Ni all y cystadlu gau cyn iddo agor", "a'r teulu sydd wedi'i archebu",
                    "Pwy sydd ag ef pryd", "Na, ei gadw", "Parent/carer transition meetings", "gyda %(school)s"):
        assert awkward not in welsh
