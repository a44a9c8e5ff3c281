"""A survey question can ask for a date (the date kind, app/surveys/kinds.py)

Revision ID: 7a4c2e9d1b36
Revises: 3e517d41a7f8
Create Date: 2026-12-03 11:30:00.000000

"""
from alembic import op


revision = '7a4c2e9d1b36'
down_revision = '3e517d41a7f8'
branch_labels = None
depends_on = None

KINDS_BEFORE = ("'smiley_3', 'smiley_5', 'agreement', 'rating', 'single', 'multiple', 'yes_no', 'number', "
                "'short_text', 'long_text'")


def _kinds_allowed(kinds: str) -> None:
    # the kind's CHECK (ck_survey_questions_questionkind by the naming convention) is made again with the new
    # list; batch mode rebuilds the table on SQLite, which cannot alter a constraint
    with op.batch_alter_table('survey_questions', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_survey_questions_questionkind'), type_='check')
        batch_op.create_check_constraint(op.f('ck_survey_questions_questionkind'), f"kind IN ({kinds})")


def upgrade():
    _kinds_allowed(KINDS_BEFORE + ", 'date'")


def downgrade():
    op.execute("DELETE FROM survey_questions WHERE kind = 'date'")
    _kinds_allowed(KINDS_BEFORE)
