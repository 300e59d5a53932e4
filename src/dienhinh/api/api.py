"""The REST API at /api/v1: the same domain functions and permissions as the pages."""

from django.http import Http404
from ninja import NinjaAPI, Router

from dienhinh.api import errors, faults, idempotency
from dienhinh.api.auth import AUTH
from dienhinh.api.docs import LocalSwagger
from dienhinh.api.routers import (
    activities,
    auth,
    documents,
    groups,
    inbox,
    me,
    monitoring,
    movements,
    nomination_actions,
    nomination_consent,
    nomination_files,
    nominations,
    pending_uploads,
    plans,
    public,
    report_files,
    reports,
    roles,
    rubric_editing,
    scoring,
    stories,
    story_actions,
    story_files,
    tokens,
    units,
    users,
)

api = NinjaAPI(
    title="Dienhinh API",
    version="1",
    description=(
        "Units, users, roles, emulation groups, movements, plans, nomination dossiers, "
        "stories, activities, implementation reports and emulation scores of the Dienhinh "
        "union system."
    ),
    auth=AUTH,
    urls_namespace="api",
    docs=LocalSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
idempotency.install(api)  # every write operation takes an Idempotency-Key
faults.install(api)  # 503 on every operation, 507 on the writes, in the OpenAPI

api.add_router("/auth", auth.router)
api.add_router("/tokens", tokens.router)
api.add_router("/me", me.router)
api.add_router("/units", units.router)
api.add_router("/users", users.router)
api.add_router("/role-assignments", roles.router)
api.add_router("/emulation-groups", groups.router)
api.add_router("/movements", movements.router)
api.add_router("/plans", plans.router)
api.add_router("/inbox", inbox.router)
api.add_router("/nominations", inbox.bulk_router)
api.add_router("/nominations", nominations.router)
api.add_router("/nominations", nomination_actions.router)
api.add_router("/nominations", nomination_files.router)
api.add_router("/nominations", nomination_consent.router)
api.add_router("/photos", nomination_files.photos_router)
api.add_router("/attachments", nomination_files.attachments_router)
api.add_router("/pending-uploads", pending_uploads.router)
api.add_router("/public", public.router)
api.add_router("/stories", stories.router)
api.add_router("/stories", story_actions.router)
api.add_router("/stories", story_files.router)
api.add_router("/story-photos", story_files.photos_router)
api.add_router("/preview-links", story_files.links_router)
api.add_router("/units", story_files.settings_router)
api.add_router("/activities", activities.router)
api.add_router("/reports", reports.router)
api.add_router("/reports", report_files.router)
api.add_router("/report-attachments", report_files.attachments_router)
api.add_router("/monitoring", monitoring.router)
api.add_router("/rubrics", scoring.router)  # with rubric_editing's operations
api.add_router("/scores", scoring.scores_router)
api.add_router("/rubric-items", rubric_editing.items_router)
api.add_router("/score-entries", scoring.entries_router)
api.add_router("/documents", documents.router)
api.add_router("/exports", documents.exports_router)


# Registered last so that it only catches what no other route matched.
fallback = Router()


@fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False
)
def unknown_endpoint(request, rest: str):
    """Any other path under /api/v1 answers a JSON 404 in the error shape, not an HTML page."""
    raise Http404


api.add_router("", fallback)
