import pytest

from dienhinh.orgs.domain import save_emulation_group
from dienhinh.orgs.models import GroupKind


@pytest.fixture
def groups(world):
    """Two emulation groups: one organised by the district (members A and B, A leads) and
    one organised by the other district (member C)."""
    district_group = save_emulation_group(
        None,
        by=world.sysadmin,
        members=[world.unit_a, world.unit_b],
        name="Cụm thi đua trường học Càng Long",
        kind=GroupKind.CLUSTER,
        year=2024,
        organizer=world.district,
        leader=world.unit_a,
    )
    other_group = save_emulation_group(
        None,
        by=world.sysadmin,
        members=[world.unit_c],
        name="Khối doanh nghiệp thành phố",
        kind=GroupKind.BLOCK,
        year=2025,
        organizer=world.other_district,
        leader=None,
    )
    return district_group, other_group


@pytest.fixture
def page_language():
    """English pages: assertions read the English msgids whatever translations exist."""
    return "en"
