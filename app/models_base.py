"""Column helpers shared by every module's models."""

import enum
from datetime import UTC

from sqlalchemy import DateTime, TypeDecorator
from sqlalchemy import Enum as SAEnum


class UTCDateTime(TypeDecorator):
    """A timestamp stored in UTC that always comes back time-zone aware (SQLite forgets)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("UTCDateTime needs an aware datetime")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a translated label: ``DONE = "done", _l("Done")``.

    The value is what the database stores; the label is what people read.
    """

    def __new__(cls, value: str, label):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


def enum_column(enum_class: type[enum.Enum], length: int = 20) -> SAEnum:
    """Store an enum by its value as a short string with a CHECK, the same on every database."""
    return SAEnum(enum_class, native_enum=False, length=length, create_constraint=True,
                  values_callable=lambda members: [member.value for member in members],
                  validate_strings=True)


def render_migration_item(type_: str, obj, autogen_context):
    """Write our column types into migrations as plain SQLAlchemy types (Alembic hook)."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False
