from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog, set_language

from dienhinh.api.api import api
from dienhinh.core import views as core_views

admin.site.site_header = "Dienhinh"


def admin_login(request, extra_context=None):
    """The admin signs in through the site's own login (throttles, second factor)."""
    return redirect_to_login(request.GET.get("next") or "/admin/")


admin.site.login = admin_login


urlpatterns = [
    path("workspace/", include("dienhinh.workspace.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("jobs/<int:pk>/", core_views.job_page, name="job"),
    path("accounts/", include("dienhinh.accounts.urls_auth")),
    path("account/", include("dienhinh.accounts.urls")),
    path("audit/", include("dienhinh.accounts.urls_audit")),
    path("units/import/", include("dienhinh.orgs.importing.urls")),
    path("units/", include("dienhinh.orgs.urls")),
    path("plans/", include("dienhinh.plans.urls")),
    path("dossiers/", include("dienhinh.nominations.urls")),
    path("stories/", include("dienhinh.publishing.urls")),
    path("activities/", include("dienhinh.activities.urls")),
    path("reports/", include("dienhinh.reports.urls")),
    path("scoring/", include("dienhinh.scoring.urls")),
    path("documents/", include("dienhinh.documents.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("i18n/catalog.js", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    # The public portal is the site's front door (/, /bai-viet/, …): last, after every
    # other prefix.
    path("", include("dienhinh.portal.urls")),
]

# Error pages in the site's layout and language (core/errors.py).
handler400 = "dienhinh.core.errors.bad_request"
handler403 = "dienhinh.core.errors.permission_denied"
handler404 = "dienhinh.core.errors.page_not_found"
handler500 = "dienhinh.core.errors.server_error"
