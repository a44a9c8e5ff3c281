"""Each survey response keeps the sum and number of its five-point answers, filled in for those
already stored, so that the leadership summary's means read responses and never every answer;
each survey counts the revisions of its questions, so that answering pages can keep them

Revision ID: 3c9d1e7a5b20
Revises: 08e004e6942f
Create Date: 2026-11-23 17:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c9d1e7a5b20'
down_revision = '08e004e6942f'
branch_labels = None
depends_on = None

#: the five-point question kinds (QuestionKind.is_five_point), as stored
FIVE_POINT = "('smiley_5', 'agreement', 'rating')"


def _five_point(aggregate: str) -> str:
    """A correlated subquery: `aggregate` over the response's answers to five-point questions."""
    return (f"(SELECT {aggregate} FROM survey_answers JOIN survey_questions "
            f"ON survey_questions.id = survey_answers.question_id "
            f"WHERE survey_answers.response_id = survey_responses.id AND survey_answers.number IS NOT NULL "
            f"AND survey_questions.kind IN {FIVE_POINT})")


def upgrade():
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('five_point_sum', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('five_point_count', sa.Integer(), server_default='0', nullable=False))
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revision', sa.Integer(), server_default='1', nullable=False))
    op.execute(f"UPDATE survey_responses SET five_point_sum = {_five_point('coalesce(sum(survey_answers.number), 0)')}, "
               f"five_point_count = {_five_point('count(*)')}")


def downgrade():
    with op.batch_alter_table('surveys', schema=None) as batch_op:
        batch_op.drop_column('revision')
    with op.batch_alter_table('survey_responses', schema=None) as batch_op:
        batch_op.drop_column('five_point_count')
        batch_op.drop_column('five_point_sum')
