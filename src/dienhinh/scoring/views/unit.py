"""A scored unit's breakdown (self-score and official score side by side, the difference
and its explanation), the forms that enter them, the records behind a computed item and
the evidence files. Thin views over scoring.entries."""

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dienhinh.core.web import add_domain_errors, once_per_submission
from dienhinh.nominations.enums import State
from dienhinh.reports.enums import Timeliness
from dienhinh.scoring import entries
from dienhinh.scoring.enums import ENTERED_KINDS
from dienhinh.scoring.files import evidence_for, evidence_response
from dienhinh.scoring.forms import OfficialScoreForm, SelfScoreForm
from dienhinh.scoring.roles import enters_official_score, enters_self_score
from dienhinh.scoring.views.common import unit_row

RECORD_LINKS = {
    "dossier": "nominations:detail",
    "story": "publishing:detail",
    "meeting": "activities:detail",
    "seminar": "activities:detail",
}


def record_detail(record: dict) -> str:
    """The record's facts in the viewer's language: a state, a date, the participants."""
    parts = []
    if record["kind"] == "dossier" and record.get("state"):
        parts.append(str(dict(State.choices).get(record["state"], record["state"])))
    elif record["kind"] == "report" and record.get("state"):
        parts.append(str(dict(Timeliness.choices).get(record["state"], record["state"])))
    if record.get("date"):
        parts.append(record["date"])
    if record.get("people") is not None:
        parts.append(_("%(n)s participants") % {"n": record["people"]})
    return " · ".join(parts)


def _entered_items(rubric):
    return [i for i in rubric.items.all() if i.kind in ENTERED_KINDS]


def _initial(row, items, side):
    values = {r["id"]: r for r in row["items"]}
    initial = {}
    for item in items:
        r = values.get(item.pk, {})
        raw = r.get("self_value" if side == "self" else "official_value")
        value = None if raw is None else Decimal(raw)
        if value is not None and item.kind == "pass_fail":
            value = int(value)
        if side == "self":
            initial[f"value_{item.pk}"] = value
            initial[f"evidence_{item.pk}"] = r.get("evidence", "")
        else:
            initial[f"official_{item.pk}"] = value
            initial[f"explanation_{item.pk}"] = r.get("explanation", "")
            initial[f"evidence_{item.pk}"] = r.get("evidence", "")
            initial[f"evidence_seen_{item.pk}"] = entries.evidence_digest(r.get("evidence", ""))
    return initial


def _render(
    request, rubric, unit, results, row, frozen, *, self_form=None, official_form=None, status=200
):
    user, plan = request.user, rubric.plan
    is_open = rubric.is_open
    items = _entered_items(rubric) if is_open else []
    can_self = is_open and bool(items) and enters_self_score(user, unit)
    can_official = is_open and bool(items) and enters_official_score(user, plan, unit)
    if can_self and self_form is None:
        self_form = SelfScoreForm(items=items, initial=_initial(row, items, "self"))
    if can_official and official_form is None:
        official_form = OfficialScoreForm(items=items, initial=_initial(row, items, "official"))
    return render(
        request,
        "scoring/unit.html",
        {
            "plan": plan,
            "rubric": rubric,
            "unit": unit,
            "row": row,
            "results": results,
            "frozen": frozen,
            "version": rubric.last_version if frozen else None,
            "self_form": self_form if can_self else None,
            "official_form": official_form if can_official else None,
        },
        status=status,
    )


@login_required
@require_GET
def unit_page(request, plan_id: int, unit_id: int):
    rubric, unit, results, row, frozen = unit_row(request.user, plan_id, unit_id)
    return _render(request, rubric, unit, results, row, frozen)


def _back(rubric, unit):
    return redirect(reverse("scoring:unit", args=[rubric.plan_id, unit.pk]))


@dataclass(frozen=True)
class _Side:
    """What differs between the self-score form and the official-score form."""

    may_enter: Callable  # (user, plan, unit) -> bool
    form: type
    value: str  # the form's value field prefix
    make: Callable  # (value, cleaned data, item id) -> the entries' input
    save: Callable  # scoring.entries' function
    done: str
    form_name: str  # _render's keyword


_SIDES = {
    "self": _Side(
        may_enter=lambda user, plan, unit: enters_self_score(user, unit),
        form=SelfScoreForm,
        value="value",
        make=lambda value, data, pk: entries.SelfInput(
            value, data[f"evidence_{pk}"], upload=data.get(f"file_{pk}")
        ),
        save=entries.save_self_scores,
        done=gettext_lazy("The self-score was saved."),
        form_name="self_form",
    ),
    "official": _Side(
        may_enter=enters_official_score,
        form=OfficialScoreForm,
        value="official",
        make=lambda value, data, pk: entries.OfficialInput(
            value,
            data[f"explanation_{pk}"],
            evidence=data[f"evidence_{pk}"],
            evidence_seen=data[f"evidence_seen_{pk}"] or None,
        ),
        save=entries.save_official_scores,
        done=gettext_lazy("The official score was saved."),
        form_name="official_form",
    ),
}


def _save(request, plan_id: int, unit_id: int, side: _Side):
    """Check the form, hand it to scoring.entries, and show the page again with the refused
    values (nothing saved) or go back to it."""
    rubric, unit, results, row, frozen = unit_row(request.user, plan_id, unit_id)
    if not side.may_enter(request.user, rubric.plan, unit):
        raise PermissionDenied
    items = _entered_items(rubric)
    form = side.form(request.POST, request.FILES, items=items)
    if form.is_valid():
        data = form.cleaned_data
        given = {}
        for item in items:
            value = data[f"{side.value}_{item.pk}"]
            given[item.pk] = side.make(None if value is None else Decimal(value), data, item.pk)
        try:
            side.save(rubric, unit, by=request.user, entries=given)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, str(side.done))
            return _back(rubric, unit)
    return _render(
        request, rubric, unit, results, row, frozen, status=400, **{side.form_name: form}
    )


@login_required
@require_POST
@once_per_submission
def unit_self(request, plan_id: int, unit_id: int):
    return _save(request, plan_id, unit_id, _SIDES["self"])


@login_required
@require_POST
@once_per_submission
def unit_official(request, plan_id: int, unit_id: int):
    return _save(request, plan_id, unit_id, _SIDES["official"])


@login_required
@require_GET
def records(request, plan_id: int, unit_id: int, item_id: int):
    rubric, unit, _results, row, frozen = unit_row(request.user, plan_id, unit_id)
    item = next((r for r in row["items"] if r["id"] == item_id and r["computed"]), None)
    if item is None:
        raise Http404
    listed = []
    for record in item["records"]:
        record = {**record, "detail": record_detail(record)}
        name = RECORD_LINKS.get(record["kind"])
        if record["kind"] == "report":
            link = reverse("reports:unit_report", args=[rubric.plan_id, unit.pk])
        else:
            link = reverse(name, args=[record["pk"]]) if name else ""
        listed.append({**record, "link": link})
    return render(
        request,
        "scoring/records.html",
        {
            "plan": rubric.plan,
            "unit": unit,
            "item": item,
            "records": listed,
            "frozen": frozen,
            "version": rubric.last_version if frozen else None,
        },
    )


@login_required
@require_GET
def evidence(request, pk: int):
    return evidence_response(evidence_for(request.user, pk))
