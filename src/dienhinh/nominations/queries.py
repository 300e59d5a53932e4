"""Which dossiers a list shows: the filters shared by the list page, the XLSX export and the
API, and the reviewers' "waiting for me" inbox. Every query starts from
``Nomination.objects.visible_to(user)``, the single visibility rule."""

from collections.abc import Callable
from typing import NamedTuple

from django import forms
from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dienhinh.accounts.scope import (
    assignments,
    is_system_admin,
    scope_key,
    unit_and_ancestors_filter,
)
from dienhinh.core import generations
from dienhinh.core.params import parse_id
from dienhinh.core.prepared import PerKey
from dienhinh.core.text import fold, nfc, vietnamese_sort_key
from dienhinh.core.web import Form
from dienhinh.nominations.enums import IN_REVIEW, Action, State
from dienhinh.nominations.models import Nomination, Transition
from dienhinh.nominations.workflow import DECIDER_ROLES, REVIEWER_ROLES, WRITER_ROLES
from dienhinh.orgs.domain import UNIT_GENERATION
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.changes import PLAN_GENERATION
from dienhinh.plans.models import Plan, PlanField, SubjectKind

SORT_UPDATED = ""
SORT_NAME = "name"
# What every dossier table shows in one query, whatever the page.
LIST_RELATED = ("plan", "nominating_unit", "current_unit", "field")


# The SQL of the list's and the inbox's queries, compiled once per scope and choices.
COMPILED = PerKey()


class Scoped(NamedTuple):
    """A queryset (``build()``) whose SQL depends only on ``key``: the scope key of the user
    it is for (accounts.scope.scope_key) and the page's choices. Its queries are compiled
    once per key (core.prepared.PerKey) and run each time."""

    key: tuple
    build: Callable[[], QuerySet]

    def rows(self, name: str, shape: Callable[[QuerySet], QuerySet]) -> list[dict]:
        """The rows of ``shape(build())`` (a ``values()`` queryset) for this key."""
        return COMPILED.rows((name, *self.key), lambda: shape(self.build()))

    def count(self) -> int:
        return COMPILED.count(("rows", *self.key), self.build)


# How long the filters' options stay cached at most (a change makes them stale at once).
OPTIONS_LIFETIME = 3600


def _plan_label(plan: Plan) -> str:
    return f"{plan.reference} ({plan.year}) — {plan.title[:60]}"


class FilterForm(Form):
    """The filters of the dossier list and export, read from the query string.

    A bad value gives an error on its field; the other filters still apply.
    """

    q = forms.CharField(label=_("Search"), max_length=200, required=False)
    plan = forms.ModelChoiceField(
        label=_("Plan"), queryset=Plan.objects.none(), required=False, empty_label=_("All plans")
    )
    state = forms.MultipleChoiceField(label=_("State"), choices=State.choices, required=False)
    # Listed once per name: plans of several years and units share their fields' names, and
    # an officer looking for "Lao động sản xuất" means it in every plan.
    field = forms.ChoiceField(label=_("Field"), required=False)
    unit = forms.CharField(
        label=_("Nominating unit"),
        max_length=40,
        required=False,
        help_text=_("A unit code; the units under it are included."),
    )
    kind = forms.ChoiceField(
        label=_("Subject"),
        choices=[("", _("Collectives and individuals")), *SubjectKind.choices],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Order"),
        choices=[(SORT_UPDATED, _("Last updated first")), (SORT_NAME, _("By name"))],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["plan"].label_from_instance = _plan_label
        # Building the plans' visibility query (its subquery on the targets) cost more than
        # the rest of the form: it is built only when a plan is chosen (the queryset checks
        # it) or the options are not cached. Until then the field's queryset is none().
        chosen = self.data.get(self.add_prefix("plan")) if self.is_bound else None
        if chosen not in self.fields["plan"].empty_values:
            self.fields["plan"].queryset = self._visible_plans()
        # Drawn from the cached options.
        self.fields["plan"].widget.choices = self._plan_choices
        self._options = None
        # A callable: the names are read only when the select is drawn or a value is checked
        # (the API's list asks for none of them).
        self.fields["field"].choices = self._field_choices
        # The id of a plan field (older links, the API's field filter) stands for its name.
        value = self.data.get(self.add_prefix("field")) if self.is_bound else None
        if value and (pk := parse_id(value)):
            named = self._plan_fields().filter(pk=pk).values_list("name", flat=True).first()
            if named is not None:
                self.data = self.data.copy()
                self.data[self.add_prefix("field")] = named

    def options(self) -> dict:
        """The plans and field names this user's scope offers, read once per form (drawing a
        select asks for its choices twice) and cached per scope under the generations of
        plans and units (plans.changes), so every page of the list costs no query for them
        and a change shows on the next page."""
        if self._options is None:
            key = ":".join(
                (
                    "filter-options",
                    scope_key(self.user),
                    generations.current(PLAN_GENERATION),
                    generations.current(UNIT_GENERATION),
                )
            )
            self._options = cache.get(key)
            if self._options is None:
                names = set(self._plan_fields().values_list("name", flat=True))
                self._options = {
                    "plans": [(str(plan.pk), _plan_label(plan)) for plan in self._visible_plans()],
                    "fields": sorted(names, key=vietnamese_sort_key),
                }
                cache.set(key, self._options, OPTIONS_LIFETIME)
        return self._options

    def _visible_plans(self) -> QuerySet:
        # The options show a few columns; loading whole plans was most of the form's cost.
        plans = Plan.objects.visible_to(self.user)
        return plans.only("pk", "number", "symbol", "year", "title")

    def _plan_fields(self) -> QuerySet:
        return PlanField.objects.filter(plan__in=Plan.objects.visible_to(self.user))

    def _plan_choices(self) -> list[tuple[str, str]]:
        return [("", self.fields["plan"].empty_label), *self.options()["plans"]]

    def _field_choices(self) -> list[tuple[str, str]]:
        return [("", _("All fields")), *((name, name) for name in self.options()["fields"])]

    def clean_q(self) -> str:
        return nfc(self.cleaned_data["q"])

    def clean_unit(self) -> OrgUnit | None:
        value = nfc(self.cleaned_data["unit"])
        if not value:
            return None
        unit = _findable_units(self.user).filter(code=value).first()
        if unit is None and parse_id(value):
            unit = _findable_units(self.user).filter(pk=parse_id(value)).first()
        if unit is None:
            raise forms.ValidationError(_("No unit with this code is in your scope."))
        return unit

    def clean(self):
        cleaned = super().clean()
        plan, field = cleaned.get("plan"), cleaned.get("field")
        if plan and field and not PlanField.objects.filter(plan=plan, name=field).exists():
            self.add_error("field", _("This plan has no field of that name."))
        return cleaned

    def params(self) -> dict:
        """The valid filters (an invalid one is left out), for ``filter_nominations``."""
        self.is_valid()
        return dict(self.cleaned_data)


def _findable_units(user) -> QuerySet:
    # Units the user may name in a filter: their scope, the units above it (whose subtree
    # holds dossiers sent to them) and the nominating units of dossiers they can see. Any
    # other code gets the same answer as a code that does not exist.
    visible_units = Nomination.objects.visible_to(user).values("nominating_unit")
    return OrgUnit.objects.filter(unit_and_ancestors_filter(user) | Q(pk__in=visible_units))


def filter_nominations(qs: QuerySet, params: dict) -> QuerySet:
    """Narrow ``qs`` by the cleaned filters in ``params`` (keys of ``FilterForm``).

    The search folds diacritics and đ and matches every word against the dossier's
    ``search_text`` (subject, headline, workplace, position). That column has no index:
    a substring match scans the rows the other filters leave.
    """
    if plan := params.get("plan"):
        qs = qs.filter(plan=plan)
    if states := params.get("state"):
        qs = qs.filter(state__in=list(states))
    if field := params.get("field"):
        qs = qs.filter(field__name=field)
    if unit := params.get("unit"):
        qs = qs.filter(nominating_unit__path__startswith=unit.path)
    if kind := params.get("kind"):
        qs = qs.filter(subject_kind=kind)
    for word in fold(params.get("q") or "").split():
        qs = qs.filter(search_text__contains=word)
    if params.get("sort") == SORT_NAME:
        return qs.order_by("sort_name", "pk")
    return qs.order_by("-updated_at", "-pk")


def nominations_for(user, data) -> tuple[FilterForm, QuerySet]:
    """The filter form bound to ``data`` and the visible dossiers it selects."""
    form = FilterForm(data, user=user)
    qs = Nomination.objects.visible_to(user).select_related(*LIST_RELATED)
    return form, filter_nominations(qs, form.params())


# The filters the list's key below is made of: a field added to FilterForm and not here
# makes the list page fail loudly rather than share one SQL between two searches.
_KEYED_FILTERS = frozenset({"plan", "state", "field", "unit", "kind", "q", "sort"})


def scoped_nominations_for(user, data) -> tuple[FilterForm, Scoped]:
    """``nominations_for`` as a ``Scoped`` queryset (the list page): keyed by the user's
    scope and every value ``filter_nominations`` reads."""
    form = FilterForm(data, user=user)
    params = form.params()
    if set(params) - _KEYED_FILTERS:
        raise ValueError(f"filters missing from the key: {set(params) - _KEYED_FILTERS}")
    plan, unit = params.get("plan"), params.get("unit")
    key = (
        "list",
        scope_key(user),
        plan.pk if plan else None,
        tuple(params.get("state") or ()),
        params.get("field") or "",
        unit.path if unit else None,
        params.get("kind") or "",
        params.get("q") or "",
        params.get("sort") or "",
    )
    return form, Scoped(
        key, lambda: filter_nominations(Nomination.objects.visible_to(user), params)
    )


def waiting_for(user) -> QuerySet:
    """Dossiers in review at a unit where ``user`` acts now (the workflow's ``acts_at``): a
    reviewer assignment exactly at the current unit, or a reviewer or editor assignment at the
    plan's issuing unit when the dossier has reached it."""
    qs = Nomination.objects.visible_to(user).filter(state__in=IN_REVIEW)
    if is_system_admin(user):
        return qs.filter(current_unit__isnull=False)
    reviewing = {a.unit_id for a in assignments(user) if a.role in REVIEWER_ROLES}
    deciding = {a.unit_id for a in assignments(user) if a.role in DECIDER_ROLES}
    return qs.filter(
        Q(current_unit_id__in=reviewing)
        | (Q(current_unit_id__in=deciding) & Q(current_unit_id=F("plan__issuing_unit_id")))
    )


def scoped_waiting_for(user) -> Scoped:
    """``waiting_for`` as a ``Scoped`` queryset (it reads only the user's roles)."""
    return Scoped(("waiting", scope_key(user)), lambda: waiting_for(user))


def scoped_returned_to_writer(user) -> Scoped:
    """``returned_to_writer`` as a ``Scoped`` queryset (it reads only the user's roles)."""
    return Scoped(("returned", scope_key(user)), lambda: returned_to_writer(user))


def writes_dossiers(user) -> bool:
    """Whether the user holds a role that writes dossiers for some unit."""
    return any(a.role in WRITER_ROLES for a in assignments(user))


def returned_to_writer(user) -> QuerySet:
    """Returned dossiers of units where ``user`` writes dossiers: theirs to revise."""
    from dienhinh.accounts.scope import unit_filter

    if not writes_dossiers(user):
        return Nomination.objects.none()
    return Nomination.objects.visible_to(user).filter(
        unit_filter(user, WRITER_ROLES, prefix="nominating_unit__"), state=State.RETURNED
    )


def _by_plan(qs: QuerySet) -> QuerySet:
    return qs.order_by().values("plan").annotate(count=Count("pk"))


def _by_state(qs: QuerySet) -> QuerySet:
    return qs.order_by().values("state").annotate(count=Count("pk"))


def counts_by_plan(qs: QuerySet | Scoped) -> list[dict]:
    """``[{"plan": Plan, "count": n}]`` for the dossiers of ``qs``, newest plan first."""
    rows = qs.rows("by-plan", _by_plan) if isinstance(qs, Scoped) else _by_plan(qs)
    counts = {row["plan"]: row["count"] for row in rows}
    plans = Plan.objects.filter(pk__in=counts).order_by("-year", "-number")
    return [{"plan": plan, "count": counts[plan.pk]} for plan in plans]


def counts_by_state(qs: QuerySet | Scoped) -> list[dict]:
    """``[{"state": value, "label": label, "count": n}]`` in workflow order."""
    rows = qs.rows("by-state", _by_state) if isinstance(qs, Scoped) else _by_state(qs)
    counts = {row["state"]: row["count"] for row in rows}
    return [
        {"state": value, "label": label, "count": counts[value]}
        for value, label in State.choices
        if value in counts
    ]


def last_return(nomination: Nomination) -> Transition | None:
    """The return that sent a dossier back for revision (reason, who, when), while it is
    still returned; None otherwise. The dossier and edit pages show it right under their
    heading, so that the officer reads why before anything else."""
    if nomination.state != State.RETURNED:
        return None
    return (
        nomination.transitions.filter(action=Action.RETURN)
        .select_related("by", "from_unit")
        .order_by("-at", "-pk")
        .first()
    )
