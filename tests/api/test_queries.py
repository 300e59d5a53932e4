"""No N+1: every list answers with the same number of queries for 1 item as for 3."""

import pytest

from dienhinh.accounts.domain import issue_token
from dienhinh.accounts.models import Role
from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, GroupKind, UnitKind
from tests.factories import UserFactory, grant, make_unit

# Per request: the bearer token with its user, the caller's role assignments, then the
# endpoint's own queries (count, page, and one prefetch where items carry a list).
QUERIES = {
    "/api/v1/units": 4,
    "/api/v1/users": 5,
    "/api/v1/role-assignments": 4,
    "/api/v1/emulation-groups": 4,
    "/api/v1/tokens": 2,
}


def _scope_with(n: int):
    """An administrator who sees exactly ``n`` units, users, roles, groups and tokens."""
    root = make_unit("Liên đoàn Lao động tỉnh Vĩnh Long", kind=UnitKind.PROVINCE, code="VL")
    admin = UserFactory(full_name="Lê Văn Quản")
    grant(admin, root, Role.SUBTREE_ADMIN)
    units = [root]
    for i in range(1, n):
        unit = make_unit(f"Công đoàn cơ sở số {i}", parent=root, code=f"VL-{i}")
        units.append(unit)
        grant(UserFactory(), unit)
    for i, unit in enumerate(units):
        group = EmulationGroup.objects.create(
            name=f"Cụm {i}", kind=GroupKind.CLUSTER, year=2025, organizer=root, leader=unit
        )
        EmulationGroupMember.objects.create(group=group, unit=unit)
    for i in range(1, n):
        issue_token(user=admin, name=f"token {i}")
    return admin


@pytest.mark.parametrize("n", [1, 3])
@pytest.mark.parametrize("url", list(QUERIES))
def test_list_query_count_does_not_grow(db, api_client, django_assert_num_queries, url, n):
    admin = _scope_with(n)
    client = api_client(admin)
    client.get("/api/v1/me")  # the token's first use is recorded once; keep it out of the count
    with django_assert_num_queries(QUERIES[url]):
        response = client.get(url)
    assert response.status_code == 200
    body = response.json()
    items = body if isinstance(body, list) else body["items"]
    assert len(items) == n
