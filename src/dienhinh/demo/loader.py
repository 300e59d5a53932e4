"""Load the demo province (units, emulation groups, demo accounts, plans and dossiers)."""

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.accounts.models import Role, RoleAssignment, User
from dienhinh.demo import data, plan57
from dienhinh.demo.history import load_history
from dienhinh.orgs.domain import copy_emulation_groups
from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, OrgUnit

_UNIT_FIELDS = ("kind", "code", "name", "short_name", "email", "address")


class DemoConflict(Exception):
    """Some demo unit codes or account emails are already taken by other data."""


@dataclass(frozen=True)
class DemoLogin:
    email: str
    full_name: str
    role: str
    unit: str

    @property
    def description(self) -> str:
        return f"{Role(self.role).label} — {self.unit}"


@dataclass(frozen=True)
class DemoSummary:
    """What ``load_demo`` did: ``created`` is False when the demo province was already there."""

    created: bool
    units: int = 0
    groups: int = 0
    users: int = 0
    logins: list[DemoLogin] = field(default_factory=list)
    plans: int = 0
    dossiers: int = 0
    stories: int = 0


def load_demo(*, password: str) -> DemoSummary:
    """Create the demo province, its emulation groups and the demo accounts, all or nothing.

    Side effects: inserts ``OrgUnit`` rows (reusing an existing national root with code
    "TLD"), ``EmulationGroup`` rows with members, ``User`` rows whose password is
    ``password`` and their ``RoleAssignment`` rows, then plan 57/KH-LĐLĐ and this year's plan
    with about forty dossiers, their photos (in default_storage) and their review history
    (see demo.history). Does nothing when the provincial federation's code already exists.
    Raises ``DemoConflict`` when other data already uses a demo unit code or account email.
    """
    with transaction.atomic():
        if OrgUnit.objects.filter(code=data.PROVINCE_CODE).exists():
            return DemoSummary(created=False)
        _check_conflicts()

        national = OrgUnit.objects.filter(code=data.NATIONAL["code"]).first()
        created: list[OrgUnit] = []
        if national is None:
            national = OrgUnit.objects.add_root(instance=_new_unit(data.NATIONAL))
            created.append(national)
        # add_child goes through OrgUnit.save(), which normalises the text and fills
        # search_text and sort_name; treebeard's bulk_create path would skip save(). The tree
        # is under a hundred units, so the few queries per unit cost well under a second.
        _add_subtree(national, data.PROVINCE, created)
        by_code = {unit.code: unit for unit in created}
        by_code.setdefault(national.code, national)

        groups = _create_groups(by_code)
        # PBKDF2 is slow on purpose (about half a second a hash). Every demo account has the
        # same published password, so one salted hash shared by all of them reveals nothing.
        password_hash = make_password(password)
        logins = _create_users(by_code, password_hash=password_hash)
        # This year's clusters and blocks start from 2017's, as the federation would copy them.
        groups += len(
            copy_emulation_groups(
                organizer=by_code[data.PROVINCE_CODE],
                from_year=data.YEAR,
                to_year=timezone.localdate().year,
                by=User.objects.get(email=f"quantri@{data.DOMAIN}"),
            )
        )
        history = load_history(by_code, password_hash=password_hash)
    return DemoSummary(
        created=True,
        units=len(created),
        groups=groups,
        users=len(logins),
        logins=logins,
        plans=history.plans,
        dossiers=history.dossiers,
        stories=history.stories,
    )


def _check_conflicts() -> None:
    codes = [unit["code"] for unit in data.all_units() if unit is not data.NATIONAL]
    emails = [user["email"] for user in data.USERS]
    emails += [email for email, _name in plan57.OFFICERS.values()]
    taken = sorted(OrgUnit.objects.filter(code__in=codes).values_list("code", flat=True))
    taken += sorted(User.objects.filter(email__in=emails).values_list("email", flat=True))
    if taken:
        raise DemoConflict(
            _("These unit codes or emails are already in use: %(taken)s.")
            % {"taken": ", ".join(taken)}
        )


def _new_unit(spec: dict[str, Any]) -> OrgUnit:
    return OrgUnit(**{name: spec[name] for name in _UNIT_FIELDS if name in spec})


def _add_subtree(parent: OrgUnit, spec: dict[str, Any], created: list[OrgUnit]) -> None:
    # Children are added in data order, so each sibling list keeps the order of data.py.
    unit = OrgUnit.objects.add_child(parent, instance=_new_unit(spec))
    created.append(unit)
    for child in spec["children"]:
        _add_subtree(unit, child, created)


def _create_groups(by_code: dict[str, OrgUnit]) -> int:
    organizer = by_code[data.PROVINCE_CODE]
    members = []
    for spec in data.EMULATION_GROUPS:
        group = EmulationGroup.objects.create(
            name=spec["name"],
            kind=spec["kind"],
            year=data.YEAR,
            organizer=organizer,
            leader=by_code[spec["leader"]],
        )
        members += [EmulationGroupMember(group=group, unit=by_code[c]) for c in spec["members"]]
    EmulationGroupMember.objects.bulk_create(members)
    return len(data.EMULATION_GROUPS)


def _create_users(by_code: dict[str, OrgUnit], *, password_hash: str) -> list[DemoLogin]:
    logins = []
    for spec in data.USERS:
        user = User.objects.create_user(
            spec["email"],
            None,
            full_name=spec["full_name"],
            is_superuser=spec.get("is_superuser", False),
        )
        unit = by_code[spec["unit"]]
        # Bootstrap data, written directly rather than through accounts.domain: granting a
        # role there requires an administrator who already holds one, and on an empty
        # database none exists yet.
        RoleAssignment.objects.create(user=user, unit=unit, role=spec["role"], covers_subtree=True)
        logins.append(DemoLogin(user.email, user.full_name, spec["role"], unit.display_name))
    User.objects.filter(email__in=[login.email for login in logins]).update(password=password_hash)
    return logins
