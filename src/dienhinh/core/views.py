from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from dienhinh.core import jobs
from dienhinh.core.models import Job
from dienhinh.core.unavailable import CACHE_UNREACHABLE
from dienhinh.core.web import is_htmx


@require_GET
@never_cache
def healthz(request):
    """Health for load balancers and monitoring: 200 when the database and the shared cache
    answer, 503 naming the one that does not (without the cache, pages answer 503 too:
    core.unavailable)."""
    checks = {"database": "ok", "cache": "ok"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        checks["database"] = "unreachable"
    try:
        cache.get("healthz")
    except (OSError, *CACHE_UNREACHABLE):  # the file cache's folder, or Redis, away
        checks["cache"] = "unreachable"
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503
    )


@require_GET
@login_required
def job_page(request, pk: int):
    """A background job's page: the progress bar while it runs (refreshed by htmx every
    second, or by the page's own refresh without script), then its result or what stopped it."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    done, total = jobs.progress_of(job)
    kind = jobs.kind_of(job)
    context = {
        "job": job,
        "done": done,
        "total": total,
        "percent": int(100 * done / total) if total else 0,
        "kind": kind,
        "back_url": kind.back_url(job) if kind else "",
    }
    if is_htmx(request):
        if job.finished:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "jobs/_progress.html", context)
    response = render(request, "jobs/job.html", context)
    if not job.finished:
        # Without script the page reloads itself; with htmx only the bar is fetched.
        response["Refresh"] = "5"
    response["Cache-Control"] = "no-store"
    return response
