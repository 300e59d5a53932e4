"""The demo's plans and dossiers, built through the domain functions so that states, reviews
and the audit trail are the ones the application itself writes.

- Plan 57/KH-LĐLĐ (2017) is created, issued by the monitor (theodoi) and its dossiers are
  filed and reviewed while its nomination deadline is temporarily open: the submit step of
  ``transition_nomination`` refuses a passed deadline, as it must for real users. Once the
  history is written, the plan gets its real 2017 dates.
- This year's plan 12 is copied from it (``copy_plan``), given its own dates and rubric and
  issued, so that demo users can file and submit dossiers today.
- Timestamps are then moved back to when the story happened (2017 for plan 57, the last
  three weeks for plan 12), so that lists and audit trails read naturally: the dossiers'
  transitions, and with them their audit entries and field-history rows (written by the
  domain functions like any other, then dated by queryset updates, as nothing else may).
- Notifications: every transition and ``issue_plan`` queue their emails after commit. The
  history is old news, so the loader records those emails as already sent (``OutgoingEmail``
  rows under the keys the jobs use): the queued jobs then run and send nothing, instead of
  flooding the console with ~150 emails at the first ``make run``. The two reminders of
  plan 12 stay scheduled and go out when they are due, as they would for a real plan.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.html import escape

from dienhinh.accounts.models import Role, RoleAssignment, User
from dienhinh.core.models import AuditEntry, OutgoingEmail
from dienhinh.demo import plan57
from dienhinh.demo.dossiers import Dossier
from dienhinh.demo.dossiers_2017 import DOSSIERS as DOSSIERS_2017
from dienhinh.demo.dossiers_current import dossiers as current_dossiers
from dienhinh.demo.photos import add_card_photo
from dienhinh.demo.reports import load_reports
from dienhinh.demo.scoring import load_scoring
from dienhinh.demo.stories import STORY_SUBJECTS, load_stories
from dienhinh.demo.subjects import add_past_awards, subject_fields
from dienhinh.nominations.models import (
    Initiative,
    Nomination,
    Photo,
    Review,
    SelfAssessment,
    Transition,
)
from dienhinh.nominations.notifications import recipients
from dienhinh.nominations.richtext import sanitize
from dienhinh.nominations.workflow import Decision, transition_nomination
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.domain import PLAN_CLOSE, close_plan, copy_plan, issue_plan
from dienhinh.plans.fields import shared_field_for
from dienhinh.plans.models import (
    Criterion,
    Movement,
    Plan,
    PlanBasis,
    PlanField,
    PlanSection,
    SubjectKind,
    TargetMode,
)
from dienhinh.plans.targets import target_units

DOMAIN = plan57.DOMAIN
REVIEW_ACTIONS = ("forward", "return", "select", "reject")


@dataclass(frozen=True)
class History:
    plans: int
    dossiers: int
    officers: int
    stories: int = 0


@dataclass
class _Cast:
    """Who acts in the story: officers by unit code, deciders by the unit where they act."""

    officers: dict[str, User]
    reviewers: dict[int, User]  # unit id → the reviewer (or editor) acting there


def load_history(by_code: dict[str, OrgUnit], *, password_hash: str) -> History:
    """Create the movement, both plans and their dossiers with photos and history.

    Side effects: the extra grassroots officers (``plan57.OFFICERS``, sharing
    ``password_hash``), Movement, Plan (+ bases, fields, criteria), Nomination (+ initiatives,
    self-assessments, photos in default_storage, reviews, transitions) and OutgoingEmail rows.
    Must run inside the caller's transaction (load_demo).
    """
    today = timezone.localdate()
    cast = _cast(by_code, password_hash=password_hash)
    monitor = User.objects.get(email=f"theodoi@{DOMAIN}")
    province = by_code["TV"]
    movement = Movement.objects.create(launched_by=province, **plan57.MOVEMENT)
    cast.reviewers[province.pk] = User.objects.get(email=f"bientap@{DOMAIN}")
    cast.reviewers[by_code["TV-CL"].pk] = User.objects.get(email=f"xetduyet@{DOMAIN}")

    old = _plan_57(province, movement, today=today)
    issue_plan(old, by=monitor)
    old_ids = [
        _file(old, spec, index, by_code=by_code, cast=cast)
        for index, spec in enumerate(DOSSIERS_2017)
    ]
    # History written: plan 57 gets its real 2017 dates back (a passed deadline).
    issued_at = _local(plan57.PLAN_57["issued_on"], 8)
    Plan.objects.filter(pk=old.pk).update(
        nomination_deadline=plan57.PLAN_57["nomination_deadline"],
        report_deadline=plan57.PLAN_57["report_deadline"],
        issued_at=issued_at,
        created_at=issued_at,
    )
    _backdate_plan(old, at=issued_at)
    old.refresh_from_db()

    current = _current_plan(old, today=today, by=monitor)
    issue_plan(current, by=monitor)
    issued_at = _local(current.issued_on, 8)
    Plan.objects.filter(pk=current.pk).update(issued_at=issued_at, created_at=issued_at)
    _backdate_plan(current, at=issued_at)
    current.refresh_from_db()
    current_ids = [
        _file(current, spec, index, by_code=by_code, cast=cast)
        for index, spec in enumerate(current_dossiers(today.year))
    ]

    times = {}
    for index, pk in enumerate(old_ids):
        start = _local(datetime.date(2017, 7, 10), 9) + datetime.timedelta(days=2 * index)
        times[pk] = _backdate(pk, start=start, step=datetime.timedelta(days=9))
    now = timezone.now()
    for index, pk in enumerate(current_ids):
        start = now - datetime.timedelta(days=19) + datetime.timedelta(hours=6 * index)
        times[pk] = _backdate(pk, start=start, step=datetime.timedelta(hours=30))
    _date_records(times)
    _record_as_notified([old, current], old_ids + current_ids)
    load_reports(old, by_code, cast=cast)
    _close_as_in_2018(old, by=monitor)
    stories = load_stories(by_code)
    load_scoring(old, by_code, cast=cast)
    return History(
        plans=2,
        dossiers=len(old_ids) + len(current_ids),
        officers=len(cast.officers),
        stories=stories,
    )


def _local(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour), tzinfo=timezone.get_default_timezone()
    )


def _cast(by_code: dict[str, OrgUnit], *, password_hash: str) -> _Cast:
    officers = {
        "TV-CL-001": User.objects.get(email=f"coso1@{DOMAIN}"),
        "TV-CL-002": User.objects.get(email=f"coso2@{DOMAIN}"),
    }
    for code, (email, full_name) in plan57.OFFICERS.items():
        user = User.objects.create_user(email, None, full_name=full_name)
        RoleAssignment.objects.create(
            user=user, unit=by_code[code], role=Role.OFFICER, covers_subtree=True
        )
        officers[code] = user
    emails = [email for email, _name in plan57.OFFICERS.values()]
    User.objects.filter(email__in=emails).update(password=password_hash)
    return _Cast(officers=officers, reviewers={})


def _plan_57(province: OrgUnit, movement: Movement, *, today: datetime.date) -> Plan:
    spec = plan57.PLAN_57
    plan = Plan.objects.create(
        issuing_unit=province,
        movement=movement,
        year=spec["year"],
        number=spec["number"],
        symbol=spec["symbol"],
        title=spec["title"],
        issued_on=spec["issued_on"],
        place=spec["place"],
        purposes=spec["purposes"],
        target_mode=TargetMode.SUBTREE,
        review_route="every_level",
        # Open while the 2017 history is replayed; the real dates are set afterwards.
        nomination_deadline=today + datetime.timedelta(days=1),
        report_deadline=today + datetime.timedelta(days=1),
        **plan57.DOCUMENT,
    )
    PlanSection.objects.bulk_create(
        [
            PlanSection(plan=plan, position=i, heading=heading, body="\n".join(paragraphs))
            for i, (heading, paragraphs) in enumerate(plan57.SECTIONS)
        ]
    )
    PlanBasis.objects.bulk_create(
        [PlanBasis(plan=plan, position=i, text=t) for i, t in enumerate(spec["bases"])]
    )
    PlanField.objects.bulk_create(
        [
            PlanField(plan=plan, position=i, name=n, shared=shared_field_for(province, n))
            for i, n in enumerate(spec["fields"])
        ]
    )
    Criterion.objects.bulk_create(
        [
            Criterion(plan=plan, position=i, group=plan57.CRITERIA_GROUP, text=text)
            for i, text in enumerate(plan57.CRITERIA)
        ]
    )
    return plan


def _current_plan(old: Plan, *, today: datetime.date, by: User) -> Plan:
    spec = plan57.current_plan(today)
    plan = copy_plan(old, by=by, year=spec["year"], number=spec["number"])
    plan.title = spec["title"]
    plan.issued_on = spec["issued_on"]
    plan.nomination_deadline = spec["nomination_deadline"]
    plan.report_deadline = spec["report_deadline"]
    plan.save()
    # The copied text speaks of 2017 (its dates and its deadline); this year's plan shows
    # its structured data until someone writes its own text.
    plan.sections.all().delete()
    plan.bases.all().delete()
    PlanBasis.objects.bulk_create(
        [PlanBasis(plan=plan, position=i, text=t) for i, t in enumerate(spec["bases"])]
    )
    for criterion, points in zip(
        plan.criteria.order_by("position"), plan57.CURRENT_POINTS, strict=True
    ):
        criterion.max_points = points
        criterion.save(update_fields=["max_points"])
    return plan


def _file(plan: Plan, spec: Dossier, index: int, *, by_code, cast: _Cast) -> int:
    """Create one dossier with its photo and replay its steps; returns its id."""
    officer = cast.officers[spec.unit]
    fields = list(plan.plan_fields.order_by("position"))
    criteria = list(plan.criteria.order_by("position"))
    kind = SubjectKind.COLLECTIVE if spec.is_collective else SubjectKind.INDIVIDUAL
    nomination = Nomination.objects.create(
        plan=plan,
        nominating_unit=by_code[spec.unit],
        subject_kind=kind,
        full_name=spec.name,
        gender=spec.gender,
        birth_year=spec.born,
        position=spec.position,
        workplace=spec.workplace,
        member_since=spec.member_since,
        collective_name=spec.collective,
        headcount=spec.headcount,
        field=fields[spec.field],
        movement=plan.movement,
        headline=spec.headline,
        achievements=sanitize("".join(f"<p>{escape(p)}</p>" for p in spec.achievements)),
        contact_name=officer.full_name,
        contact_phone=f"0294 3852 {100 + 7 * index:03d}",
        contact_email=officer.email,
        created_by=officer,
        **subject_fields(spec.name or spec.collective, spec.born),
    )
    add_past_awards(nomination, spec.name or spec.collective)
    Initiative.objects.bulk_create(
        [
            Initiative(
                nomination=nomination,
                title=i.title,
                year=i.year,
                benefit=None if i.benefit is None else Decimal(i.benefit),
                recognised_by=i.recognised_by,
            )
            for i in spec.initiatives
        ]
    )
    SelfAssessment.objects.bulk_create(
        [SelfAssessment(nomination=nomination, criterion=criteria[i], met=True) for i in spec.met]
    )
    add_card_photo(nomination, index, wide=nomination.subject_name in STORY_SUBJECTS)
    for step in spec.steps:
        if step.action in ("submit", "withdraw"):
            actor = officer
        else:
            actor = cast.reviewers[nomination.current_unit_id]
        scores = {criteria[i].pk: Decimal(p) for i, p in enumerate(step.scores)}
        nomination = transition_nomination(
            nomination,
            action=step.action,
            by=actor,
            decision=Decision(reason=step.text, scores=scores),
        )
    return nomination.pk


def _close_as_in_2018(plan: Plan, *, by: User) -> None:
    """Plan 57 was closed once its reports were in: closed early in January 2018."""
    close_plan(plan, by=by)
    closed_at = _local(datetime.date(2018, 1, 15), 8)
    Plan.objects.filter(pk=plan.pk).update(closed_at=closed_at)
    AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Plan), target_id=plan.pk, action=PLAN_CLOSE
    ).update(at=closed_at)
    latest = Plan.history.filter(id=plan.pk).order_by("-history_id").first()
    if latest is not None:
        Plan.history.filter(history_id=latest.history_id).update(history_date=closed_at)


def _backdate_plan(plan: Plan, *, at: datetime.datetime) -> None:
    """The plan's audit entries (issue, copy) and history rows happened when it was issued."""
    AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Plan), target_id=plan.pk
    ).update(at=at)
    Plan.history.filter(id=plan.pk).update(history_date=at)


def _backdate(pk: int, *, start: datetime.datetime, step: datetime.timedelta) -> list:
    """Move the dossier's timestamps to ``start`` and its transitions ``step`` apart; returns
    the times: the creation's, then each transition's (for ``_date_records``)."""
    entries = list(Transition.objects.filter(nomination_id=pk).order_by("pk"))
    reviews = iter(Review.objects.filter(nomination_id=pk).order_by("pk"))
    stamps = {"created_at": start, "updated_at": start}
    times = [start]
    for number, entry in enumerate(entries, start=1):
        at = start + number * step
        times.append(at)
        Transition.objects.filter(pk=entry.pk).update(at=at)
        if entry.action in REVIEW_ACTIONS:
            Review.objects.filter(pk=next(reviews).pk).update(created_at=at)
        if entry.action == "submit":
            stamps["submitted_at"] = at
        if entry.action in ("select", "reject"):
            stamps["decided_at"] = at
        stamps["updated_at"] = at
    Nomination.objects.filter(pk=pk).update(**stamps)
    Photo.objects.filter(nomination_id=pk).update(uploaded_at=start)
    return times


def _date_records(times: dict[int, list]) -> None:
    """Date each dossier's audit entries (one per transition) and field-history rows (the
    creation, then one per transition) like its transitions, in a few bulk updates."""
    audits: dict[int, list[AuditEntry]] = defaultdict(list)
    for entry in (
        AuditEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(Nomination), target_id__in=times
        )
        .only("pk", "target_id")
        .order_by("pk")
    ):
        audits[entry.target_id].append(entry)
    history = Nomination.history.model
    rows: dict[int, list] = defaultdict(list)
    for row in history.objects.filter(id__in=times).only("history_id", "id").order_by("history_id"):
        rows[row.id].append(row)
    for pk, at in times.items():
        for entry, when in zip(audits[pk], at[1:], strict=False):
            entry.at = when
        for row, when in zip(rows[pk], at, strict=False):
            row.history_date = when
    dated_entries = [entry for entries in audits.values() for entry in entries]
    AuditEntry.objects.bulk_update(dated_entries, ["at"], batch_size=500)
    dated_rows = [row for kind in rows.values() for row in kind]
    history.objects.bulk_update(dated_rows, ["history_date"], batch_size=500)


def _record_as_notified(plans: list[Plan], nomination_ids: list[int]) -> None:
    # The keys are those of plans.tasks.announce_plan and nominations.notifications.
    rows: dict[str, OutgoingEmail] = {}
    note = "Demo history: recorded as sent, never sent"
    for plan in plans:
        officers = User.objects.filter(
            is_active=True,
            role_assignments__role=Role.OFFICER,
            role_assignments__unit__in=target_units(plan),
        ).distinct()
        for person in officers:
            key = f"plan-issued:{plan.pk}:{person.pk}"
            rows[key] = OutgoingEmail(
                state=OutgoingEmail.State.SENT, key=key, recipient=person.email, subject=note
            )
    entries = Transition.objects.filter(nomination_id__in=nomination_ids).select_related(
        "nomination__plan", "nomination__nominating_unit"
    )
    for entry in entries:
        for person in recipients(entry):
            key = f"transition:{entry.pk}:{person.pk}"
            rows[key] = OutgoingEmail(
                state=OutgoingEmail.State.SENT, key=key, recipient=person.email, subject=note
            )
    OutgoingEmail.objects.bulk_create(rows.values(), ignore_conflicts=True)
