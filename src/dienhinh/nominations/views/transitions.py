"""Taking a workflow action on one dossier (confirm page) or on several (the inbox's bulk
forward and return). Both only translate HTTP: ``transition_nomination`` decides."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from dienhinh.core.params import parse_id
from dienhinh.core.text import nfc
from dienhinh.core.web import Form, add_domain_errors, once_per_submission
from dienhinh.nominations.bulk import (
    BULK_ACTIONS,
    MAX_BULK,
    Pick,
    bulk_transition,
    start_bulk_job,
)
from dienhinh.nominations.duplicates import find_duplicates
from dienhinh.nominations.enums import Action, State
from dienhinh.nominations.queries import waiting_for
from dienhinh.nominations.views.detail import REVIEW_ACTIONS, format_points, visible_nomination
from dienhinh.nominations.workflow import (
    REASON_REQUIRED,
    Decision,
    Seen,
    TransitionConflict,
    allowed_actions,
    transition_nomination,
)

MAX_TEXT = 5000


class ActForm(Form):
    """The confirmation of one action. The hidden ``seen_*`` fields carry what the user saw,
    so that an action on a dossier someone else has moved since is refused, not misapplied."""

    seen_state = forms.ChoiceField(choices=State.choices, widget=forms.HiddenInput)
    seen_unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    seen_round = forms.IntegerField(min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, action: str, criteria=(), duplicates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action
        if action in REVIEW_ACTIONS or action == Action.WITHDRAW:
            self.fields["reason"] = forms.CharField(
                label=self._reason_label(action),
                required=False,  # the workflow decides when a reason is required
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
            if action in REASON_REQUIRED:
                self.fields["reason"].widget.attrs["required"] = True
        if action in REVIEW_ACTIONS:
            self.fields["internal_note"] = forms.CharField(
                label=_("Internal note"),
                help_text=_(
                    "Seen only by the reviewers and editors of your level and the levels "
                    "above, never by the nominating unit."
                ),
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            for criterion in criteria:
                self.fields[f"score_{criterion.pk}"] = forms.DecimalField(
                    label=criterion.text,
                    help_text=(
                        _("From 0 to %(max)s points.")
                        % {"max": format_points(criterion.max_points)}
                        if criterion.max_points is not None
                        else _("Points, 0 or more.")
                    ),
                    required=False,
                    min_value=0,
                    max_value=criterion.max_points,
                    max_digits=6,
                    decimal_places=2,
                )
        self.criteria = list(criteria) if action in REVIEW_ACTIONS else []
        if action == Action.SUBMIT and duplicates:
            self.fields["confirm_duplicates"] = forms.BooleanField(
                label=_(
                    "I have checked the dossiers above: this one is not a second reward for "
                    "the same achievement."
                ),
                required=True,
                error_messages={"required": _("Tick the box to confirm before submitting.")},
            )

    @staticmethod
    def _reason_label(action: str) -> str:
        if action in REASON_REQUIRED:
            return _("Reason (sent to the nominating unit)")
        if action == Action.WITHDRAW:
            return _("Why is the dossier withdrawn? (optional)")
        return _("Comment to the nominating unit (optional)")

    def clean(self):
        cleaned = super().clean()
        if any(name in self.errors for name in ("seen_state", "seen_unit", "seen_round")):
            raise ValidationError(
                _("The page was incomplete. Reload the dossier and try again."), code="seen"
            )
        return cleaned

    def score_fields(self):
        return [self[f"score_{c.pk}"] for c in self.criteria]

    def text_fields(self):
        return [self[name] for name in ("reason", "internal_note") if name in self.fields]

    def seen(self) -> Seen:
        data = self.cleaned_data
        return Seen(state=data["seen_state"], unit_id=data["seen_unit"], round=data["seen_round"])

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            reason=nfc(data.get("reason", "")),
            internal_note=nfc(data.get("internal_note", "")),
            scores={
                c.pk: data[f"score_{c.pk}"]
                for c in self.criteria
                if data.get(f"score_{c.pk}") is not None
            },
        )


_DONE = {
    Action.SUBMIT: gettext_lazy("The dossier was submitted to %(unit)s."),
    Action.FORWARD: gettext_lazy("The dossier was forwarded to %(unit)s."),
    Action.RETURN: gettext_lazy("The dossier was returned to the nominating unit."),
    Action.SELECT: gettext_lazy("The dossier was selected for propagation."),
    Action.REJECT: gettext_lazy("The dossier was marked as not selected."),
    Action.WITHDRAW: gettext_lazy("The dossier was withdrawn."),
}


@login_required
@once_per_submission
def act(request, pk: int, action: str):
    if action not in Action.values:
        raise Http404
    user = request.user
    nomination = visible_nomination(user, pk)
    allowed = allowed_actions(nomination, user)
    # Only someone who may submit is shown (and must confirm) the possible duplicates.
    duplicates = (
        find_duplicates(nomination, user=user)
        if action == Action.SUBMIT and action in allowed
        else []
    )
    criteria = list(nomination.plan.criteria.all()) if action in REVIEW_ACTIONS else []
    form_kwargs = {"action": action, "criteria": criteria, "duplicates": duplicates}
    context = {
        "nomination": nomination,
        "action": action,
        "action_label": Action(action).label,
        "duplicates": duplicates,
        "conflict": False,
        "not_allowed": False,
    }

    if request.method != "POST":
        if action not in allowed:
            context.update(not_allowed=True, form=None)
            return render(request, "nominations/act.html", context, status=403)
        form = ActForm(
            action=action,
            criteria=criteria,
            duplicates=duplicates,
            initial={
                "seen_state": nomination.state,
                "seen_unit": nomination.current_unit_id,
                "seen_round": nomination.round,
            },
        )
        return render(request, "nominations/act.html", {**context, "form": form})

    form = ActForm(request.POST, **form_kwargs)
    if not form.is_valid():
        return render(request, "nominations/act.html", {**context, "form": form}, status=400)
    try:
        moved = transition_nomination(
            nomination, action=action, by=user, seen=form.seen(), decision=form.decision()
        )
    except TransitionConflict as conflict:
        context.update(conflict=True, conflict_message=" ".join(conflict.messages), form=None)
        return render(request, "nominations/act.html", context, status=409)
    except ValidationError as error:  # PermissionDenied propagates: Django answers 403
        add_domain_errors(form, error)
        return render(request, "nominations/act.html", {**context, "form": form}, status=400)
    unit = moved.current_unit.display_name if moved.current_unit else ""
    messages.success(request, _DONE[action] % {"unit": unit})
    return redirect("nominations:detail", pk=nomination.pk)


def _bulk_all(request, action: str):
    """Every dossier waiting for the reviewer (of one plan, if chosen), on the worker."""
    waiting = waiting_for(request.user)
    plan_id = parse_id(request.POST.get("plan", "")) if request.POST.get("plan") else None
    if plan_id is not None:
        waiting = waiting.filter(plan_id=plan_id)
    try:
        job = start_bulk_job(
            waiting, action=action, by=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("nominations:inbox")
    return redirect("job", pk=job.pk)


def _parse_pick(value: str) -> Pick | None:
    """A bulk checkbox carries "pk:state:unit:round": the row as the reviewer saw it."""
    parts = value.split(":")
    if len(parts) != 4 or parts[1] not in State.values:
        return None
    pk = parse_id(parts[0])
    round_ = 0 if parts[3] == "0" else parse_id(parts[3])
    unit_id = parse_id(parts[2]) if parts[2] else None
    if pk is None or round_ is None or (parts[2] and unit_id is None):
        return None
    return Pick(pk, Seen(state=parts[1], unit_id=unit_id, round=round_))


@require_POST
@login_required
@once_per_submission
def bulk(request):
    """Forward or return several dossiers (nominations.bulk): a refused dossier is reported
    and leaves the others done."""
    action = request.POST.get("action", "")
    if action not in BULK_ACTIONS:
        return HttpResponseBadRequest(_("Choose forward or return."))
    if request.POST.get("scope") == "all":
        return _bulk_all(request, action)
    values = request.POST.getlist("pick")[: MAX_BULK + 1]
    if len(values) > MAX_BULK:
        messages.error(request, _("Select at most %(max)d dossiers at a time.") % {"max": MAX_BULK})
        return redirect("nominations:inbox")
    picks, invalid = [], []
    for value in values:
        pick = _parse_pick(value)
        if pick is None:
            invalid.append(value[:20])
        else:
            picks.append(pick)
    if not values:
        messages.error(request, _("Select at least one dossier."))
        return redirect("nominations:inbox")
    done, refused = [], [(value, _("This selection is not valid.")) for value in invalid]
    if picks:
        try:
            outcome = bulk_transition(
                picks, action=action, by=request.user, reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("nominations:inbox")
        done = [name for _pk, name in outcome.done]
        refused += [(name, why) for _pk, name, why in outcome.refused]

    if done:
        template = (
            ngettext("%(count)d dossier forwarded.", "%(count)d dossiers forwarded.", len(done))
            if action == Action.FORWARD
            else ngettext("%(count)d dossier returned.", "%(count)d dossiers returned.", len(done))
        )
        messages.success(request, template % {"count": len(done)})
    if refused:
        details = "; ".join(f"{name}: {why}" for name, why in refused)
        messages.warning(
            request,
            ngettext(
                "%(count)d refused (the others were not undone): %(details)s",
                "%(count)d refused (the others were not undone): %(details)s",
                len(refused),
            )
            % {"count": len(refused), "details": details},
        )
    return redirect("nominations:inbox")
