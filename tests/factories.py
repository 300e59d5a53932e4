"""Factories for tests. Units are created through treebeard so paths stay consistent."""

import itertools

import factory

from dienhinh.accounts.models import Role, RoleAssignment, User
from dienhinh.orgs.models import OrgUnit, UnitKind

_codes = itertools.count(1)


def make_unit(
    name: str,
    *,
    parent: OrgUnit | None = None,
    kind: str = UnitKind.GRASSROOTS,
    code: str | None = None,
    **fields,
) -> OrgUnit:
    unit = OrgUnit(name=name, kind=kind, code=code or f"U{next(_codes):05d}", **fields)
    if parent is None:
        return OrgUnit.objects.add_root(instance=unit)
    parent.refresh_from_db()
    return OrgUnit.objects.add_child(parent, instance=unit)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người {n}")
    password = factory.PostGenerationMethodCall("set_password", "secret-pass-123")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def grant(user: User, unit: OrgUnit, role: str = Role.OFFICER, *, subtree: bool = True):
    return RoleAssignment.objects.create(user=user, unit=unit, role=role, covers_subtree=subtree)
