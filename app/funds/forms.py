"""The forms of staff time and funds: a fund with how it is shared (one amount per school when fixed), and a
spending entry. Money and days are read strictly (app/funds/amounts.py), with what to type at the field."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, ValidationError

from app.forms import DayField, MaxLength, OneLanguageRequired, optional_int, strip_whitespace
from app.funds.amounts import AmountError, days_input, money_input, parse_days, parse_money
from app.funds.models import Allocation, Category


class _AmountField(StringField):
    """Text read into whole units (pence, half days); what was typed is shown again beside its error."""

    parse = staticmethod(parse_money)
    shown = staticmethod(money_input)

    def process_formdata(self, valuelist):
        self.data = None
        try:
            self.data = self.parse(valuelist[0] if valuelist else "")
        except AmountError as error:
            raise ValueError(str(error)) from error

    def _value(self):
        return self.raw_data[0] if self.raw_data else self.shown(self.data)


class MoneyField(_AmountField):
    """An amount of money: "1,250.50", "£300"; pence, or None when left empty."""


class DaysField(_AmountField):
    """Release time: "2", "2.5", "2½"; half days, or None when left empty."""

    parse = staticmethod(parse_days)
    shown = staticmethod(days_input)


class FundForm(FlaskForm):
    """A grant or budget: its names, source, money and release days, year, purpose, conditions, dates, and
    how it is shared. The fixed amounts per school are added for the cluster's schools (fund_form)."""

    name_en = StringField(_l("Name in English"), filters=[strip_whitespace],
                          validators=[OneLanguageRequired(), MaxLength(200)])
    name_cy = StringField(_l("Name in Welsh"), filters=[strip_whitespace], validators=[MaxLength(200)])
    source = StringField(_l("Who gives it"), filters=[strip_whitespace], validators=[MaxLength(200)],
                         description=_l("For example the Welsh Government, the local authority or a trust."))
    amount = MoneyField(_l("Amount in pounds (optional)"),
                        description=_l("Leave it empty for a budget of release days alone."))
    release_days = DaysField(_l("Release days (optional)"),
                             description=_l("Days of staff time it pays for, in whole or half days: 2.5"))
    academic_year = SelectField(_l("Academic year"), coerce=optional_int, validate_choice=False,
                                validators=[InputRequired(_l("Choose the year"))])
    starts_on = DayField(_l("First day"), validators=[InputRequired(_l("Enter the day the fund starts"))])
    ends_on = DayField(_l("Last day to spend it"), validators=[InputRequired(_l("Enter the day it ends"))])
    purpose_en = TextAreaField(_l("What it is for, in English"), filters=[strip_whitespace],
                               validators=[MaxLength(4000)])
    purpose_cy = TextAreaField(_l("What it is for, in Welsh"), filters=[strip_whitespace],
                               validators=[MaxLength(4000)])
    conditions_en = TextAreaField(_l("Conditions, in English"), filters=[strip_whitespace],
                                  validators=[MaxLength(4000)])
    conditions_cy = TextAreaField(_l("Conditions, in Welsh"), filters=[strip_whitespace],
                                  validators=[MaxLength(4000)])
    allocation = RadioField(_l("How it is shared between the schools"),
                            choices=[SelectChoice(a.value, a.label) for a in Allocation],
                            validators=[InputRequired(_l("Choose how it is shared"))])
    submit = SubmitField(_l("Save the fund"))

    #: (school, money field name, days field name) for each school, set by fund_form
    school_fields: list = []

    def set_years(self, years):
        self.academic_year.choices = [SelectChoice(year.id, year.label) for year in years]

    def validate_academic_year(self, field):
        if field.data not in {choice.value for choice in self.academic_year.choices}:
            raise ValidationError(_l("Choose the year"))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day must be on or after the first"))

    def fixed(self) -> dict[int, tuple[int | None, int | None]]:
        """The fixed amounts typed for each school: {school id: (pence, half days)}."""
        return {school.id: (self[money].data, self[days].data) for school, money, days in self.school_fields}

    def data_for_service(self) -> dict:
        """The form's values as the save service takes them."""
        return {"name_en": self.name_en.data, "name_cy": self.name_cy.data, "source": self.source.data,
                "amount_pence": self.amount.data, "release_half_days": self.release_days.data,
                "purpose_en": self.purpose_en.data, "purpose_cy": self.purpose_cy.data,
                "conditions_en": self.conditions_en.data, "conditions_cy": self.conditions_cy.data,
                "starts_on": self.starts_on.data, "ends_on": self.ends_on.data,
                "allocation": Allocation(self.allocation.data), "academic_year_id": self.academic_year.data}


def fund_form(schools, years, formdata=None, fund=None) -> FundForm:
    """The fund form for a cluster's schools: a money and a days field per school for fixed shares."""
    class ClusterFundForm(FundForm):
        pass

    fields = []
    for school in schools:
        money, days = f"share_money_{school.id}", f"share_days_{school.id}"
        setattr(ClusterFundForm, money, MoneyField(_l("Amount in pounds")))
        setattr(ClusterFundForm, days, DaysField(_l("Release days")))
        fields.append((school, money, days))
    ClusterFundForm.school_fields = fields
    form = ClusterFundForm(formdata, obj=fund)
    form.set_years(years)
    if fund is not None and formdata is None:
        form.amount.data, form.release_days.data = fund.amount_pence, fund.release_half_days
        form.academic_year.data, form.allocation.data = fund.academic_year_id, fund.allocation.value
        shares = {share.school_id: share for share in fund.shares}
        for school, money, days in fields:
            if school.id in shares:
                form[money].data, form[days].data = shares[school.id].amount_pence, shares[school.id].half_days
    return form


class SpendingForm(FlaskForm):
    """What a school used of a fund: the school, what for, the day, its cost and/or release days, a note."""

    school = SelectField(_l("School"), coerce=optional_int, validate_choice=False,
                         validators=[InputRequired(_l("Choose the school"))])
    category = RadioField(_l("What it was for"), choices=[SelectChoice(c.value, c.label) for c in Category],
                          validators=[InputRequired(_l("Choose what it was for"))])
    spent_on = DayField(_l("Day"), validators=[InputRequired(_l("Enter the day"))])
    amount = MoneyField(_l("Amount in pounds"), description=_l("Its cost, where known."))
    days = DaysField(_l("Release days"), description=_l("In whole or half days: 0.5 is a morning or an afternoon."))
    note = TextAreaField(_l("Note"), filters=[strip_whitespace], validators=[MaxLength(1000)])
    submit = SubmitField(_l("Save the entry"))

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.school.choices = [SelectChoice(school_id, label) for school_id, label in schools]

    def validate_school(self, field):
        if field.data not in {choice.value for choice in self.school.choices}:
            raise ValidationError(_l("Choose the school"))

    def validate_days(self, field):
        if field.data is None and self.amount.data is None and not self.amount.errors:
            raise ValidationError(_l("Give the amount spent, the release days used, or both."))
