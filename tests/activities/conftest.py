import datetime

import pytest

from dienhinh.activities.domain import ActivityInput, create_activity
from dienhinh.activities.models import ActivityKind
from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, GroupKind


@pytest.fixture
def page_language():
    return "en"


@pytest.fixture
def cluster(world):
    """A cluster of the province: the district leads, C's district and unit C are members."""
    group = EmulationGroup.objects.create(
        name="Cụm thi đua số 1",
        kind=GroupKind.CLUSTER,
        year=2017,
        organizer=world.province,
        leader=world.district,
    )
    for unit in (world.district, world.other_district, world.unit_c):
        EmulationGroupMember.objects.create(group=group, unit=unit)
    return group


@pytest.fixture
def record(world, plan):
    def _record(unit, by, **fields):
        values = {
            "kind": ActivityKind.MEETING,
            "unit": unit,
            "title": "Sinh hoạt công đoàn tháng 9",
            "held_on": datetime.date(2017, 9, 15),
            "participants": 25,
            "plan": plan,
        }
        values.update(fields)
        return create_activity(ActivityInput(**values), by=by)

    return _record
