"""Every covered domain function writes exactly one audit entry in its own transaction, with
actor, target, unit, states and reason; a refused action writes none."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from dienhinh.accounts.domain import (
    assign_role,
    issue_token,
    revoke_role,
    revoke_token,
    update_user,
)
from dienhinh.accounts.invitations import invite_user
from dienhinh.accounts.models import ApiToken, Role, RoleAssignment, User
from dienhinh.core import audit
from dienhinh.core.context import Channel
from dienhinh.core.models import AuditEntry
from dienhinh.nominations.enums import Action, State
from dienhinh.nominations.models import Nomination
from dienhinh.nominations.workflow import Decision, transition_nomination
from dienhinh.orgs.domain import (
    create_unit,
    delete_emulation_group,
    move_unit,
    save_emulation_group,
    update_unit,
)
from dienhinh.orgs.models import OrgUnit, UnitKind
from dienhinh.plans.domain import close_plan, copy_plan, issue_plan
from dienhinh.plans.models import Plan, PlanStatus
from tests.audit.conftest import only_entry


def type_of(model) -> ContentType:
    return ContentType.objects.get_for_model(model)


def test_a_dossier_return_is_one_entry_with_states_unit_and_reason(world, make_nomination):
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    before = AuditEntry.objects.count()
    transition_nomination(
        nomination,
        action=Action.RETURN,
        by=world.reviewer,
        decision=Decision(reason="Bổ sung ảnh hoạt động"),
    )
    assert AuditEntry.objects.count() == before + 1
    entry = only_entry(action="nomination.return")
    assert entry.actor == world.reviewer
    assert entry.actor_label == "Huỳnh Văn Duyệt"
    assert (entry.target_type, entry.target_id) == (type_of(Nomination), nomination.pk)
    assert entry.target_label == "Nguyễn Thị Mai"
    assert (entry.unit_id, entry.unit_path, entry.unit_name) == (
        world.unit_a.pk,
        world.unit_a.path,
        world.unit_a.name,
    )
    assert (entry.from_state, entry.to_state) == (State.SUBMITTED, State.RETURNED)
    assert entry.reason == "Bổ sung ảnh hoạt động"
    assert entry.extra["round"] == 1
    assert entry.extra["from_unit"]["id"] == world.district.pk
    assert entry.channel == Channel.COMMAND and entry.address is None


@pytest.mark.parametrize(
    ("action", "by"),
    [
        (Action.FORWARD, "officer_a"),  # not a reviewer of the level
        (Action.SELECT, "reviewer"),  # only the issuing unit decides
        (Action.RETURN, "reviewer"),  # a return needs a reason
    ],
)
def test_a_refused_transition_writes_no_entry(world, make_nomination, action, by):
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    before = AuditEntry.objects.count()
    with pytest.raises((PermissionDenied, ValidationError)):
        transition_nomination(nomination, action=action, by=getattr(world, by))
    assert AuditEntry.objects.count() == before


def test_a_transition_failing_after_its_entry_leaves_none(world, make_nomination, plan):
    """Scores outside the range are refused after the dossier row was saved: the entry goes
    with the rolled-back change."""
    nomination = make_nomination()
    transition_nomination(nomination, action=Action.SUBMIT, by=world.officer_a)
    criterion = plan.criteria.get()
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        transition_nomination(
            nomination,
            action=Action.FORWARD,
            by=world.reviewer,
            decision=Decision(scores={criterion.pk: 99}),
        )
    assert AuditEntry.objects.count() == before
    nomination.refresh_from_db()
    assert nomination.state == State.SUBMITTED


def test_plan_issue_close_and_copy(world, draft_plan):
    issue_plan(draft_plan, by=world.monitor)
    entry = only_entry(action="plan.issue")
    assert entry.actor == world.monitor
    assert (entry.target_type, entry.target_id) == (type_of(Plan), draft_plan.pk)
    assert (entry.unit_id, entry.unit_path) == (world.province.pk, world.province.path)
    assert (entry.from_state, entry.to_state) == (PlanStatus.DRAFT, PlanStatus.ISSUED)

    close_plan(draft_plan, by=world.monitor)
    entry = only_entry(action="plan.close")
    assert (entry.from_state, entry.to_state) == (PlanStatus.ISSUED, PlanStatus.CLOSED)

    copy = copy_plan(draft_plan, by=world.monitor, number=3)
    entry = only_entry(action="plan.copy")
    assert entry.target_id == copy.pk and entry.to_state == PlanStatus.DRAFT
    assert entry.extra["copied_from"]["id"] == draft_plan.pk
    assert AuditEntry.objects.count() == 3


def test_refused_plan_actions_write_nothing(world, draft_plan):
    with pytest.raises(PermissionDenied):
        issue_plan(draft_plan, by=world.officer_a)
    with pytest.raises(ValidationError):
        close_plan(draft_plan, by=world.monitor)  # a draft cannot be closed
    with pytest.raises(ValidationError):
        copy_plan(draft_plan, by=world.monitor, year=draft_plan.year, number=draft_plan.number)
    assert not AuditEntry.objects.exists()


def test_role_grant_and_revoke(world):
    assignment = assign_role(
        user=world.officer_b,
        unit=world.district,
        role=Role.REVIEWER,
        covers_subtree=True,
        by=world.fed_admin,
    )
    entry = only_entry(action="role.grant")
    assert entry.actor == world.fed_admin
    assert (entry.target_type, entry.target_id) == (type_of(User), world.officer_b.pk)
    assert (entry.unit_id, entry.unit_name) == (world.district.pk, world.district.name)
    assert entry.extra == {"role": "reviewer", "covers_subtree": True}

    revoke_role(assignment, by=world.fed_admin)
    entry = only_entry(action="role.revoke")
    assert entry.target_id == world.officer_b.pk and entry.unit_id == world.district.pk
    assert entry.extra == {"role": "reviewer", "covers_subtree": True}
    assert AuditEntry.objects.count() == 2


def test_refused_role_changes_write_nothing(world):
    with pytest.raises(PermissionDenied):
        assign_role(
            user=world.officer_b,
            unit=world.unit_b,
            role=Role.OFFICER,
            covers_subtree=False,
            by=world.reviewer,
        )
    own = RoleAssignment.objects.get(user=world.fed_admin)
    with pytest.raises(ValidationError):
        revoke_role(own, by=world.fed_admin)
    assert not AuditEntry.objects.exists()


def test_an_invitation_is_one_role_grant_marked_as_invitation(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        invitation = invite_user(
            email="moi@example.vn",
            full_name="Trương Thị Mới",
            unit=world.unit_a,
            role=Role.OFFICER,
            covers_subtree=False,
            by=world.fed_admin,
        )
    entry = only_entry(action="role.grant")
    assert entry.target_id == invitation.user_id and entry.unit_id == world.unit_a.pk
    assert entry.extra == {"role": "officer", "covers_subtree": False, "invited": True}
    assert AuditEntry.objects.count() == 1


def test_user_details_change_names_the_fields(world):
    update_user(world.officer_a, by=world.fed_admin, full_name="Nguyễn Thị An", phone="0912")
    entry = only_entry(action="user.update")
    assert entry.extra == {"changed": ["phone"]}
    update_user(world.officer_a, by=world.fed_admin, phone="0912")  # nothing changes
    assert AuditEntry.objects.count() == 1


def test_token_creation_and_revocation(world):
    token, _key = issue_token(user=world.officer_a, name="Báo cáo tháng")
    entry = only_entry(action="token.create")
    assert entry.actor == world.officer_a
    assert (entry.target_type, entry.target_id) == (type_of(ApiToken), token.pk)
    assert entry.extra == {"name": "Báo cáo tháng", "key_start": token.key_start}
    assert entry.unit_id is None and entry.unit_path == ""

    with pytest.raises(PermissionDenied):
        revoke_token(token, by=world.officer_b)
    revoke_token(token, by=world.officer_a)
    revoke_token(token, by=world.officer_a)  # already revoked: no second entry
    assert only_entry(action="token.revoke").target_id == token.pk
    with pytest.raises(ValidationError):
        issue_token(user=world.officer_a, name="  ")
    assert AuditEntry.objects.count() == 2


def test_unit_create_update_and_move(world):
    unit = create_unit(
        parent=world.district,
        by=world.fed_admin,
        code="TV-CL-M",
        name="Công đoàn cơ sở Trường Mầm non Sơn Ca",
        kind=UnitKind.GRASSROOTS,
    )
    entry = only_entry(action="unit.create")
    assert (entry.target_id, entry.unit_id, entry.unit_path) == (unit.pk, unit.pk, unit.path)
    assert entry.extra["parent"]["id"] == world.district.pk

    update_unit(unit, by=world.fed_admin, short_name="CĐCS MN Sơn Ca")
    assert only_entry(action="unit.update").extra == {"changed": ["short_name"]}

    old_path = unit.path
    move_unit(unit, new_parent=world.other_district, by=world.fed_admin)
    entry = only_entry(action="unit.move")
    unit.refresh_from_db()
    assert entry.unit_path == unit.path != old_path
    assert entry.extra["from_path"] == old_path
    assert entry.extra["from_parent"]["id"] == world.district.pk
    assert entry.extra["to_parent"]["id"] == world.other_district.pk
    assert AuditEntry.objects.count() == 3

    with pytest.raises(ValidationError):
        move_unit(world.district, new_parent=world.unit_a, by=world.fed_admin)
    with pytest.raises(PermissionDenied):
        create_unit(parent=world.district, by=world.officer_a, code="X", name="X", kind="group")
    assert AuditEntry.objects.count() == 3


def test_emulation_group_saves_and_deletion(world):
    group = save_emulation_group(
        None,
        by=world.fed_admin,
        members=[world.district, world.other_district],
        name="Cụm thi đua số 1",
        kind="cluster",
        year=2026,
        organizer=world.province,
        leader=world.district,
    )
    assert only_entry(action="group.create").extra == {"year": 2026, "members": 2}
    save_emulation_group(group, by=world.fed_admin, members=[world.district], name="Cụm 1")
    assert only_entry(action="group.update").unit_id == world.province.pk
    group_id = group.pk
    delete_emulation_group(group, by=world.fed_admin)
    assert only_entry(action="group.delete").target_id == group_id
    assert AuditEntry.objects.count() == 3


def test_entries_are_never_changed_and_need_a_transaction(world, transactional_db):
    with transaction.atomic():
        entry = audit.record("plan.issue", actor=world.monitor, target=world.province)
    entry.reason = "changed"
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(RuntimeError, match="transaction"):
        audit.record("plan.issue", actor=world.monitor, target=world.province)
    with transaction.atomic(), pytest.raises(ValueError, match="Unknown audit action"):
        audit.record("plan.typo", actor=world.monitor, target=world.province)
    assert AuditEntry.objects.count() == 1


def test_the_system_actor_of_a_command_is_kept_by_name(world):
    from dienhinh.orgs.management.commands.import_units import system_actor

    create_unit(
        parent=world.province,
        by=system_actor(),
        code="TV-N",
        name="Công đoàn ngành Y tế",
        kind=UnitKind.INDUSTRY,
    )
    entry = only_entry(action="unit.create")
    assert entry.actor is None and entry.actor_label == "System"
    assert OrgUnit.objects.filter(code="TV-N").exists()
