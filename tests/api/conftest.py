import pytest

from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, GroupKind


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The response has ``status`` and the one error shape every API error uses."""
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    assert isinstance(body["error"]["details"], list)
    if code:
        assert body["error"]["code"] == code
    return body["error"]


@pytest.fixture
def group(world):
    """Cụm thi đua of the Càng Long district: unit_a (leader) and unit_b."""
    group = EmulationGroup.objects.create(
        name="Cụm thi đua số 1",
        kind=GroupKind.CLUSTER,
        year=2025,
        organizer=world.district,
        leader=world.unit_a,
    )
    EmulationGroupMember.objects.bulk_create(
        [EmulationGroupMember(group=group, unit=u) for u in (world.unit_a, world.unit_b)]
    )
    return group
