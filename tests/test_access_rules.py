"""The one rule every module reuses: who may change a school's records."""

import pytest

from app.auth.access import can_change_school_records
from app.auth.models import Role, User
from app.clusters.models import School


def _person(role, cluster_id=1, school_id=None):
    return User(role=role, cluster_id=cluster_id, school_id=school_id)


HOLT = School(id=4, cluster_id=1)
PARK = School(id=3, cluster_id=1)
ELSEWHERE = School(id=99, cluster_id=2)


@pytest.mark.parametrize(("person", "school", "allowed"), [
    (_person(Role.STAFF, school_id=4), HOLT, True),
    (_person(Role.STAFF, school_id=4), PARK, False),
    (_person(Role.LEADER, school_id=4), HOLT, True),
    (_person(Role.LEADER, school_id=4), PARK, False),
    (_person(Role.ADMIN), PARK, True),
    (_person(Role.ADMIN), ELSEWHERE, False),
    (_person(Role.GOVERNOR), HOLT, False),
    (_person(Role.OFFICER, cluster_id=None), HOLT, False),
])
def test_staff_and_leaders_change_their_own_school_and_admins_their_cluster(person, school, allowed):
    assert can_change_school_records(person, school) is allowed

