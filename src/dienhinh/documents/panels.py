"""The download links the documents app adds to the plan, report and dossier pages (each
shown only to those who may have the document; the download itself checks again)."""

from django.utils.translation import gettext as _

from dienhinh.core.hooks import Panel
from dienhinh.documents.service import may_summarise

TEMPLATE = "documents/_downloads.html"


def plan_documents(request, *, plan) -> Panel:
    documents = [(_("The plan"), "plan", plan.pk)]
    summarises = may_summarise(request.user, plan)
    if summarises:
        documents.append((_("Summary of the reports"), "summary", plan.pk))
    return Panel(
        TEMPLATE,
        {
            "heading": _("Official documents"),
            "documents": documents,
            "kind": "plan",
            "pk": plan.pk,
            "export_plan": plan.pk if summarises else None,
            "fields_kinds": ["summary"],
        },
    )


def report_document(request, *, plan, unit, report) -> Panel | None:
    if report is None or unit.pk == plan.issuing_unit_id:
        return None
    return Panel(
        TEMPLATE,
        {
            "heading": _("Official documents"),
            "documents": [(_("The implementation report"), "report", report.pk)],
            "kind": "report",
            "pk": report.pk,
        },
    )


def dossier_document(request, *, nomination) -> Panel:
    return Panel(
        TEMPLATE,
        {
            "heading": _("Official documents"),
            "documents": [(_("The achievement report"), "achievement", nomination.pk)],
            "kind": "achievement",
            "pk": nomination.pk,
        },
    )


def scores_document(request, *, plan, rubric) -> Panel | None:
    """The score table, for those who issue the plan's documents (service.scored_rubric)."""
    if not may_summarise(request.user, plan):
        return None
    return Panel(
        TEMPLATE,
        {
            "heading": _("Official documents"),
            "documents": [(_("The score table"), "scores", plan.pk)],
            "kind": "scores",
            "pk": plan.pk,
            "fields_kinds": ["scores"],
        },
    )


def unit_templates_link(request, *, unit) -> Panel | None:
    """On the unit page, for its subtree administrators: the unit's document templates."""
    from dienhinh.documents.templates import manages_templates

    if not manages_templates(request.user, unit):
        return None
    return Panel("documents/_templates_link.html", {"unit": unit})
