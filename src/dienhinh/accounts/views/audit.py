"""The audit list (/audit/) and its CSV export, with the same filters.

System administrators see every entry, monitors those of the units where they hold the
monitor role; for everybody else the pages do not exist (404). Client addresses are personal
data: only system administrators see them.
"""

import csv
from itertools import islice

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dienhinh.accounts.audit import may_see_audit_log, sees_unit_for, visible_audit_entries
from dienhinh.accounts.forms_audit import AuditFilterForm
from dienhinh.accounts.scope import is_system_admin
from dienhinh.core.audit import Shown, present
from dienhinh.core.mail import waiting_counts
from dienhinh.core.serving import mark_personal_data
from dienhinh.core.web import page_query, paginate, query_without
from dienhinh.core.worker import lost_count

PAGE_SIZE = 50
EXPORT_BATCH = 500
# The page of each kind of object an entry can be about, by "app_label.model".
TARGET_PAGES = {
    "nominations.nomination": "nominations:detail",
    "plans.plan": "plans:detail",
    "orgs.orgunit": "orgs:detail",
    "orgs.emulationgroup": "orgs:group_detail",
    "accounts.user": "accounts:user_detail",
}


def _filtered(request):
    """The entries the viewer may see, narrowed by the filters; none when a filter is invalid
    (its error is shown rather than every entry)."""
    viewer = request.user
    if not may_see_audit_log(viewer):
        raise Http404
    form = AuditFilterForm(request.GET, viewer=viewer)
    entries = visible_audit_entries(viewer).select_related("target_type")
    entries = form.filter(entries) if form.is_valid() else entries.none()
    return form, entries.order_by("-at", "-id")


def _with_links(shown: list[Shown]) -> list[Shown]:
    for row in shown:
        entry = row.entry
        if entry.target_type is None or entry.target_id is None:
            continue
        name = TARGET_PAGES.get(f"{entry.target_type.app_label}.{entry.target_type.model}")
        if name and not entry.action.endswith(".delete"):
            row.url = reverse(name, args=[entry.target_id])
    return shown


@require_GET
@login_required
def audit_list(request):
    form, entries = _filtered(request)
    page = paginate(request, entries, per_page=PAGE_SIZE)
    rows = _with_links(present(page.object_list, sees_unit=sees_unit_for(request.user)))
    return render(
        request,
        "accounts/audit/list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": rows,
            "page_query": page_query(request),
            "filter_query": query_without(request, "page"),
            "show_address": is_system_admin(request.user),
            # Emails waiting or failed (core.mail): system administrators see them here.
            "emails": waiting_counts() if is_system_admin(request.user) else None,
            # Tasks lost with a worker and not run again (core.worker), likewise.
            "lost_tasks": lost_count() if is_system_admin(request.user) else 0,
        },
    )


class _Echo:
    """A file-like object whose write() returns the line, for csv.writer in a stream."""

    def write(self, value: str) -> str:
        return value


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    # Spreadsheets run a cell starting with "=" (or +, -, @) as a formula: a typed reason
    # must never become one.
    text = str(value if value is not None else "")
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _header(show_address: bool) -> list[str]:
    columns = [
        _("Time"),
        _("Action"),
        _("Action code"),
        _("Done by"),
        _("About"),
        _("Object type"),
        _("Object id"),
        _("Unit"),
        _("State before"),
        _("State after"),
        _("Reason"),
        _("Details"),
        _("Channel"),
    ]
    return [*columns, _("Client address")] if show_address else columns


def _line(row: Shown, show_address: bool) -> list[str]:
    entry = row.entry
    cells = [
        localtime(entry.at).strftime("%d/%m/%Y %H:%M:%S"),
        _cell(row.label),
        entry.action,
        _cell(entry.actor_label),
        _cell(entry.target_label),
        entry.target_type.model if entry.target_type else "",
        "" if entry.target_id is None else str(entry.target_id),
        _cell(entry.unit_name),
        _cell(row.from_label),
        _cell(row.to_label),
        _cell(entry.reason),
        _cell(row.details),
        row.channel_label,
    ]
    return [*cells, entry.address or ""] if show_address else cells


def _stream(entries, *, viewer, show_address: bool, language: str):
    writer = csv.writer(_Echo())
    sees_unit = sees_unit_for(viewer)
    # The response is written after the view has returned (and the language middleware has
    # let go), so every batch is rendered in the language of the request explicitly.
    with translation.override(language):
        # The byte order mark makes Excel read the file as UTF-8 (Vietnamese letters).
        first = "\ufeff" + writer.writerow(_header(show_address))
    yield first
    rows = entries.iterator(chunk_size=EXPORT_BATCH)
    while batch := list(islice(rows, EXPORT_BATCH)):
        with translation.override(language):
            lines = [
                writer.writerow(_line(row, show_address))
                for row in present(batch, sees_unit=sees_unit)
            ]
        yield "".join(lines)


@require_GET
@login_required
def audit_export(request):
    """The filtered entries as CSV (UTF-8 with BOM), streamed so that a long log needs no
    memory."""
    _form, entries = _filtered(request)
    # The rows as they were when asked for: not the entry this export itself adds.
    entries = entries.filter(at__lte=timezone.now())
    show_address = is_system_admin(request.user)
    response = StreamingHttpResponse(
        _stream(
            entries,
            viewer=request.user,
            show_address=show_address,
            language=translation.get_language(),
        ),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    response["Cache-Control"] = "private, no-store"
    # The log names people and their addresses: exporting it is itself logged.
    mark_personal_data(response, "export", "audit.csv")
    return response


@login_required
@require_GET
def personal_data_register(request):
    """The register of personal data (core.personal_data), for system administrators."""
    from dienhinh.core.personal_data import entries

    if not is_system_admin(request.user):
        raise Http404
    return render(
        request,
        "accounts/audit/personal_data.html",
        {
            "entries": entries(),
            "retention_days": settings.SECURITY_LOG_RETENTION_DAYS,
        },
    )
