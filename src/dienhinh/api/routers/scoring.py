"""Emulation scoring: rubrics and scores per plan and emulation group, each unit with its
breakdown, the self and official scores, finalising and reopening — through
scoring.entries and scoring.workflow, with the pages' visibility and permissions (a unit
outside the caller's scope is not in the answer; asked for by id, it is a 404)."""

from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from dienhinh.api.errors import ApiError
from dienhinh.api.lookups import visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.schemas.activities import ReasonIn
from dienhinh.api.schemas.common import (
    READ_ERRORS,
    WRITE_ERRORS,
    Id,
    PageParams,
    errors,
    page_schema,
)
from dienhinh.api.schemas.scoring import (
    OfficialScoresIn,
    RubricOut,
    ScoresFilters,
    ScoresOut,
    SelfScoresIn,
    UnitScoreOut,
)
from dienhinh.nominations.files import DOCX_TYPE
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.scoring import entries
from dienhinh.scoring.compute import describe, formula_text, results_of
from dienhinh.scoring.enums import ScoringAction
from dienhinh.scoring.files import evidence_for, evidence_response
from dienhinh.scoring.models import Rubric
from dienhinh.scoring.ranking import UNSCORED_REASONS
from dienhinh.scoring.visibility import groups_shown, rows_shown
from dienhinh.scoring.workflow import allowed_actions, transition_scoring

router = Router(tags=["scoring"])
scores_router = Router(tags=["scoring"])
# The evidence files, by the entry that holds them: /score-entries/{entry_id}/evidence.
entries_router = Router(tags=["scoring"])


def visible_rubrics(request):
    return Rubric.objects.visible_to(request.user).select_related("plan__issuing_unit")


def rubric_out(request, rubric: Rubric) -> dict:
    items = list(rubric.items.all())
    for item in items:
        item.formula_text = formula_text(item)
    return {
        "id": rubric.pk,
        "plan_id": rubric.plan_id,
        "plan_reference": rubric.plan.reference,
        "state": rubric.state,
        "class_scheme": rubric.class_scheme,
        "tie_break": rubric.tie_break,
        "group_year": rubric.groups_year,
        "items": items,
        "classes": list(rubric.classes.all()),
        "versions": list(rubric.versions.order_by("number")),
        "allowed_actions": allowed_actions(rubric, request.user),
    }


@router.get("", response={200: page_schema(RubricOut), **READ_ERRORS}, summary="List rubrics")
def list_rubrics(request, page: Query[PageParams], plan_id: Id | None = None):
    rubrics = visible_rubrics(request).order_by("-plan__year", "plan_id")
    if plan_id:
        rubrics = rubrics.filter(plan_id=plan_id)
    found = page_of(rubrics.prefetch_related("items", "classes", "versions"), page)
    found["items"] = [rubric_out(request, r) for r in found["items"]]
    return found


@router.get("/{int:rubric_id}", response={200: RubricOut, **READ_ERRORS}, summary="Read a rubric")
def get_rubric(request, rubric_id: int):
    return rubric_out(request, visible_or_404(visible_rubrics(request), rubric_id))


def _act(request, rubric_id: int, action: str, reason: str = ""):
    rubric = visible_or_404(visible_rubrics(request), rubric_id)
    transition_scoring(rubric, action=action, by=request.user, reason=reason)
    return rubric_out(request, visible_or_404(visible_rubrics(request), rubric_id))


@router.post(
    "/{int:rubric_id}/finalise",
    response={200: RubricOut, **WRITE_ERRORS},
    summary="Finalise the results: scores, classes, ranks and breakdown frozen as a version",
)
def finalise(request, rubric_id: int):
    return _act(request, rubric_id, ScoringAction.FINALISE)


@router.post(
    "/{int:rubric_id}/reopen",
    response={200: RubricOut, **WRITE_ERRORS},
    summary="Reopen finalised results for changes (reason required; the version stays)",
)
def reopen(request, rubric_id: int, payload: ReasonIn):
    return _act(request, rubric_id, ScoringAction.REOPEN, payload.reason)


def _scores(request, rubric: Rubric, *, group_id=None, unit_id=None) -> dict:
    user = request.user
    # One unit asked for: only it and its groups' members are computed (as its page does).
    unit = OrgUnit.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if unit_id is not None and unit is None:
        results, frozen = {"units": [], "groups": []}, not rubric.is_open
    else:
        results, frozen = results_of(rubric, unit=unit)
    rows = rows_shown(user, results)
    groups = [g for g in results["groups"] if group_id is None or g["id"] == group_id]
    if group_id is not None:
        members = {e["unit"] for g in groups for e in g["ranking"]}
        rows = {pk: r for pk, r in rows.items() if pk in members}
    if unit_id is not None:
        rows = {pk: r for pk, r in rows.items() if pk == unit_id}
    shown = groups_shown(user, {**results, "groups": groups}, rows)
    if unit_id is not None:  # the unit's groups only
        shown = [g for g in shown if g["rows"]]
    return {
        "plan_id": rubric.plan_id,
        "state": rubric.state,
        "frozen": frozen,
        "version": rubric.last_version.number if frozen else None,
        "groups": [
            {
                "id": g["id"],
                "name": g["name"],
                "size": g["size"],
                "unscored": [
                    {
                        "unit_id": e["unit"],
                        "name": e["name"],
                        "reason": e["reason"],
                        "reason_text": str(UNSCORED_REASONS[e["reason"]]),
                    }
                    for e in g["unscored"]
                ],
                "unscored_hidden": g["unscored_hidden"],
                "ranking": [
                    {"unit_id": row["unit"]["id"], "rank": rank} for rank, row in g["rows"]
                ],
            }
            for g in shown
        ],
        "units": [describe(row) for row in rows.values()],
    }


def _plan_rubric(request, plan_id: int) -> Rubric:
    plan = visible_or_404(Plan.objects.visible_to(request.user), plan_id, field="plan_id")
    rubric = (
        Rubric.objects.filter(plan=plan)
        .select_related("plan__issuing_unit", "last_version")
        .first()
    )
    if rubric is None:
        message = _("This plan has no scoring rubric.")
        raise ApiError(404, "not_found", message, [{"field": "plan_id", "message": message}])
    return rubric


@scores_router.get(
    "",
    response={200: ScoresOut, **READ_ERRORS},
    summary="Scores of a plan (optionally of one emulation group or unit), each unit with its "
    "breakdown; only the units in the caller's scope",
)
def list_scores(request, filters: Query[ScoresFilters]):
    rubric = _plan_rubric(request, filters.plan_id)
    return _scores(request, rubric, group_id=filters.group_id, unit_id=filters.unit_id)


def _unit_row(request, payload) -> tuple[Rubric, OrgUnit]:
    rubric = _plan_rubric(request, payload.plan_id)
    unit = visible_or_404(
        OrgUnit.objects.visible_to(request.user), payload.unit_id, field="unit_id"
    )
    return rubric, unit


def _one(request, rubric: Rubric, unit: OrgUnit) -> dict:
    rubric.refresh_from_db()
    found = _scores(request, rubric, unit_id=unit.pk)["units"]
    return found[0]


@scores_router.post(
    "/self",
    response={200: UnitScoreOut, **WRITE_ERRORS},
    summary="Enter the unit's self-score and evidence (the unit's officers; open results)",
)
def save_self(request, payload: SelfScoresIn):
    rubric, unit = _unit_row(request, payload)
    given = {
        e.item_id: entries.SelfInput(value=e.value, evidence=e.evidence) for e in payload.entries
    }
    entries.save_self_scores(rubric, unit, by=request.user, entries=given)
    return _one(request, rubric, unit)


@scores_router.post(
    "/official",
    response={200: UnitScoreOut, **WRITE_ERRORS},
    summary="Enter the official score (the reviewing level; a difference needs its explanation)"
    ", and the items' evidence text if given",
)
def save_official(request, payload: OfficialScoresIn):
    rubric, unit = _unit_row(request, payload)
    given = {
        e.item_id: entries.OfficialInput(
            value=e.value, explanation=e.explanation, evidence=e.evidence
        )
        for e in payload.entries
    }
    entries.save_official_scores(rubric, unit, by=request.user, entries=given)
    return _one(request, rubric, unit)


@scores_router.post(
    "/evidence",
    response={200: UnitScoreOut, **WRITE_ERRORS, **errors(409)},
    summary="Attach the evidence file (PDF or DOCX) of one entered item of the unit's "
    "self-score (the unit's officers; open results); the self-score and the evidence text "
    "stay as they are",
)
def upload_evidence(
    request,
    plan_id: Form[Id],
    unit_id: Form[Id],
    item_id: Form[Id],
    file: File[UploadedFile],
):
    rubric = _plan_rubric(request, plan_id)
    unit = visible_or_404(OrgUnit.objects.visible_to(request.user), unit_id, field="unit_id")
    current = entries.current_self_input(rubric, unit, item_id)
    current.upload = file
    entries.save_self_scores(rubric, unit, by=request.user, entries={item_id: current})
    return _one(request, rubric, unit)


@entries_router.get(
    "/{int:entry_id}/evidence",
    response=READ_ERRORS,
    summary="Download the evidence file of a self-score entry (whoever sees the unit's breakdown)",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The document.",
                "content": {
                    t: {"schema": {"type": "string", "format": "binary"}}
                    for t in ("application/pdf", DOCX_TYPE)
                },
            }
        }
    },
)
def evidence_file(request, entry_id: int):
    return evidence_response(evidence_for(request.user, entry_id))


@entries_router.delete(
    "/{int:entry_id}/evidence",
    response={204: None, **WRITE_ERRORS, **errors(409)},
    summary="Remove the evidence file of a self-score entry (the unit's officers; open results)",
)
def delete_evidence(request, entry_id: int):
    entry = evidence_for(request.user, entry_id)
    rubric, unit = entry.score.rubric, entry.score.unit
    current = entries.current_self_input(rubric, unit, entry.item_id)
    current.remove_file = True
    entries.save_self_scores(rubric, unit, by=request.user, entries={entry.item_id: current})
    return Status(204, None)
