"""Which document a reader may have, and its DOCX: the one place pages, the API and the
background jobs go through.

``prepare(kind, pk, user=...)`` finds the object through its model's visibility function
(DocumentNotFound otherwise: a 404, whatever the reason), builds the template's context in
Vietnamese, and names the unit whose template applies. ``docx_of`` fills the template: the
nearest unit's own upload (the unit, then its ancestors), else the built-in default.
"""

from dataclasses import dataclass

from django.utils import translation
from django.utils.text import slugify

from dienhinh.accounts.scope import covers
from dienhinh.core.text import fold
from dienhinh.documents.builtin import builtin_path
from dienhinh.documents.models import DocumentKind, UnitTemplate
from dienhinh.documents.rendering import render_docx
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.reports.models import Report
from dienhinh.reports.roles import monitors
from dienhinh.reports.status import plan_status
from dienhinh.scoring.models import Rubric

# Beyond this many units the summary's table goes by the units directly under the issuer
# (LibreOffice needs minutes for a table of thousands of rows); the long export's XLSX annex
# lists every unit.
SUMMARY_UNIT_ROWS = 300
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class DocumentNotFound(Exception):
    """No such document for this reader (404)."""


@dataclass
class Prepared:
    kind: str
    pk: int
    unit: OrgUnit  # whose template applies
    context: dict
    name: str  # file name without extension, ASCII


def _name(*parts) -> str:
    return slugify(fold(" ".join(str(p) for p in parts if p)))[:80] or "van-ban"


def may_summarise(user, plan: Plan) -> bool:
    """The summary of a plan's reports is for its planners and monitors."""
    return user.has_perm("plans.change_plan", plan) or monitors(user, plan.issuing_unit)


def scored_rubric(user, plan_id: int) -> Rubric:
    """The rubric of a plan the user sees and summarises (DocumentNotFound otherwise): the
    score table is the issuing unit's document, for its planners and monitors."""
    plan = Plan.objects.visible_to(user).select_related("issuing_unit").filter(pk=plan_id).first()
    if plan is None or not may_summarise(user, plan):
        raise DocumentNotFound
    rubric = Rubric.objects.filter(plan=plan).select_related("last_version").first()
    if rubric is None:
        raise DocumentNotFound
    rubric.plan = plan
    return rubric


def summary_rows(user, plan: Plan):
    """The expected units of the plan inside the reader's scope, with their status."""
    return [row for row in plan_status(plan) if covers(user, row.unit)]


def prepare(kind: str, pk: int, *, user) -> Prepared:
    from dienhinh.documents.achievements import achievement_context
    from dienhinh.documents.plan import plan_context
    from dienhinh.documents.reports import report_context, summary_context
    from dienhinh.documents.scores import scores_context

    if kind not in DocumentKind.values:
        raise DocumentNotFound
    with translation.override("vi"):
        if kind in (DocumentKind.PLAN, DocumentKind.SUMMARY):
            plan = (
                Plan.objects.visible_to(user).select_related("issuing_unit").filter(pk=pk).first()
            )
            if plan is None or (kind == DocumentKind.SUMMARY and not may_summarise(user, plan)):
                raise DocumentNotFound
            if kind == DocumentKind.PLAN:
                context = plan_context(plan)
                name = _name("ke-hoach", plan.number, plan.symbol, plan.year)
            else:
                rows = summary_rows(user, plan)
                context = summary_context(plan, rows, by_child=len(rows) > SUMMARY_UNIT_ROWS)
                name = _name("tong-hop-bao-cao", plan.number, plan.symbol, plan.year)
            return Prepared(kind, pk, plan.issuing_unit, context, name)
        if kind == DocumentKind.SCORES:
            rubric = scored_rubric(user, pk)
            name = _name("diem-thi-dua", rubric.plan.number, rubric.plan.symbol, rubric.plan.year)
            return Prepared(kind, pk, rubric.plan.issuing_unit, scores_context(user, rubric), name)
        if kind == DocumentKind.REPORT:
            report = (
                Report.objects.visible_to(user)
                .select_related("plan__issuing_unit", "unit", "last_version")
                .filter(pk=pk)
                .first()
            )
            if report is None:
                raise DocumentNotFound
            name = _name("bao-cao", report.unit.code, report.plan.number, report.plan.year)
            return Prepared(kind, pk, report.unit, report_context(report), name)
        nomination = (
            Nomination.objects.visible_to(user)
            .select_related("plan__issuing_unit", "nominating_unit")
            .filter(pk=pk)
            .first()
        )
        if nomination is None:
            raise DocumentNotFound
        context = achievement_context(nomination, user=user)
        name = _name("bao-cao-thanh-tich", nomination.pk)
        return Prepared(kind, pk, nomination.nominating_unit, context, name)


def template_for(kind: str, unit: OrgUnit) -> bytes:
    """The nearest unit's uploaded template for ``kind`` (the unit, then up), or the
    built-in one."""
    ancestors = [unit.path[:i] for i in range(OrgUnit.steplen, len(unit.path) + 1, OrgUnit.steplen)]
    own = (
        UnitTemplate.objects.filter(kind=kind, unit__path__in=ancestors)
        .order_by("-unit__depth")
        .values_list("content", flat=True)
        .first()
    )
    return bytes(own) if own is not None else builtin_path(kind).read_bytes()


def docx_of(prepared: Prepared) -> bytes:
    """The filled DOCX; DocumentTemplateError when the template cannot be filled."""
    return render_docx(template_for(prepared.kind, prepared.unit), prepared.context)
