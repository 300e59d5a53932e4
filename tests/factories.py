"""Factories for tests. Units are created through treebeard so paths stay consistent."""

import functools
import itertools

import factory
from django.contrib.auth.hashers import make_password

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


@functools.cache
def password_hash() -> str:
    # Hashing with the real PBKDF2 hasher costs about a second; every persona shares one hash
    # so that building the world stays fast while logins still check a real hash.
    return make_password("secret-pass-123")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.vn")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Người {n}")
    password = factory.LazyFunction(password_hash)


def grant(user: User, unit: OrgUnit, role: str = Role.OFFICER, *, subtree: bool = True):
    return RoleAssignment.objects.create(user=user, unit=unit, role=role, covers_subtree=subtree)
