"""The sweep's registry: for every route with an object parameter, the factory that finds or
builds that object in a given branch, with a snapshot of its state.

Add a factory when the sweep says so:
- a page route: ``PAGE_FACTORIES["<namespace>:<name>"]`` (its ``pk`` could name anything);
- an API operation: ``API_FACTORIES["<parameter name>"]`` (``story_id`` names a story);
- an admin page: ``ADMIN_FACTORIES["<app_label>.<model_name>"]``.
A factory takes the SweepWorld and a Branch and returns a list of Targets: none when the
branch holds no such object (a grassroots unit issues no plans), several to try more than one
state (a draft dossier and a submitted one).
"""

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.db.models import Count, Model
from django.utils import timezone

from dienhinh.accounts.models import ApiToken, RoleAssignment
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.importing.views import SESSION_KEY
from dienhinh.orgs.models import EmulationGroup, OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.publishing.models import (
    NewspaperBatch,
    NewspaperColumn,
    NewspaperProposal,
    PreviewLink,
    Story,
    StoryPhoto,
)

from .world import Branch, SweepWorld


@dataclass
class Target:
    """One object to fetch: its URL value(s), what must not show, and its state."""

    label: str  # "draft dossier of branch B" (printed when a check fails)
    value: object  # the URL value of the route's object parameter
    snapshot: Callable[[], dict]
    marker: str = ""  # text of the object (a name) that no refused answer may contain
    values: dict | None = None  # for routes with several object parameters
    owner: object = None  # who alone reaches a private object (the control runs as them)


Factory = Callable[[SweepWorld, Branch], list[Target]]


def row(model: type[Model], pk, *relations: str, **extra: Callable[[], object]):
    """A snapshot function: the row's columns with the number of rows behind each reverse
    relation in ``relations`` (one query; None once the row is deleted), and ``extra``."""
    counts = {f"n_{name}": Count(name, distinct=True) for name in relations}

    def snapshot() -> dict:
        rows = model._base_manager.filter(pk=pk)
        state = {"row": (rows.annotate(**counts) if counts else rows).values().first()}
        state.update({name: value() for name, value in extra.items()})
        return state

    return snapshot


def unit(world: SweepWorld, branch: Branch) -> list[Target]:
    u = branch.unit
    snap = row(
        OrgUnit,
        u.pk,
        "role_assignments",
        "organized_groups",
        "plans",
        "movements",
        subtree=lambda: OrgUnit.objects.filter(path__startswith=u.path).count(),
    )
    return [Target(f"unit {u.code} of branch {branch.name}", u.pk, snap, u.name)]


def user(world: SweepWorld, branch: Branch) -> list[Target]:
    person = branch.user
    snap = row(
        type(person),
        person.pk,
        roles=lambda: sorted(
            RoleAssignment.objects.filter(user_id=person.pk).values_list("unit_id", "role")
        ),
        tokens=lambda: ApiToken.objects.filter(user_id=person.pk, revoked_at=None).count(),
    )
    return [Target(f"user {person.email} of branch {branch.name}", person.pk, snap, person.email)]


def role(world: SweepWorld, branch: Branch) -> list[Target]:
    r = branch.role
    label = f"role {r.role} of {branch.user.email} (branch {branch.name})"
    return [Target(label, r.pk, row(RoleAssignment, r.pk), branch.user.email)]


def api_token(world: SweepWorld, branch: Branch) -> list[Target]:
    t = branch.token
    label = f"API token of {branch.user.email} (branch {branch.name})"
    return [Target(label, t.pk, row(ApiToken, t.pk), t.key_start, owner=branch.user)]


def group(world: SweepWorld, branch: Branch) -> list[Target]:
    g = branch.group
    if g is None:
        return []
    snap = row(
        EmulationGroup,
        g.pk,
        members=lambda: sorted(g.memberships.values_list("unit_id", flat=True)),
    )
    return [Target(f"emulation group of branch {branch.name}", g.pk, snap, g.name)]


def movement(world: SweepWorld, branch: Branch) -> list[Target]:
    m = branch.movement
    if m is None:
        return []
    snap = row(type(m), m.pk, "plans")
    return [Target(f"movement of branch {branch.name}", m.pk, snap, m.name)]


def plan(world: SweepWorld, branch: Branch) -> list[Target]:
    def target(p: Plan) -> Target:
        snap = row(
            Plan,
            p.pk,
            "bases",
            "plan_fields",
            "criteria",
            "target_units",
            "copies",
            "nominations",
        )
        return Target(f"{p.status} plan {p.reference} of branch {branch.name}", p.pk, snap, p.title)

    return [target(p) for p in branch.plans]


def _dossier_target(n: Nomination, branch: Branch) -> Target:
    snap = row(
        Nomination,
        n.pk,
        "photos",
        "attachments",
        "transitions",
        "reviews",
        "initiatives",
        "assessments",
    )
    return Target(f"{n.state} dossier of branch {branch.name}", n.pk, snap, n.full_name)


def dossier(world: SweepWorld, branch: Branch) -> list[Target]:
    """A draft (seen by the unit's writers only) and a submitted dossier (seen up the tree)."""
    return [_dossier_target(branch.draft, branch), _dossier_target(branch.submitted, branch)]


def dossier_in_review(world: SweepWorld, branch: Branch) -> list[Target]:
    """The submitted dossier alone, where every workflow verb is tried: the action page
    finds its dossier with the same lookup as the dossier page, which sweeps the draft."""
    return [_dossier_target(branch.submitted, branch)]


def _file_state(model, pk, *fields: str) -> Callable[[], dict]:
    """The row and whether each of its files is still in the storage."""
    base = row(model, pk)

    def snapshot() -> dict:
        state = base()
        names = [state["row"][name] for name in fields] if state["row"] else []
        state["files"] = [bool(name) and default_storage.exists(name) for name in names]
        return state

    return snapshot


def photo(world: SweepWorld, branch: Branch) -> list[Target]:
    p = branch.submitted.photos.get()
    snap = _file_state(type(p), p.pk, "image", "thumbnail")
    return [Target(f"photo of the submitted dossier of branch {branch.name}", p.pk, snap)]


def attachment(world: SweepWorld, branch: Branch) -> list[Target]:
    a = branch.submitted.attachments.get()
    snap = _file_state(type(a), a.pk, "file")
    label = f"attachment of the submitted dossier of branch {branch.name}"
    return [Target(label, a.pk, snap, a.original_name)]


def pending_upload(world: SweepWorld, branch: Branch) -> list[Target]:
    """A photo the branch's user uploaded on a dossier form not saved yet: theirs alone."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dienhinh.nominations.editing.pending import add_pending
    from dienhinh.nominations.models import PendingUpload
    from tests.factories import jpeg_bytes

    upload = SimpleUploadedFile("anh-cho.jpg", jpeg_bytes(), content_type="image/jpeg")
    item = add_pending(by=branch.user, kind="photo", upload=upload)
    snap = _file_state(PendingUpload, item.pk, "file", "thumbnail")
    label = f"pending upload of {branch.user.email} (branch {branch.name})"
    return [Target(label, item.pk, snap, owner=branch.user)]


def invitation(world: SweepWorld, branch: Branch) -> list[Target]:
    """A pending invitation of the branch's user to a second role at the branch's unit."""
    from dienhinh.accounts.models import Invitation

    inv = Invitation.objects.create(
        user=branch.user,
        unit=branch.unit,
        role="reviewer",
        invited_by=world.people.sysadmin,
        sent_count=1,
    )
    label = f"invitation of {branch.user.email} (branch {branch.name})"
    return [Target(label, inv.pk, row(Invitation, inv.pk), branch.user.email)]


def invitation_link(world: SweepWorld, branch: Branch) -> list[Target]:
    """The link of that invitation: only its invited person, logged in, reaches it."""
    from dienhinh.accounts.invitations import accept_url
    from dienhinh.accounts.models import Invitation

    [target] = invitation(world, branch)
    token = accept_url(Invitation.objects.get(pk=target.value)).rstrip("/").rsplit("/", 1)[-1]
    label = f"link of the {target.label}"
    return [Target(label, token, target.snapshot, owner=branch.user)]


def unlock_link(world: SweepWorld, branch: Branch) -> list[Target]:
    """The link a lockout emails to the branch's user. Anyone who has it may use it (see
    routes.PUBLIC_OBJECT_ROUTES); the sweep only needs it to exist."""
    from dienhinh.accounts.unlock import unlock_url

    token = unlock_url(branch.user).rstrip("/").rsplit("/", 1)[-1]
    return [Target(f"unlock link of {branch.user.email}", token, lambda: {})]


def session_record(world: SweepWorld, branch: Branch) -> list[Target]:
    """A session of the branch's user (a real one in the session store) as the profile
    page lists it."""
    from dienhinh.accounts.models import SessionRecord

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(branch.user.pk)
    store.save()
    record = SessionRecord.objects.create(
        session_key=store.session_key, user=branch.user, user_agent="Zalo Android"
    )

    def snapshot() -> dict:
        return {
            "row": row(SessionRecord, record.pk)()["row"],
            "live": store.exists(record.session_key),
        }

    label = f"session of {branch.user.email} (branch {branch.name})"
    return [Target(label, record.pk, snapshot, owner=branch.user)]


def totp_device(world: SweepWorld, branch: Branch) -> list[Target]:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=branch.user, name="authenticator", confirmed=True)
    label = f"authenticator of {branch.user.email} (branch {branch.name})"
    return [Target(label, device.pk, row(TOTPDevice, device.pk))]


def story(world: SweepWorld, branch: Branch) -> list[Target]:
    s = branch.story
    if s is None:
        return []
    snap = row(Story, s.pk, "versions", "photos", "preview_links", "story_dossiers")
    return [Target(f"{s.state} story of branch {branch.name}", s.pk, snap, str(s))]


def story_version(world: SweepWorld, branch: Branch) -> list[Target]:
    """The story's first version (what "restore" copies); its story is what would change."""
    s = branch.story
    if s is None:
        return []
    first = s.versions.get(number=1)
    snap = row(Story, s.pk, "versions")
    return [Target(f"version 1 of the story of branch {branch.name}", first.pk, snap, str(s))]


def story_photo(world: SweepWorld, branch: Branch) -> list[Target]:
    if branch.story is None:
        return []
    p = branch.story.photos.get()
    snap = _file_state(StoryPhoto, p.pk, "image")
    return [Target(f"photo of the story of branch {branch.name}", p.pk, snap)]


def job(world: SweepWorld, branch: Branch) -> list[Target]:
    """A finished import job of the branch's user: only its owner sees it."""
    from dienhinh.core.models import Job

    made = Job.objects.create(
        kind="unit_import",
        owner=branch.user,
        title=f"Nhập đơn vị của nhánh {branch.name}",
        state=Job.State.DONE,
        result={"created": 1, "updated": 0, "moved": 0, "unchanged": 0},
    )
    return [
        Target(
            f"job of {branch.user.email}", made.pk, row(Job, made.pk), made.title, owner=branch.user
        )
    ]


def document(world: SweepWorld, branch: Branch, *, key: str = "pk") -> list[Target]:
    """The official documents of the branch's plan, report and dossiers: the same lookups
    as their pages (documents.service.prepare), named by kind and id."""

    def named(kind: str, target: Target) -> Target:
        values = {"kind": kind, key: target.value}
        label = f"{kind} document: {target.label}"
        return Target(label, target.value, target.snapshot, target.marker, values=values)

    return (
        [named("plan", t) for t in plan(world, branch)]
        + [named("report", t) for t in report(world, branch)]
        + [named("achievement", t) for t in dossier(world, branch)]
    )


def unit_template(world: SweepWorld, branch: Branch, *, key: str = "unit_id") -> list[Target]:
    """The branch unit's template of a kind of document (its subtree admins' page)."""
    from dienhinh.documents.models import UnitTemplate

    u = branch.unit
    snap = row(
        OrgUnit,
        u.pk,
        templates=lambda: list(
            UnitTemplate.objects.filter(unit=u).values_list("kind", "name", "uploaded_at")
        ),
    )
    label = f"plan template of unit {u.code} of branch {branch.name}"
    return [Target(label, u.pk, snap, u.name, values={key: u.pk, "kind": "plan"})]


def plan_document_fields(world: SweepWorld, branch: Branch) -> list[Target]:
    """The summary's issuing fields of the branch's plans (their small form)."""
    return [
        Target(
            f"summary fields of {t.label}",
            t.value,
            t.snapshot,
            t.marker,
            values={"plan_id": t.value, "kind": "summary"},
        )
        for t in plan(world, branch)
    ]


def api_document(world: SweepWorld, branch: Branch) -> list[Target]:
    return document(world, branch, key="object_id")


def document_job(world: SweepWorld, branch: Branch) -> list[Target]:
    """A finished export of the branch's user, its file on disk: only its owner gets it."""
    from dienhinh.core.models import Job
    from dienhinh.documents.exports import EXPORT_JOB, export_dir

    made = Job.objects.create(
        kind=EXPORT_JOB,
        owner=branch.user,
        title=f"Tổng hợp của nhánh {branch.name}",
        state=Job.State.DONE,
        finished_at=timezone.now(),
        result={"file": f"sweep-{branch.name}.zip", "name": "tong-hop.zip"},
    )
    (export_dir() / f"sweep-{branch.name}.zip").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    label = f"export of {branch.user.email}"
    return [Target(label, made.pk, row(Job, made.pk), made.title, owner=branch.user)]


def newspaper_proposal(world: SweepWorld, branch: Branch) -> list[Target]:
    if branch.story is None:
        return []
    p = branch.story.newspaper_proposals.get()
    label = f"proposal to the newspaper of the story of branch {branch.name}"
    return [Target(label, p.pk, row(NewspaperProposal, p.pk), str(branch.story))]


def newspaper_column(world: SweepWorld, branch: Branch) -> list[Target]:
    if branch.story is None:
        return []
    column = branch.story.newspaper_proposals.get().column
    label = f"newspaper column of branch {branch.name}"
    return [Target(label, column.pk, row(NewspaperColumn, column.pk, "batches", "proposals"))]


def newspaper_batch(world: SweepWorld, branch: Branch) -> list[Target]:
    if branch.story is None:
        return []
    batch = branch.story.newspaper_proposals.get().batch
    label = f"batch sent to the newspaper of branch {branch.name}"
    return [Target(label, batch.pk, row(NewspaperBatch, batch.pk, "proposals"), str(branch.story))]


def preview_link(world: SweepWorld, branch: Branch) -> list[Target]:
    if branch.story is None:
        return []
    link = branch.story.preview_links.get()
    label = f"preview link of the story of branch {branch.name}"
    return [Target(label, link.pk, row(PreviewLink, link.pk), link.label)]


def pending_import(world: SweepWorld, branch: Branch) -> list[Target]:
    """The same upload in every branch: it lives in admin_p2's session, not in the tree."""
    token, key = world.import_token, world.import_session_key
    folder = Path(settings.VAR_DIR) / "imports"

    def snapshot() -> dict:
        session = import_module(settings.SESSION_ENGINE).SessionStore(session_key=key)
        return {
            "files": sorted(p.name for p in folder.glob(f"{token}.*")),
            "pending": sorted(session.load().get(SESSION_KEY, {})),
        }

    return [Target("unit import waiting for admin_p2's confirmation", token, snapshot)]


def auth_group(world: SweepWorld, branch: Branch) -> list[Target]:
    """Django's permission groups: the app does not use them, the admin still lists them."""
    g, _created = Group.objects.get_or_create(name="Nhóm quyền thử")
    return [Target("Django permission group", g.pk, row(Group, g.pk), g.name)]


def task_result(world: SweepWorld, branch: Branch) -> list[Target]:
    from django_tasks_db.models import DBTaskResult

    from dienhinh.plans.tasks import announce_plan

    result = announce_plan.enqueue(world.plan57.pk)
    return [Target("queued task", result.id, row(DBTaskResult, result.id))]


def outgoing_email(world: SweepWorld, branch: Branch) -> list[Target]:
    from dienhinh.core.mail import send_once
    from dienhinh.core.models import OutgoingEmail

    key = f"sweep:{branch.name}"
    send_once(key=key, to=branch.user.email, subject="Thư kiểm tra", body="Nội dung")
    email = OutgoingEmail.objects.get(key=key)
    return [Target(f"queued email of branch {branch.name}", email.pk, row(OutgoingEmail, email.pk))]


def content_object(world: SweepWorld, branch: Branch) -> list[Target]:
    """The admin's "view on site" link: a content type and an object of it."""
    u = branch.unit
    values = {"content_type_id": ContentType.objects.get_for_model(OrgUnit).pk, "object_id": u.pk}
    return [Target(f"unit {u.code} via its content type", u.pk, row(OrgUnit, u.pk), values=values)]


def activity(world: SweepWorld, branch: Branch) -> list[Target]:
    a = branch.activity
    snap = _file_state(type(a), a.pk, "minutes")
    return [Target(f"{a.kind} of branch {branch.name}", a.pk, snap, a.title)]


def activity_photo(world: SweepWorld, branch: Branch) -> list[Target]:
    p = branch.activity.photos.get()
    snap = _file_state(type(p), p.pk, "image", "thumbnail")
    return [Target(f"photo of the activity of branch {branch.name}", p.pk, snap)]


def _report_snapshot(r):
    from dienhinh.reports.models import Report

    return row(Report, r.pk, "versions", "attachments", "steps")


def report(world: SweepWorld, branch: Branch) -> list[Target]:
    r = branch.report
    label = f"{r.state} report of branch {branch.name}"
    return [Target(label, r.pk, _report_snapshot(r), r.results)]


def report_of_unit(world: SweepWorld, branch: Branch) -> list[Target]:
    """The same report named by its plan and unit, as the unit's report page is."""
    r = branch.report
    values = {"plan_id": r.plan_id, "unit_id": r.unit_id}
    label = f"{r.state} report of branch {branch.name} (by plan and unit)"
    return [Target(label, r.pk, _report_snapshot(r), r.results, values=values)]


def report_attachment(world: SweepWorld, branch: Branch) -> list[Target]:
    a = branch.report.attachments.get()
    snap = _file_state(type(a), a.pk, "file")
    return [Target(f"attachment of the report of branch {branch.name}", a.pk, snap)]


def report_version(world: SweepWorld, branch: Branch) -> list[Target]:
    v = branch.report.last_version
    snap = _file_state(type(v), v.pk, "scan")
    label = f"version {v.number} of the report of branch {branch.name}"
    return [Target(label, v.pk, snap, branch.report.results)]


def _score_snapshot(entry):
    from dienhinh.scoring.models import Rubric, ScoreEntry

    rubric_id = entry.score.rubric_id
    entry_row = _file_state(ScoreEntry, entry.pk, "evidence_file")
    rubric_row = row(Rubric, rubric_id, "items", "versions", "classes")
    return lambda: {"entry": entry_row(), "rubric": rubric_row()}


def unit_score(world: SweepWorld, branch: Branch) -> list[Target]:
    """The self-score of the branch's reporting unit, named by plan and unit."""
    entry = branch.score_entry
    values = {"plan_id": entry.score.rubric.plan_id, "unit_id": entry.score.unit_id}
    label = f"score of the reporting unit of branch {branch.name}"
    return [Target(label, entry.pk, _score_snapshot(entry), entry.evidence, values=values)]


def score_records(world: SweepWorld, branch: Branch) -> list[Target]:
    """The records behind the computed item of that unit's score."""
    [target] = unit_score(world, branch)
    rubric = branch.score_entry.score.rubric
    item = rubric.items.get(kind="computed")
    values = {**target.values, "item_id": item.pk}
    return [
        Target(
            f"{target.label}, computed item",
            target.value,
            target.snapshot,
            target.marker,
            values=values,
        )
    ]


def score_evidence(world: SweepWorld, branch: Branch) -> list[Target]:
    entry = branch.score_entry
    label = f"evidence of the score of branch {branch.name}"
    return [Target(label, entry.pk, _score_snapshot(entry), entry.evidence)]


def rubric_item(world: SweepWorld, branch: Branch) -> list[Target]:
    item = branch.rubric_item
    if item is None:
        return []
    from dienhinh.scoring.models import RubricItem

    snap = row(RubricItem, item.pk, "children", "entries")
    return [Target(f"rubric item of branch {branch.name}", item.pk, snap)]


def scoring_version(world: SweepWorld, branch: Branch) -> list[Target]:
    version = branch.scoring_version
    if version is None:
        return []
    from dienhinh.scoring.models import ScoringVersion

    label = f"finalised scoring version of branch {branch.name}"
    return [Target(label, version.pk, row(ScoringVersion, version.pk), version.rubric.plan.title)]


def rubric(world: SweepWorld, branch: Branch) -> list[Target]:
    from dienhinh.scoring.models import Rubric

    found = Rubric.objects.filter(plan__in=branch.plans).select_related("plan")
    return [
        Target(
            f"rubric of plan {r.plan.reference} of branch {branch.name}",
            r.pk,
            row(Rubric, r.pk, "items", "versions", "classes"),
            r.plan.title,
        )
        for r in found
    ]


PAGE_FACTORIES: dict[str, Factory] = {
    "accounts:user_detail": user,
    "accounts:user_edit": user,
    "accounts:role_add": user,
    "accounts:role_remove": role,
    "accounts:token_revoke": api_token,
    "accounts:invitation_resend": invitation,
    "accounts:invitation_accept": invitation_link,
    "accounts:session_revoke": session_record,
    "accounts:unit_tree_children": unit,
    "unit_import:confirm": pending_import,
    "unit_import:cancel": pending_import,
    "orgs:detail": unit,
    "orgs:children": unit,
    "orgs:add": unit,
    "orgs:edit": unit,
    "orgs:group_detail": group,
    "orgs:group_edit": group,
    "orgs:group_delete": group,
    "plans:detail": plan,
    "plans:edit": plan,
    "plans:issue": plan,
    "plans:close": plan,
    "plans:copy": plan,
    "plans:movement_edit": movement,
    "nominations:detail": dossier,
    "nominations:edit": dossier,
    "nominations:act": dossier_in_review,
    "nominations:photo_upload": dossier,
    "nominations:attachment_upload": dossier,
    "nominations:photo": photo,
    "nominations:photo_thumbnail": photo,
    "nominations:photo_delete": photo,
    "nominations:photo_move": photo,
    "nominations:attachment": attachment,
    "nominations:attachment_delete": attachment,
    "nominations:autosave": dossier,
    "nominations:pending_file": pending_upload,
    "nominations:pending_thumbnail": pending_upload,
    "nominations:pending_delete": pending_upload,
    "nominations:consent": dossier,
    "nominations:consent_withdraw": dossier,
    "nominations:consent_scan": dossier,
    "nominations:subject_data": dossier,
    "nominations:subject_export": dossier,
    "publishing:detail": story,
    "publishing:edit": story,
    "publishing:act": story,
    "publishing:compare": story,
    "publishing:photo_upload": story,
    "publishing:photo_import": story,
    "publishing:preview_create": story,
    "publishing:version": story_version,
    "publishing:restore": story_version,
    "publishing:photo": story_photo,
    "publishing:photo_thumbnail": story_photo,
    "publishing:photo_remove": story_photo,
    "publishing:preview_revoke": preview_link,
    "publishing:settings": unit,
    "job": job,
    "publishing:newspaper_propose": story,
    "publishing:newspaper_act": newspaper_proposal,
    "publishing:newspaper_send": newspaper_column,
    "publishing:newspaper_batch": newspaper_batch,
    "publishing:newspaper_download": newspaper_batch,
    "publishing:newspaper_columns": unit,
    "admin:view_on_site": content_object,
    "activities:detail": activity,
    "activities:edit": activity,
    "activities:delete": activity,
    "activities:photo_upload": activity,
    "activities:minutes": activity,
    "activities:photo": activity_photo,
    "activities:photo_thumbnail": activity_photo,
    "activities:photo_delete": activity_photo,
    "reports:plan": plan,
    "reports:export": plan,
    "reports:remind": plan,
    "reports:dates": plan,
    "reports:unit_report": report_of_unit,
    "reports:act": report_of_unit,
    "reports:attachment_upload": report,
    "reports:attachment": report_attachment,
    "reports:attachment_remove": report_attachment,
    "reports:version": report_version,
    "reports:scan_upload": report_version,
    "reports:scan": report_version,
    "reports:monitoring": plan,
    "reports:monitoring_export": plan,
    "scoring:plan": plan,
    "scoring:finalise": plan,
    "scoring:reopen": plan,
    "scoring:rubric": plan,
    "scoring:item_add": plan,
    "scoring:settings": plan,
    "scoring:scheme": plan,
    "scoring:copy": plan,
    "scoring:item_edit": rubric_item,
    "scoring:item_delete": rubric_item,
    "scoring:item_move": rubric_item,
    "scoring:unit": unit_score,
    "scoring:unit_self": unit_score,
    "scoring:unit_official": unit_score,
    "scoring:records": score_records,
    "scoring:version": scoring_version,
    "scoring:evidence": score_evidence,
    "documents:download": document,
    "documents:job_file": document_job,
    "documents:export": plan,
    "documents:fields": plan_document_fields,
    "documents:templates": unit,
    "documents:template_download": unit_template,
    "documents:template_revert": unit_template,
}

API_FACTORIES: dict[str, Factory] = {
    "token_id": api_token,
    "invitation_id": invitation,
    "unit_id": unit,
    "user_id": user,
    "assignment_id": role,
    "group_id": group,
    "movement_id": movement,
    "plan_id": plan,
    "nomination_id": dossier,
    "photo_id": photo,
    "attachment_id": attachment,
    "upload_id": pending_upload,
    "story_id": story,
    "story_photo_id": story_photo,
    "link_id": preview_link,
    "activity_id": activity,
    "report_id": report,
    "report_attachment_id": report_attachment,
    "rubric_id": rubric,
    "item_id": rubric_item,  # /rubric-items/{item_id}
    "entry_id": score_evidence,  # /score-entries/{entry_id}/evidence
    "object_id": api_document,
    "export_id": document_job,
    "kind": unit_template,  # /documents/templates/{unit_id}/{kind}
}

ADMIN_FACTORIES: dict[str, Factory] = {
    "auth.group": auth_group,
    "accounts.user": user,
    "accounts.apitoken": api_token,
    "otp_totp.totpdevice": totp_device,
    "orgs.orgunit": unit,
    "orgs.emulationgroup": group,
    "django_tasks_database.dbtaskresult": task_result,
    "core.outgoingemail": outgoing_email,
}


def page_factory(route) -> tuple[Factory | None, str]:
    """The factory of a page route, or None with the sentence saying what to add."""
    if route.key in PAGE_FACTORIES:
        return PAGE_FACTORIES[route.key], ""
    where = f"PAGE_FACTORIES[{route.key!r}]"
    if route.admin_model:
        if route.admin_model in ADMIN_FACTORIES:
            return ADMIN_FACTORIES[route.admin_model], ""
        where = f"ADMIN_FACTORIES[{route.admin_model!r}]"
    params = ", ".join(route.object_params)
    return None, (
        f"route {route.key} (parameter {params}) has no sweep factory: "
        f"add one to tests/sweep/factories.py ({where})"
    )


def api_factory(operation) -> tuple[Factory | None, str]:
    """The factory of the innermost object parameter (``/plans/{plan_id}/fields/{field_id}``
    is about a field: its factory gives ``values`` for both)."""
    innermost = operation.object_params[-1]
    if innermost in API_FACTORIES:
        return API_FACTORIES[innermost], ""
    return None, (
        f"API operation {operation.key} (parameter {innermost}) has no sweep factory: "
        f"add one to tests/sweep/factories.py (API_FACTORIES[{innermost!r}])"
    )
