"""The filtered dossier list as an XLSX workbook: the list's filters, the list's visibility.

The workbook itself is built by core.xlsx (typed cells, inert text, dd/mm/yyyy dates). The
subjects' details and past awards are two more sheets (export_subject, which also decides
whether the sensitive fields go in).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dienhinh.core.text import fold
from dienhinh.core.xlsx import XlsxBuilder, xlsx_response
from dienhinh.nominations.queries import nominations_for
from dienhinh.nominations.views.export_subject import SubjectSheets, exports_sensitive

MAX_ROWS = 50_000


def _headers() -> list[str]:
    return [
        _("No."),
        _("Name of the person or collective"),
        _("Subject"),
        _("Gender"),
        _("Year of birth"),
        _("Position"),
        _("Workplace"),
        _("Union member since"),
        _("Members of the collective"),
        _("Field"),
        _("Headline"),
        _("Nominating unit"),
        _("Plan"),
        _("State"),
        _("Now reviewed at"),
        _("Last updated"),
    ]


def _row(number: int, nomination) -> list:
    return [
        number,
        nomination.subject_name,
        nomination.get_subject_kind_display(),
        nomination.get_gender_display() if nomination.gender else "",
        nomination.birth_year,
        nomination.position,
        nomination.workplace,
        nomination.member_since,
        nomination.headcount,
        nomination.field.name if nomination.field else "",
        nomination.headline,
        nomination.nominating_unit.name,
        nomination.plan.reference,
        nomination.get_state_display(),
        nomination.current_unit.name if nomination.current_unit else "",
        timezone.localdate(nomination.updated_at),
    ]


def title_lines(*, plan=None, by=None, at=None) -> list[str]:
    """What the printed list is, of which plan, when and by whom it was exported."""
    at = timezone.localtime(at or timezone.now())
    lines = [_("List of nomination dossiers")]
    if plan is not None:
        lines.append(
            _("Plan %(ref)s (%(year)s): %(title)s")
            % {"ref": plan.reference, "year": plan.year, "title": plan.title}
        )
    exported = _("Exported on %(when)s") % {"when": at.strftime("%d/%m/%Y %H:%M")}
    if by is not None:
        exported = _("Exported on %(when)s by %(name)s") % {
            "when": at.strftime("%d/%m/%Y %H:%M"),
            "name": by.full_name or by.email,
        }
    lines.append(exported)
    return lines


def filename_for(*, plan=None, day=None) -> str:
    """``ho-so-12-KH-LDLD-2026-12-01.xlsx``: what and when, in plain ASCII."""
    day = day or timezone.localdate()
    parts = ["ho-so"]
    if plan is not None:
        parts.append(slugify(fold(plan.reference).replace("/", "-")).upper())
    parts.append(day.isoformat())
    return "-".join(part for part in parts if part) + ".xlsx"


def build_workbook(nominations, *, plan=None, by=None, sensitive: bool = False):
    """The rows of ``nominations`` (at most MAX_ROWS, then a note row) as an XLSX file: the
    list, then the subjects' details and their past awards (export_subject). ``sensitive``:
    whether the subjects' sheet holds ethnicity and Party membership (the caller decides,
    with export_subject.exports_sensitive). Returns (bytes, the sensitive fields in it)."""
    builder = XlsxBuilder()
    titles = title_lines(plan=plan, by=by)
    sheet = builder.add_sheet(_("Dossiers"), _headers(), title_lines=titles)
    subjects = SubjectSheets(builder, title_lines=titles, sensitive=sensitive)
    rows = nominations.prefetch_related("past_awards")[: MAX_ROWS + 1]
    for count, nomination in enumerate(rows.iterator(2000), start=1):
        if count > MAX_ROWS:
            note = _(
                "Only the first %(max)s dossiers are exported. Narrow the filters to export "
                "the others."
            ) % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
            sheet.append([note])
            break
        sheet.append(_row(count, nomination))
        subjects.add(count, nomination)
    return builder.content(), subjects.sensitive_fields


@require_GET
@login_required
def export_xlsx(request):
    form, nominations = nominations_for(request.user, request.GET)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[name].label if name in form.fields else ''}: {' '.join(messages)}"
            for name, messages in form.errors.items()
        )
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    plan = form.cleaned_data.get("plan")
    content, sensitive = build_workbook(
        nominations,
        plan=plan,
        by=request.user,
        sensitive=exports_sensitive(request.user, nominations),
    )
    return xlsx_response(content, filename_for(plan=plan), sensitive=sensitive)
