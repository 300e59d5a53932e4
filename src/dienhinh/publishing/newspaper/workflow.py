"""Proposals to a newspaper column: ``propose`` makes one, ``transition_proposal`` is the only
function that changes a proposal's state, ``send_batch`` sends several together (through it).

Who: the editors of a story's unit propose it (and may withdraw it while it waits); the
editors of the column's unit (the federation) send, record as printed and decline. What the
paper gets is the version live when the story was proposed: a later edit does not change a
proposal already made (withdraw and propose again to send the new text).
"""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.models import User
from dienhinh.core import audit
from dienhinh.core.text import clean_field
from dienhinh.publishing.enums import ProposalAction, ProposalState, StoryState
from dienhinh.publishing.models import NewspaperBatch, NewspaperColumn, NewspaperProposal, Story
from dienhinh.publishing.roles import writes_stories

A = ProposalAction
S = ProposalState

# action -> (states it starts from, state it leads to)
TRANSITIONS = {
    A.SEND: ({S.PROPOSED}, S.SENT),
    A.PRINT: ({S.SENT}, S.PRINTED),
    A.DECLINE: ({S.PROPOSED, S.SENT}, S.DECLINED),
    A.WITHDRAW: ({S.PROPOSED}, S.WITHDRAWN),
}
BATCH_MAX = 50


def _details(entry, sees_unit) -> str:
    extra = entry.extra
    parts = [str(extra["column"])] if extra.get("column") else []
    if extra.get("issue"):
        parts.append(_("issue %(number)s of %(date)s") % extra["issue"])
    return " · ".join(parts)


AUDIT_ACTIONS = {
    value: audit.define_action(
        f"newspaper.{value}",
        format_lazy("{}: {}", gettext_lazy("Newspaper"), label),
        states=S.choices,
        details=_details,
    )
    for value, label in A.choices
}


def manages_column(user, column: NewspaperColumn) -> bool:
    """An editor of the column's unit: receives the proposals and deals with the paper."""
    return writes_stories(user, column.unit)


def may_propose(user, story: Story) -> bool:
    return writes_stories(user, story.unit)


def columns_for(story: Story):
    """The active columns ``story`` may be proposed to (of its unit or a unit above it)."""
    return NewspaperColumn.objects.open_to(story)


def allowed_actions(proposal: NewspaperProposal, user) -> list[str]:
    """The actions ``user`` may take on ``proposal`` now (sending is done from the column's
    list, several at once, so it is not offered here)."""
    actions = []
    manager = manages_column(user, proposal.column)
    for action in (A.PRINT, A.DECLINE, A.WITHDRAW):
        starts, _to = TRANSITIONS[action]
        if proposal.state not in starts:
            continue
        may = may_propose(user, proposal.story) if action == A.WITHDRAW else manager
        if may:
            actions.append(action)
    return actions


@transaction.atomic
def propose(
    story: Story, *, column: NewspaperColumn, by: User, note: str = ""
) -> NewspaperProposal:
    """Propose ``story`` (its live version) to ``column`` on behalf of ``by``.

    Refuses with PermissionDenied (not an editor of the story's unit) or ValidationError
    (not published, a column not open to the story, already proposed and not yet decided).
    Side effects: the proposal, one audit entry.
    """
    story = Story.objects.select_for_update(of=("self",)).select_related("unit").get(pk=story.pk)
    if not may_propose(by, story):
        raise PermissionDenied(_("Only the editors of the story's unit can propose it."))
    if story.state != StoryState.PUBLISHED or story.live_version_id is None:
        raise ValidationError(
            _("Only a published story can be proposed: the paper prints what readers can check.")
        )
    if not columns_for(story).filter(pk=column.pk).exists():
        raise ValidationError({"column": _("This column does not take stories of this unit.")})
    note = clean_field(note, field="note", multiline=True)[:2000]
    try:
        with transaction.atomic():
            proposal = NewspaperProposal.objects.create(
                column=column,
                story=story,
                version_id=story.live_version_id,
                note=note,
                proposed_by=by,
            )
    except IntegrityError:
        raise ValidationError(
            _("This story is already proposed to this column and waits for its editors.")
        ) from None
    audit.record(
        AUDIT_ACTIONS[A.PROPOSE],
        actor=by,
        target=story,
        unit=story.unit,
        to_state=S.PROPOSED,
        reason=note,
        extra={"column": str(column), "proposal": proposal.pk},
    )
    return proposal


@transaction.atomic
def transition_proposal(
    proposal: NewspaperProposal,
    *,
    action: str,
    by: User,
    reason: str = "",
    issue_number: str = "",
    issue_date=None,
    batch: NewspaperBatch | None = None,
    position: int = 0,
) -> NewspaperProposal:
    """Apply ``action`` to ``proposal`` on behalf of ``by``: locks the row, checks who and
    from which state, records the issue (print), the reason (decline) or the batch (send),
    and writes one audit entry. Refuses with PermissionDenied or ValidationError."""
    locked = (
        NewspaperProposal.objects.select_for_update(of=("self",))
        .select_related("column__unit", "story__unit")
        .get(pk=proposal.pk)
    )
    if action not in TRANSITIONS:
        raise ValidationError(_("Unknown action."))
    starts, to_state = TRANSITIONS[action]
    allowed = (
        may_propose(by, locked.story) if action == A.WITHDRAW else manages_column(by, locked.column)
    )
    if not allowed:
        raise PermissionDenied(_("You cannot do this with this proposal."))
    if locked.state not in starts:
        raise ValidationError(
            _("This proposal is %(state)s now: reload the page to see what changed.")
            % {"state": S(locked.state).label.lower()}
        )
    reason = clean_field(reason, field="reason", multiline=True)[:2000]
    extra: dict = {"column": str(locked.column)}
    now = timezone.now()
    if action == A.DECLINE and not reason:
        raise ValidationError({"reason": _("Say why it is declined: the unit will read it.")})
    if action == A.PRINT:
        issue_number = clean_field(issue_number, field="issue_number")[:40]
        errors = {}
        if not issue_number:
            errors["issue_number"] = _("Give the issue number.")
        if issue_date is None:
            errors["issue_date"] = _("Give the date of the issue.")
        elif issue_date > timezone.localdate() or issue_date < timezone.localdate(
            locked.proposed_at
        ):
            errors["issue_date"] = _("The issue date lies between the proposal and today.")
        if errors:
            raise ValidationError(errors)
        locked.issue_number, locked.issue_date = issue_number, issue_date
        extra["issue"] = {"number": issue_number, "date": issue_date.strftime("%d/%m/%Y")}
    if action == A.SEND:
        locked.batch, locked.position = batch, position
    from_state = locked.state
    locked.state = to_state
    locked.reason = reason if action in (A.DECLINE, A.WITHDRAW) else locked.reason
    locked.decided_by, locked.decided_at = by, now
    locked.save()
    audit.record(
        AUDIT_ACTIONS[action],
        actor=by,
        target=locked.story,
        unit=locked.story.unit,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        extra=extra | {"proposal": locked.pk},
    )
    proposal.refresh_from_db()
    return locked


@transaction.atomic
def send_batch(column: NewspaperColumn, *, proposal_ids: Sequence[int], by: User) -> NewspaperBatch:
    """Send the chosen proposals of ``column`` to the paper together: a batch (the ZIP to
    download) and each proposal sent, in the order given. All or nothing."""
    if not manages_column(by, column):
        raise PermissionDenied(_("Only the column's editors send to the newspaper."))
    ids = list(dict.fromkeys(proposal_ids))
    if not ids:
        raise ValidationError(_("Choose the stories to send."))
    if len(ids) > BATCH_MAX:
        raise ValidationError(_("Send at most %(count)d stories at once.") % {"count": BATCH_MAX})
    found = NewspaperProposal.objects.filter(column=column, pk__in=ids).in_bulk()
    if len(found) != len(ids):
        raise ValidationError(_("A chosen story is not a proposal to this column."))
    batch = NewspaperBatch.objects.create(column=column, created_by=by)
    for position, pk in enumerate(ids, start=1):
        transition_proposal(found[pk], action=A.SEND, by=by, batch=batch, position=position)
    return batch


COLUMN_SAVED = audit.define_action("newspaper.column", gettext_lazy("Newspaper column saved"))


@transaction.atomic
def save_column(
    unit,
    *,
    by: User,
    newspaper: str,
    name: str,
    is_active: bool = True,
    column: NewspaperColumn | None = None,
) -> NewspaperColumn:
    """Create (``column`` None) or change a column of ``unit``: the names are settings, since
    the paper's title changes (the 2025 merger of provinces renamed the provincial papers)."""
    if not writes_stories(by, unit) or (column is not None and column.unit_id != unit.pk):
        raise PermissionDenied(_("Only the unit's editors set up its newspaper columns."))
    newspaper = clean_field(newspaper, field="newspaper")[:150]
    name = clean_field(name, field="name")[:150]
    errors = {}
    if not newspaper:
        errors["newspaper"] = _("Give the newspaper's name.")
    if not name:
        errors["name"] = _("Give the column's name.")
    duplicate = NewspaperColumn.objects.filter(unit=unit, newspaper=newspaper, name=name)
    if column is not None:
        duplicate = duplicate.exclude(pk=column.pk)
    if not errors and duplicate.exists():
        errors["name"] = _("The unit already has this column in this newspaper.")
    if errors:
        raise ValidationError(errors)
    column = column or NewspaperColumn(unit=unit)
    column.newspaper, column.name, column.is_active, column.updated_by = (
        newspaper,
        name,
        is_active,
        by,
    )
    column.save()
    audit.record(COLUMN_SAVED, actor=by, target=column, unit=unit)
    return column
