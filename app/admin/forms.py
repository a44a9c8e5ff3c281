"""Forms for schools and people."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    Email,
    InputRequired,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from app.auth.forms import password_policy
from app.auth.models import Role
from app.clusters.models import SchoolPhase
from app.forms import MaxLength, OneLanguageRequired, WholeNumberField, strip_whitespace
from app.i18n import LANGUAGE_NAMES, plain_localized

#: the roles a cluster admin can give; authority officers are made on the command line
ASSIGNABLE_ROLES = (Role.ADMIN, Role.LEADER, Role.STAFF, Role.GOVERNOR)


class SchoolForm(FlaskForm):
    name_en = StringField(_l("Name in English"), filters=[strip_whitespace],
                          validators=[OneLanguageRequired(), MaxLength(200)])
    name_cy = StringField(_l("Name in Welsh"), filters=[strip_whitespace],
                          validators=[MaxLength(200)])
    slug = StringField(
        _l("Short name"), filters=[strip_whitespace],
        description=_l("Lower-case letters, numbers and hyphens, such as holt or darland-high. "
                       "Leave it empty to make one from the English name."),
        validators=[Optional(), MaxLength(60),
                    Regexp(r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
                           message=_l("Use only lower-case letters, numbers and hyphens"))])
    phase = SelectField(_l("Phase"),
                        choices=[SelectChoice(phase.value, phase.label) for phase in SchoolPhase],
                        validators=[DataRequired(_l("Choose a phase"))])
    roll = WholeNumberField(_l("Pupils on roll"),
                        description=_l("Used to work out response and participation rates."),
                        validators=[InputRequired(_l("Enter the number of pupils on roll")),
                                    NumberRange(min=0, max=5000,
                                                message=_l("Enter a number from 0 to 5,000"))])
    submit = SubmitField(_l("Save school"))


class PersonForm(FlaskForm):
    name = StringField(_l("Full name"), filters=[strip_whitespace], render_kw={"autocomplete": "off"},
                       validators=[DataRequired(_l("Enter the person's name")), MaxLength(120)])
    email = EmailField(_l("Email address"), filters=[strip_whitespace], render_kw={"autocomplete": "off"},
                       validators=[DataRequired(_l("Enter an email address")), MaxLength(254),
                                   Email(_l("Enter an email address like name@school.example"),
                                         check_deliverability=False)])
    role = SelectField(_l("Role"),
                       choices=[SelectChoice(role.value, role.label) for role in ASSIGNABLE_ROLES],
                       validators=[DataRequired(_l("Choose a role"))])
    job_title_en = StringField(_l("Job title in English"), filters=[strip_whitespace],
                               description=_l("Such as Headteacher or Year 2 teacher."),
                               validators=[MaxLength(120)])
    job_title_cy = StringField(_l("Job title in Welsh"), filters=[strip_whitespace],
                               description=_l("Such as Pennaeth or Athro Blwyddyn 2."),
                               validators=[MaxLength(120)])
    school_id = SelectField(_l("School"), coerce=lambda value: int(value) if value else None,
                            validate_choice=True,
                            description=_l("Needed for leaders and staff; they change only "
                                           "their own school's records."))
    preferred_locale = SelectField(_l("Language"), choices=[
        SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()])
    password = PasswordField(_l("Temporary password"), render_kw={"autocomplete": "new-password"},
                             description=_l("Tell the person, who then changes it on their "
                                            "account page."),
                             validators=[MaxLength(200)])
    submit = SubmitField(_l("Save person"))

    def __init__(self, *args, schools=(), new_person: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.new_person = new_person
        self.school_id.choices = [SelectChoice("", _l("No school"))] + [
            SelectChoice(school.id, plain_localized(school, "name")) for school in schools]
        if not new_person:
            self.password.label.text = _l("New temporary password")
            self.password.description = _l("Leave empty to keep the current password.")

    def validate_school_id(self, field):
        if self.role.data in (Role.LEADER, Role.STAFF) and field.data is None:
            raise ValidationError(_l("Choose the school of a leader or member of staff"))

    def validate_password(self, field):
        if self.new_person and not field.data:
            raise ValidationError(_l("Enter a temporary password"))
        if field.data:
            password_policy(self, field)


class PeopleFilterForm(FlaskForm):
    """The filters above the people list: a plain GET form, so a filtered list can be shared."""

    class Meta:
        csrf = False

    q = StringField(_l("Name or email"), filters=[strip_whitespace])
    school = SelectField(_l("School"), coerce=lambda value: int(value) if value else None,
                         validate_choice=True)
    role = SelectField(_l("Role"), default="", choices=[SelectChoice("", _l("All roles"))] + [
        SelectChoice(role.value, role.label) for role in ASSIGNABLE_ROLES])
    status = SelectField(_l("Status"), choices=[SelectChoice("active", _l("Active")),
                                                SelectChoice("inactive", _l("Deactivated")),
                                                SelectChoice("all", _l("All"))], default="active")

    def __init__(self, formdata, schools=()):
        super().__init__(formdata)
        self.school.choices = [SelectChoice("", _l("All schools"))] + [
            SelectChoice(school.id, plain_localized(school, "name")) for school in schools]


class ImportFileForm(FlaskForm):
    """A CSV or XLSX file of people or schools, read for a preview before anything is saved."""

    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a CSV or XLSX file to upload."))],
                     description=_l("A CSV (comma or semicolon separated) or an Excel workbook (.xlsx), "
                                    "up to 2 MB and 5,000 rows."),
                     render_kw={"accept": ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument"
                                          ".spreadsheetml.sheet"})
    submit = SubmitField(_l("Upload and preview"))


class ConfirmImportForm(FlaskForm):
    """Confirming a preview: the digest of what the preview showed, so that only that is saved."""

    digest = HiddenField()
    submit = SubmitField(_l("Save these changes"))
