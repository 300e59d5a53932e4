"""Rules for changing the unit tree and emulation groups. Views and the API call these.

``by`` is the acting user (accounts.User; typed by its Django base class here because orgs
sits below accounts). The unit functions take ``audited=False`` only from the unit import,
which writes one audit entry for the whole file instead of one per row.
"""

from django.contrib.auth.base_user import AbstractBaseUser as User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import audit, generations
from dienhinh.core.text import clean_attributes
from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, OrgUnit

UNIT_FIELDS = (
    "kind",
    "code",
    "name",
    "short_name",
    "email",
    "address",
    "is_active",
    "valid_from",
    "valid_to",
)
# Typed text of a unit: through clean_text, so that no caller can store NUL or a bidi override.
UNIT_TEXT_FIELDS = ("code", "name", "short_name", "email", "address")
# Bumped when units move, change or go (core.generations, orgs.changes): what is cached per
# scope keys on it.
UNIT_GENERATION = "units"


def _changed_details(entry, sees_unit) -> str:
    names = [
        str(OrgUnit._meta.get_field(name).verbose_name)
        for name in entry.extra.get("changed", [])
        if name in UNIT_FIELDS
    ]
    return ", ".join(names)


def _create_details(entry, sees_unit) -> str:
    parent = entry.extra.get("parent")
    if not parent:
        return ""
    return _("under %(unit)s") % {"unit": audit.unit_named(parent, sees_unit)}


def _move_details(entry, sees_unit) -> str:
    return _("from %(old)s to %(new)s") % {
        "old": audit.unit_named(entry.extra.get("from_parent"), sees_unit),
        "new": audit.unit_named(entry.extra.get("to_parent"), sees_unit),
    }


UNIT_CREATE = audit.define_action(
    "unit.create", gettext_lazy("Unit created"), details=_create_details
)
UNIT_UPDATE = audit.define_action(
    "unit.update", gettext_lazy("Unit details changed"), details=_changed_details
)
UNIT_MOVE = audit.define_action("unit.move", gettext_lazy("Unit moved"), details=_move_details)
GROUP_CREATE = audit.define_action("group.create", gettext_lazy("Emulation group created"))
GROUP_UPDATE = audit.define_action("group.update", gettext_lazy("Emulation group changed"))
GROUP_DELETE = audit.define_action("group.delete", gettext_lazy("Emulation group deleted"))
GROUP_COPY = audit.define_action(
    "group.copy", gettext_lazy("Emulation groups copied to a new year")
)


def _check_code_free(code: str, *, exclude_pk: int | None = None) -> None:
    clash = OrgUnit.objects.filter(code=code)
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {"code": _("Another unit already uses the code %(code)s.") % {"code": code}}
        )


@transaction.atomic
def create_unit(*, parent: OrgUnit | None, by: User, audited: bool = True, **fields) -> OrgUnit:
    """Add a unit under ``parent`` (a new root when None, system administrators only).

    Side effects: inserts one row into the tree, bumps the parent's child count and writes
    one audit entry.
    """
    if parent is None:
        if not by.has_perm("accounts.grant_system_admin"):
            raise PermissionDenied(_("Only system administrators may create top-level units."))
    elif not by.has_perm("orgs.add_orgunit", parent):
        raise PermissionDenied(_("You may not add units here."))
    unit = OrgUnit(**{key: value for key, value in fields.items() if key in UNIT_FIELDS})
    clean_attributes(unit, lines=UNIT_TEXT_FIELDS)
    unit.normalize()
    unit.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
    _check_code_free(unit.code)
    if parent is None:
        unit = OrgUnit.objects.add_root(instance=unit)
    else:
        parent = OrgUnit.objects.select_for_update().get(pk=parent.pk)
        unit = OrgUnit.objects.add_child(parent, instance=unit)
    if audited:
        audit.record(
            UNIT_CREATE,
            actor=by,
            target=unit,
            unit=unit,
            extra={"code": unit.code, "parent": audit.unit_part(parent)},
        )
    return unit


@transaction.atomic
def update_unit(
    unit: OrgUnit,
    *,
    by: User,
    parent: OrgUnit | None = None,
    audited: bool = True,
    **fields,
) -> OrgUnit:
    """Change a unit's details and, when ``parent`` differs, move it with its subtree.

    Side effects: saves the unit; a move rewrites the paths of the whole subtree. One audit
    entry for changed details, one for a move.
    """
    if not by.has_perm("orgs.change_orgunit", unit):
        raise PermissionDenied(_("You may not change this unit."))
    before = OrgUnit.objects.filter(pk=unit.pk).values(*UNIT_FIELDS).first() or {}
    for key, value in fields.items():
        if key in UNIT_FIELDS:
            setattr(unit, key, value)
    clean_attributes(unit, lines=UNIT_TEXT_FIELDS)
    unit.normalize()
    unit.full_clean(exclude=["path", "depth", "numchild"], validate_unique=False)
    _check_code_free(unit.code, exclude_pk=unit.pk)
    unit.save()
    changed = [key for key in UNIT_FIELDS if key in before and getattr(unit, key) != before[key]]
    if changed and audited:
        audit.record(UNIT_UPDATE, actor=by, target=unit, unit=unit, extra={"changed": changed})
    current_parent = OrgUnit.objects.get_parent(unit) if unit.depth > 1 else None
    if parent is not None and parent.pk != getattr(current_parent, "pk", None):
        move_unit(unit, new_parent=parent, by=by, audited=audited)
        unit.refresh_from_db()
    return unit


def check_move(unit: OrgUnit, new_parent: OrgUnit) -> None:
    if new_parent.pk == unit.pk or new_parent.path.startswith(unit.path):
        raise ValidationError(
            {"parent": _("A unit cannot be moved under itself or one of its own units.")}
        )


@transaction.atomic
def move_unit(unit: OrgUnit, *, new_parent: OrgUnit, by: User, audited: bool = True) -> OrgUnit:
    """Move ``unit`` and its subtree under ``new_parent``.

    The mover must administer the whole moved subtree, the unit it leaves and the unit it
    joins: otherwise a move could pull units the mover cannot see into their scope, or take
    units away from another branch's administrators.
    Side effects: rewrites the paths of every unit in the moved subtree; one audit entry
    (the unit with its new path; the old parent and path in ``extra``).
    """
    old_parent = OrgUnit.objects.get_parent(unit) if unit.depth > 1 else None
    allowed = (
        by.has_perm("accounts.grant_subtree_role", unit)
        and old_parent is not None
        and by.has_perm("orgs.change_orgunit", old_parent)
        and by.has_perm("orgs.add_orgunit", new_parent)
    ) or by.has_perm("accounts.grant_system_admin")
    if not allowed:
        raise PermissionDenied(_("You may not move this unit there."))
    check_move(unit, new_parent)
    old_path = unit.path
    OrgUnit.objects.move(unit, new_parent, pos="last-child")
    unit.refresh_from_db()
    # Whatever is cached per scope (the dossier filters' plan options) reached through the
    # old paths is stale now.
    generations.bump_now_and_on_commit(UNIT_GENERATION)
    if audited:
        new_parent.refresh_from_db()  # its path as it is now, for the entry
        audit.record(
            UNIT_MOVE,
            actor=by,
            target=unit,
            unit=unit,
            extra={
                "from_path": old_path,
                "from_parent": audit.unit_part(old_parent),
                "to_parent": audit.unit_part(new_parent),
            },
        )
    return unit


@transaction.atomic
def save_emulation_group(
    group: EmulationGroup | None, *, by: User, members: list[OrgUnit], **fields
) -> EmulationGroup:
    """Create or update an emulation group and replace its member list.

    Members and leader must lie inside the organising unit's subtree; the leader is a member.
    Side effects: writes the group, its member rows and one audit entry.
    """
    group = group or EmulationGroup()
    creating = group.pk is None
    allowed = ("name", "kind", "year", "organizer", "leader")
    for key, value in fields.items():
        if key in allowed:
            setattr(group, key, value)
    organizer = group.organizer
    if group.pk is None:
        if not by.has_perm("orgs.add_emulationgroup", organizer):
            raise PermissionDenied(_("You may not organise emulation groups for this unit."))
    elif not by.has_perm("orgs.change_emulationgroup", EmulationGroup.objects.get(pk=group.pk)):
        raise PermissionDenied(_("You may not change this emulation group."))
    if not by.has_perm("orgs.add_emulationgroup", organizer):
        raise PermissionDenied(_("You may not organise emulation groups for this unit."))
    outside = [u.name for u in members if not u.path.startswith(organizer.path)]
    if outside:
        raise ValidationError(
            {
                "members": _("These units are outside the organising unit: %(names)s")
                % {"names": ", ".join(outside)}
            }
        )
    if group.leader is not None:
        if not group.leader.path.startswith(organizer.path):
            raise ValidationError({"leader": _("The leader must be inside the organising unit.")})
        if group.leader not in members:
            members = [*members, group.leader]
    clean_attributes(group, lines=("name",))
    # The domain's own duplicate check below gives the clearer message, so the model's
    # unique constraint is not validated here (the database still enforces it).
    group.full_clean(validate_unique=False, validate_constraints=False)
    duplicate = EmulationGroup.objects.filter(
        organizer=organizer, year=group.year, name=group.name
    ).exclude(pk=group.pk)
    if duplicate.exists():
        raise ValidationError({"name": _("This unit already has a group of that name that year.")})
    group.save()
    wanted = {u.pk for u in members}
    group.memberships.exclude(unit_id__in=wanted).delete()
    existing = set(group.memberships.values_list("unit_id", flat=True))
    EmulationGroupMember.objects.bulk_create(
        [EmulationGroupMember(group=group, unit_id=pk) for pk in sorted(wanted - existing)]
    )
    audit.record(
        GROUP_CREATE if creating else GROUP_UPDATE,
        actor=by,
        target=group,
        unit=organizer,
        extra={"year": group.year, "members": len(wanted)},
    )
    return group


@transaction.atomic
def delete_emulation_group(group: EmulationGroup, *, by: User) -> None:
    """Delete a group and its memberships.

    Side effects: deletes the rows; one audit entry (written first, while the group has its id).
    Raises ValidationError, deleting nothing, when records of the apps above (an activity of
    the group) still refer to it: they keep it (PROTECT), and their history must not lose it.
    """
    if not by.has_perm("orgs.delete_emulationgroup", group):
        raise PermissionDenied(_("You may not delete this emulation group."))
    audit.record(
        GROUP_DELETE, actor=by, target=group, unit=group.organizer, extra={"year": group.year}
    )
    try:
        group.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("Activities are recorded for this emulation group, so it cannot be deleted.")
        ) from error


@transaction.atomic
def copy_emulation_groups(
    *, organizer: OrgUnit, from_year: int, to_year: int, by: User
) -> list[EmulationGroup]:
    """Start ``to_year``'s groups of ``organizer`` from ``from_year``'s: the same names,
    kinds, leaders and member units, in one step.

    Units no longer active are left out (a leader no longer active leaves the group without
    one); a group whose name already exists in ``to_year`` is not copied again, so running it
    twice copies nothing twice. Side effects: the new groups and their member rows, one audit
    entry with the counts.
    """
    if not by.has_perm("orgs.add_emulationgroup", organizer):
        raise PermissionDenied(_("You may not organise emulation groups for this unit."))
    if to_year == from_year:
        raise ValidationError({"to_year": _("Choose another year than the one copied from.")})
    taken = set(
        EmulationGroup.objects.filter(organizer=organizer, year=to_year).values_list(
            "name", flat=True
        )
    )
    sources = (
        EmulationGroup.objects.filter(organizer=organizer, year=from_year)
        .exclude(name__in=taken)
        .select_related("leader")
        .prefetch_related("memberships__unit")
        .order_by("sort_name", "pk")
    )
    copies, members = [], []
    for source in sources:
        leader = source.leader if source.leader and source.leader.is_active else None
        copy = EmulationGroup(
            name=source.name, kind=source.kind, year=to_year, organizer=organizer, leader=leader
        )
        copy.save()
        copies.append(copy)
        members += [
            EmulationGroupMember(group=copy, unit=membership.unit)
            for membership in source.memberships.all()
            if membership.unit.is_active
        ]
    EmulationGroupMember.objects.bulk_create(members)
    audit.record(
        GROUP_COPY,
        actor=by,
        target=organizer,
        unit=organizer,
        extra={"from_year": from_year, "to_year": to_year, "groups": len(copies)},
    )
    return copies
