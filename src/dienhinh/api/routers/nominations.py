"""Nomination dossiers: the list with the list page's filters, the dossier with everything the
caller may see and do, creating and changing drafts, possible duplicates, reviews and the
audit trail. Workflow actions are in nomination_actions, files in nomination_files."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from ninja import Query, Router
from ninja.responses import Status

from dienhinh.api.errors import ApiError
from dienhinh.api.lookups import visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.rows import brief_rows
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, PageParams, errors, page_schema
from dienhinh.api.schemas.nominations import (
    DuplicateOut,
    NominationDetail,
    NominationFilters,
    NominationIn,
    NominationOut,
    NominationPatch,
    ReviewOut,
    TransitionOut,
)
from dienhinh.nominations import editing
from dienhinh.nominations.consent import may_manage_consent
from dienhinh.nominations.duplicates import find_duplicates
from dienhinh.nominations.editing.pending import PendingItem
from dienhinh.nominations.models import Nomination, SelfAssessment
from dienhinh.nominations.privacy import log_personal_data_opened, may_see_sensitive
from dienhinh.nominations.queries import LIST_RELATED, SORT_NAME, SORT_UPDATED, nominations_for
from dienhinh.nominations.richtext import sanitize
from dienhinh.nominations.rules import sees_internal_notes
from dienhinh.nominations.workflow import allowed_actions
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Movement, Plan, PlanField

router = Router(tags=["nominations"])

PAST_AWARD_FIELDS = ("title", "year", "decision_number", "decision_date", "issued_by")

DETAIL_RELATED = (
    "plan__issuing_unit",
    "nominating_unit",
    "current_unit",
    "field",
    "movement",
    "consent_recorded_by",
)


def visible_nominations(request):
    return Nomination.objects.visible_to(request.user)


def nomination_for(request, nomination_id: int, *related: str) -> Nomination:
    """The dossier if the caller may see it, else 404 (its existence is not revealed)."""
    qs = visible_nominations(request).select_related(*(related or DETAIL_RELATED))
    return visible_or_404(qs, nomination_id)


def nomination_detail(request, nomination_id: int) -> Nomination:
    """The dossier with its rows, what the caller may do with it, ready for NominationDetail."""
    assessments = SelfAssessment.objects.select_related("criterion").order_by(
        "criterion__position", "criterion__pk"
    )
    qs = (
        visible_nominations(request)
        .select_related(*DETAIL_RELATED)
        .prefetch_related(
            "initiatives",
            "past_awards",
            Prefetch("assessments", queryset=assessments),
            "photos",
            "attachments",
        )
    )
    nomination = visible_or_404(qs, nomination_id)
    # As on the dossier page: sanitised on save already, again here (idempotent) in case a
    # record ever bypassed the editing functions.
    nomination.achievements = sanitize(nomination.achievements)
    nomination.allowed_actions = allowed_actions(nomination, request.user)
    nomination.can_edit = request.user.has_perm("nominations.change_nomination", nomination)
    nomination.can_manage_consent = may_manage_consent(request.user, nomination)
    # Ethnicity and Party membership: null in the answer unless the caller may see them.
    nomination.sensitive_shown = may_see_sensitive(request.user, nomination)
    return nomination


def _current_data(nomination: Nomination) -> dict:
    """The dossier as ``data`` for update_nomination, so that a PATCH changes only what it
    sends (the domain function replaces every field)."""
    data = {name: getattr(nomination, name) for name in editing.DOSSIER_FIELDS}
    data["initiatives"] = [
        {
            "title": i.title,
            "year": i.year,
            "benefit": i.benefit,
            "recognised_by": i.recognised_by,
        }
        for i in nomination.initiatives.all()
    ]
    data["assessments"] = [
        {"criterion": a.criterion_id, "met": a.met, "evidence": a.evidence}
        for a in nomination.assessments.all()
    ]
    data["past_awards"] = [
        {name: getattr(award, name) for name in PAST_AWARD_FIELDS}
        for award in nomination.past_awards.all()
    ]
    return data


def _apply(request, data: dict, sent: dict, plan: Plan, current: Nomination | None) -> dict:
    """Put the fields of the request body into ``data``, resolving ids through the caller's
    scope (404 when they do not exist for the caller)."""
    for key, value in sent.items():
        if key == "field_id":
            fields = PlanField.objects.filter(plan__in=Plan.objects.visible_to(request.user))
            data["field"] = None if value is None else visible_or_404(fields, value, field=key)
        elif key == "movement_id":
            # The plan's own movement, and the one the dossier already names, stay choosable.
            movements = Movement.objects.filter(
                Q(pk__in=Movement.objects.visible_to(request.user).values("pk"))
                | Q(pk=plan.movement_id)
                | Q(pk=getattr(current, "movement_id", None))
            )
            data["movement"] = (
                None if value is None else visible_or_404(movements, value, field=key)
            )
        elif key == "assessments":
            data[key] = [
                {
                    "criterion": a["criterion_id"],
                    "met": a.get("met", False),
                    "evidence": a.get("evidence", ""),
                }
                for a in value
            ]
        else:
            data[key] = value
    return data


def _pending_items(sent: dict) -> list[PendingItem]:
    """The pending uploads named in the body, for create/update_nomination."""
    return [PendingItem(**item) for item in sent.pop("pending_uploads", None) or []]


def _saving(save):
    """Run ``save`` (a create or update); the domain's errors about the files it names are
    about the body's ``pending_uploads`` (the form's field is called ``uploads``)."""
    try:
        return save()
    except ValidationError as error:
        if hasattr(error, "error_dict") and "uploads" in error.error_dict:
            errors_by_field = dict(error.error_dict)
            errors_by_field["pending_uploads"] = errors_by_field.pop("uploads")
            raise ValidationError(errors_by_field) from error
        raise


@router.get(
    "",
    response={200: page_schema(NominationOut), **errors(400, 401, 422)},
    summary="List dossiers",
)
def list_nominations(request, filters: Query[NominationFilters], page: Query[PageParams]):
    data = {
        "q": filters.q or "",
        "plan": filters.plan or "",
        "state": [str(s) for s in filters.state or []],
        "field": filters.field or "",
        "unit": filters.unit or "",
        "kind": filters.subject_kind or "",
        "sort": SORT_NAME if filters.ordering == "name" else SORT_UPDATED,
    }
    form, nominations = nominations_for(request.user, data)
    if form.errors:
        # The page drops a bad filter and shows the rest; an API client gets told instead.
        names = {"kind": "subject_kind", "sort": "ordering"}
        details = [
            {"field": names.get(name, name), "message": str(message)}
            for name, messages in form.errors.items()
            for message in messages
        ]
        raise ApiError(400, "invalid", details[0]["message"], details)
    return page_of(nominations, page, rows=brief_rows)


@router.get(
    "/{int:nomination_id}",
    response={200: NominationDetail, **READ_ERRORS},
    summary="Read a dossier with its files and the actions the caller may take",
)
def get_nomination(request, nomination_id: int):
    nomination = nomination_detail(request, nomination_id)
    log_personal_data_opened(nomination, by=request.user, sensitive=nomination.sensitive_shown)
    return nomination


@router.post("", response={201: NominationDetail, **WRITE_ERRORS}, summary="Start a draft dossier")
def post_nomination(request, payload: NominationIn):
    sent = payload.dict()
    plan = visible_or_404(
        Plan.objects.visible_to(request.user), sent.pop("plan_id"), field="plan_id"
    )
    unit = visible_or_404(
        OrgUnit.objects.visible_to(request.user), sent.pop("unit_id"), field="unit_id"
    )
    uploads = _pending_items(sent)
    data = _apply(request, {"field": None, "movement": None}, sent, plan, None)
    nomination = _saving(
        lambda: editing.create_nomination(
            plan=plan, unit=unit, by=request.user, data=data, uploads=uploads
        )
    )
    return Status(201, nomination_detail(request, nomination.pk))


@router.patch(
    "/{int:nomination_id}",
    response={200: NominationDetail, **WRITE_ERRORS},
    summary="Change a draft or returned dossier",
)
def patch_nomination(request, nomination_id: int, payload: NominationPatch):
    nomination = nomination_detail(request, nomination_id)
    if not nomination.can_edit:
        raise PermissionDenied(
            _("Only the nominating unit's officers can change a draft or a returned dossier.")
        )
    sent = payload.dict(exclude_unset=True)
    uploads = _pending_items(sent)
    data = _apply(request, _current_data(nomination), sent, nomination.plan, nomination)
    _saving(
        lambda: editing.update_nomination(nomination, by=request.user, data=data, uploads=uploads)
    )
    return nomination_detail(request, nomination_id)


@router.get(
    "/{int:nomination_id}/duplicates",
    response={200: list[DuplicateOut], **READ_ERRORS},
    summary="Possible duplicates of a dossier that the caller may see",
)
def get_duplicates(request, nomination_id: int):
    nomination = nomination_for(request, nomination_id, "plan")
    found = find_duplicates(nomination, user=request.user)
    # The same rows with everything a list item shows, in one query (no N+1).
    ids = [d.nomination.pk for d in found]
    rows = Nomination.objects.select_related(*LIST_RELATED).in_bulk(ids)
    return [{"nomination": rows[d.nomination.pk], "reason": d.reason} for d in found]


@router.get(
    "/{int:nomination_id}/reviews",
    response={200: list[ReviewOut], **READ_ERRORS},
    summary="Reviews of a dossier, per round and level, with scores",
)
def get_reviews(request, nomination_id: int):
    nomination = nomination_for(request, nomination_id, "plan")
    reviews = list(
        nomination.reviews.select_related("unit", "reviewer")
        .prefetch_related("scores__criterion")
        .order_by("round", "created_at", "pk")
    )
    for review in reviews:
        # The dossier page's rule: only the reviewers and editors of that level and above.
        if not sees_internal_notes(request.user, review):
            review.internal_note = None
    return reviews


@router.get(
    "/{int:nomination_id}/transitions",
    response={200: list[TransitionOut], **READ_ERRORS},
    summary="The audit trail of a dossier: every change of state",
)
def get_transitions(request, nomination_id: int):
    nomination = nomination_for(request, nomination_id, "plan")
    return list(nomination.transitions.select_related("from_unit", "to_unit", "by"))
