"""Sign-in and account forms."""

import re

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, InputRequired, ValidationError

from app.forms import MaxLength


class SignInForm(FlaskForm):
    email = EmailField(_l("Email address"), render_kw={"autocomplete": "username"}, validators=[
        DataRequired(_l("Enter your email address")), MaxLength(254)])
    password = PasswordField(_l("Password"), render_kw={"autocomplete": "current-password"}, validators=[
        DataRequired(_l("Enter your password")), MaxLength(200)])
    submit = SubmitField(_l("Sign in"))


def password_policy(form, field) -> None:
    """A password must be long enough to resist guessing; length beats complexity rules."""
    minimum = current_app.config["PASSWORD_MIN_LENGTH"]
    if len(field.data or "") < minimum:
        raise ValidationError(ngettext("Use at least %(num)d character",
                                       "Use at least %(num)d characters", minimum))


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), render_kw={"autocomplete": "current-password"},
                                     validators=[
        DataRequired(_l("Enter your current password")), MaxLength(200)])
    new_password = PasswordField(_l("New password"), render_kw={"autocomplete": "new-password"},
                                 validators=[
        DataRequired(_l("Enter a new password")), MaxLength(200), password_policy])
    confirm_password = PasswordField(_l("New password again"), render_kw={"autocomplete": "new-password"},
                                     validators=[
        DataRequired(_l("Enter the new password again")),
        EqualTo("new_password", _l("The two new passwords are not the same"))])
    submit = SubmitField(_l("Change password"))


def email_domains(form, field) -> None:
    """Each word a domain name, such as hwbcymru.net."""
    if not all(DOMAIN.fullmatch(domain) for domain in (field.data or "").lower().replace(",", " ").split()):
        raise ValidationError(_l("Write domains such as hwbcymru.net, separated by spaces"))


#: a domain name: labels of letters, digits and hyphens, with at least one dot
DOMAIN = re.compile(r"@?[a-z0-9-]+(\.[a-z0-9-]+)+")


class SignInPolicyForm(FlaskForm):
    provider_required = BooleanField(
        _l("Staff must sign in with Hwb or Google, not a password"),
        description=_l("When this is ticked, password sign-in is refused for everyone in the cluster but its "
                       "admins, whose passwords stay for when the provider cannot be reached."))
    join_domains = StringField(
        _l("Email domains whose staff may ask to join"),
        description=_l("Separated by spaces, such as hwbcymru.net. Someone with no account here whose address "
                       "in one of them a provider has confirmed may choose a school of the cluster and ask to "
                       "join it as staff; a leader of that school, or you, then approve or refuse them."),
        validators=[MaxLength(500), email_domains])
    submit = SubmitField(_l("Save"))


class JoinForm(FlaskForm):
    school = RadioField(_l("Your school"), coerce=int,
                        validators=[InputRequired(_l("Choose the school where you work"))])
    submit = SubmitField(_l("Ask to join"))
