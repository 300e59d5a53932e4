from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "dienhinh.documents"
    label = "documents"
    verbose_name = _("Official documents")

    def ready(self) -> None:
        # The download links on the lower apps' pages (their hook slots; they never import
        # this app), and how a document job's page shows its file.
        from dienhinh.documents.exports import register_job_kinds
        from dienhinh.documents.panels import (
            dossier_document,
            plan_documents,
            report_document,
            scores_document,
            unit_templates_link,
        )
        from dienhinh.nominations.hooks import dossier_page
        from dienhinh.orgs.hooks import unit_page
        from dienhinh.plans.hooks import plan_page
        from dienhinh.reports.hooks import report_page
        from dienhinh.scoring.hooks import scores_page

        plan_page.register("documents.plan", plan_documents, order=300)
        report_page.register("documents.report", report_document, order=100)
        dossier_page.register("documents.achievement", dossier_document, order=300)
        scores_page.register("documents.scores", scores_document, order=100)
        unit_page.register("documents.templates", unit_templates_link, order=300)
        register_job_kinds()
