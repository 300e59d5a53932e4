def test_probe(world, login):
    c = login(world.sysadmin)
    for url in [f"/admin/orgs/orgunit/children/{world.province.pk}/?page=x", "/admin/orgs/orgunit/?page=x", "/admin/orgs/orgunit/?p=x", "/accounts/login/code/?next=a"]:
        r = c.get(url)
        print(url, r.status_code, r.get("Location"))
