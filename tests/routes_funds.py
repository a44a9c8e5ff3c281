"""Who may use the pages of staff time and funds, and sample URL arguments for them (see tests/routes.py)."""

from sqlalchemy import select

from app.clusters.models import School
from app.extensions import db
from app.funds.models import Fund, Spending
from tests.routes_common import SIGNED_IN

MANAGERS = {"admin", "leader"}
#: the cluster table and its downloads: staff read their own school's part on the fund's page instead
TABLE_READERS = {"admin", "leader", "governor", "officer"}

#: endpoint → ANYONE or the set of roles
ACCESS = {
    # each fund's page shows what the reader's role allows: the table, or their school's part
    "funds.index": SIGNED_IN,
    "funds.show": SIGNED_IN,
    "funds.new": MANAGERS,
    "funds.edit": MANAGERS,
    # the sample entry is Holt's, the matrix's leader's school
    "funds.spend": MANAGERS,
    "funds.correct": MANAGERS,
    "funds.delete": MANAGERS,
    "funds.export_table": TABLE_READERS,
    "funds.export_entries": TABLE_READERS,
}
#: endpoints that answer htmx with a piece of a page only
FRAGMENTS: set[str] = set()


def _grant(demo) -> int:
    return db.session.scalar(select(Fund.id).where(Fund.name_en == "Cluster release-time grant"))


def _holts_entry(demo) -> int:
    return db.session.scalar(select(Spending.id).join(School).where(Spending.fund_id == _grant(demo),
                                                                    School.slug == "holt").order_by(Spending.id))


#: URL argument name → how to fill it from the demo (names must not clash with other parts)
SAMPLES = {
    "fund_id": _grant,
    "spending_id": _holts_entry,
}
