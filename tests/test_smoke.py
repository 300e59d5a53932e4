from dienhinh.orgs.models import OrgUnit


def test_scope_officer_sees_only_own_branch(world):
    visible = set(OrgUnit.objects.visible_to(world.officer_a).values_list("code", flat=True))
    assert visible == {"TV-CL-A", "TV-CL-A-1"}


def test_reviewer_sees_district_subtree(world):
    visible = set(OrgUnit.objects.visible_to(world.reviewer).values_list("code", flat=True))
    assert visible == {"TV-CL", "TV-CL-A", "TV-CL-A-1", "TV-CL-B"}


def test_permissions(world):
    assert world.fed_admin.has_perm("orgs.change_orgunit", world.unit_a)
    assert not world.reviewer.has_perm("orgs.change_orgunit", world.unit_a)
    assert world.officer_a.has_perm("orgs.view_orgunit", world.unit_a)
    assert not world.officer_b.has_perm("orgs.view_orgunit", world.unit_a)
    assert world.sysadmin.is_staff and not world.fed_admin.is_staff


def test_healthz(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
