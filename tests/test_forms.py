"""The fields every module's forms share."""

import pytest

from app.forms import whole_number


@pytest.mark.parametrize("typed, number", [
    ("12", 12), (" 1,250 ", 1250), ("-3", -3), ("+7", 7), ("999999999", 999999999), ("1 000", 1000),
    ("", None), ("twelve", None), ("1.5", None), ("1e3", None), ("1234567890", None), ("--1", None),
    ("١٢", None),  # digits of another script: int() takes them, people here do not mean them
])
def test_one_rule_reads_a_whole_number_in_forms_and_survey_answers(typed, number):
    assert whole_number(typed) == number
