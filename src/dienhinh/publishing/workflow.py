"""The story workflow: the only module that changes a story's state. ``transition_story``
(every person's action, from pages and API) locks the row, checks permission and state,
writes the audit entry, and after commit queues the emails and runs the ``public_changed``
hooks; ``publish_as_scheduled`` (the worker, at the scheduled minute) and
``take_offline_for_withdrawn_consent`` (the law, when a person withdraws their consent) do
the same for their one step.

    draft ─submit→ in review ─return (reason)→ draft
      │                │
      └──── publish / schedule (at a minute) ────→ published ─unpublish→ unpublished
                           scheduled ─(the worker, at that minute)↗      │
                               └─cancel→ draft              (publish again)┘
    published or scheduled ─take down (reason; an editor above)→ taken down ─reopen→ draft

A published story keeps its state while its editors work on a new version: the live version
stays what the public reads until the new one is published (or scheduled, or sent to review:
``review_requested_at``). Where the unit requires review (PublishingSettings), another
editor than the version's author publishes it.
"""

import functools
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.models import User
from dienhinh.core import audit
from dienhinh.core.text import clean_field
from dienhinh.core.transitions import Refusal
from dienhinh.nominations.enums import PUBLISHABLE_CONSENT
from dienhinh.nominations.workflow import TransitionConflict
from dienhinh.plans.fields import base_slug
from dienhinh.plans.models import SubjectKind
from dienhinh.publishing.enums import (
    CHANGES_PUBLIC,
    REASON_REQUIRED,
    StoryAction,
    StoryState,
)
from dienhinh.publishing.hooks import public_changed
from dienhinh.publishing.models import (
    PublishingSettings,
    Story,
    StoryPhoto,
    StorySlug,
    StoryVersion,
)
from dienhinh.publishing.roles import edits_above, features_stories, writes_stories
from dienhinh.publishing.search import search_document

A = StoryAction
S = StoryState


def _details(entry, sees_unit) -> str:
    extra = entry.extra
    parts = []
    if extra.get("version"):
        parts.append(_("version %(number)s") % {"number": extra["version"]})
    if extra.get("at"):
        parts.append(_("for %(moment)s") % {"moment": extra["at"]})
    if extra.get("by_worker"):
        parts.append(_("by the scheduled task"))
    return " · ".join(parts)


AUDIT_ACTIONS = audit.define_workflow_actions(
    "story",
    gettext_lazy("Story"),
    A.choices,
    states=S.choices,
    details=_details,
)


class StoryConflict(TransitionConflict):
    """The story changed since the user looked at it (someone else acted or saved first)."""


@dataclass
class Seen:
    """What the user saw when choosing the action: the state and the newest version."""

    state: str
    draft_version_id: int | None


def requires_review(unit) -> bool:
    return bool(
        PublishingSettings.objects.filter(unit=unit)
        .values_list("requires_review", flat=True)
        .first()
    )


def _in_review(story: Story) -> bool:
    return story.state == S.IN_REVIEW or (
        story.state == S.PUBLISHED and story.review_requested_at is not None
    )


def _publishable_from(story: Story) -> Refusal | None:
    if story.draft_version_id is None:
        return Refusal(_("Write the story before publishing it."), False)
    if story.state == S.PUBLISHED and not story.has_pending_changes:
        return Refusal(_("The published story has no changes to publish."), False)
    return None


def _refusal(story: Story, action: str, user, *, review: bool) -> Refusal | None:
    """Why ``user`` may not take ``action`` on ``story`` now, or None when they may.
    ``review``: whether the story's unit requires a second editor's approval."""
    state = story.state
    if action in (A.TAKE_DOWN, A.REOPEN):
        if not edits_above(user, story.unit):
            return Refusal(_("Only an editor of a unit above the story's unit can do this."), True)
        if action == A.TAKE_DOWN and state not in (S.PUBLISHED, S.SCHEDULED):
            return Refusal(_("Only a published or scheduled story can be taken down."), False)
        if action == A.REOPEN and state != S.TAKEN_DOWN:
            return Refusal(_("Only a story that was taken down can be reopened."), False)
        return None
    if action in (A.FEATURE, A.UNFEATURE):
        if not features_stories(user, story.unit):
            return Refusal(_("Only the federation's editors put stories on the home page."), True)
        if action == A.FEATURE and (state != S.PUBLISHED or story.featured):
            return Refusal(_("Only a published story that is not featured can be featured."), False)
        if action == A.UNFEATURE and not story.featured:
            return Refusal(_("The story is not on the home page."), False)
        return None
    if not writes_stories(user, story.unit):
        return Refusal(_("Only the editors of the story's unit can do this."), True)
    if state == S.TAKEN_DOWN:
        return Refusal(
            _("An upper unit took this story down; only its editors can reopen it."), False
        )
    if action == A.SUBMIT:
        if state == S.DRAFT or (
            state == S.PUBLISHED and story.has_pending_changes and not _in_review(story)
        ):
            return None
        return Refusal(
            _("Only a draft, or the new version of a published story, can be sent for review."),
            False,
        )
    if action == A.RETURN:
        return (
            None if _in_review(story) else Refusal(_("The story is not waiting for review."), False)
        )
    if action in (A.PUBLISH, A.SCHEDULE):
        refused = _publishable_from(story)
        if refused:
            return refused
        if review and story.draft_version.created_by_id == getattr(user, "pk", None):
            return Refusal(
                _(
                    "This unit requires a second editor's approval: another editor than the "
                    "author of this version must publish it."
                ),
                True,
            )
        return None
    if action == A.CANCEL_SCHEDULE:
        if state == S.SCHEDULED or (state == S.PUBLISHED and story.scheduled_version_id):
            return None
        return Refusal(_("The story is not scheduled."), False)
    if action == A.UNPUBLISH:
        return None if state == S.PUBLISHED else Refusal(_("The story is not published."), False)
    return Refusal(_("Unknown action."), False)


def allowed_actions(story: Story, user) -> list[str]:
    """The actions ``user`` may take on ``story`` now, for buttons and the API."""
    review = requires_review(story.unit)
    return [a for a in A.values if _refusal(story, a, user, review=review) is None]


# --- What publishing needs --------------------------------------------------------------


def publication_problems(story: Story, version: StoryVersion) -> list[str]:
    """Every reason ``version`` of ``story`` may not be published yet, each a sentence the
    editor can act on (empty when it may): headline, body, a description for screen readers
    of every photo, the consent of the people in every photo, and the consent of every
    person whose dossier the story tells about."""
    problems = []
    if not version.headline.strip():
        problems.append(_("Write a headline before publishing."))
    if not strip_tags(version.body).strip():
        problems.append(_("Write the body of the story before publishing."))
    photos = StoryPhoto.objects.in_bulk(version.photo_ids)
    for number, item in enumerate(version.photos, start=1):
        photo = photos.get(item["photo"])
        if photo is None:
            continue
        name = item.get("caption") or photo.original_name or ""
        label = _("Photo %(number)s") % {"number": number} + (f" ({name})" if name else "")
        if not (item.get("alt_text") or "").strip():
            problems.append(
                _("%(photo)s has no description for screen readers: add one.") % {"photo": label}
            )
        if photo.people_consent not in PUBLISHABLE_CONSENT:
            problems.append(
                _(
                    "%(photo)s: record that the people shown agreed to its publication, or "
                    "that nobody in it is recognisable."
                )
                % {"photo": label}
            )
    for dossier in story.dossiers.filter(
        subject_kind=SubjectKind.INDIVIDUAL, consent_recorded_at__isnull=True
    ).order_by("story_links__position"):
        problems.append(
            _(
                "%(name)s has not agreed to be publicised: record the consent on the dossier "
                "before publishing."
            )
            % {"name": dossier.subject_name}
        )
    return problems


def _check_publishable(story: Story, version: StoryVersion) -> None:
    problems = publication_problems(story, version)
    if problems:
        raise ValidationError(problems)


def _go_live(story: Story, version: StoryVersion, *, at) -> None:
    """Make ``version`` what the public reads from ``at`` (fields only; the caller saves)."""
    new_slug = base_slug(version.headline)
    if story.first_published_at is not None and story.slug and story.slug != new_slug:
        # Links to the old address keep working: the portal redirects them.
        StorySlug.objects.get_or_create(story=story, slug=story.slug)
    story.slug = new_slug
    story.live_version = version
    story.state = S.PUBLISHED
    story.published_at = at
    story.first_published_at = story.first_published_at or at
    story.search_text = search_document(
        headline=version.headline, lead=version.lead, body=version.body
    )
    _clear_schedule(story)
    story.review_requested_at = None
    story.review_requested_by = None


def _clear_schedule(story: Story) -> None:
    story.scheduled_for = None
    story.scheduled_version = None
    story.scheduled_by = None


def _go_offline(story: Story, state: str) -> None:
    story.state = state
    story.search_text = ""
    story.featured = False
    _clear_schedule(story)
    story.review_requested_at = None
    story.review_requested_by = None


def _schedule_moment(at):
    if at is None:
        raise ValidationError({"at": _("Choose the day and time of publication.")})
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    at = at.replace(second=0, microsecond=0)
    if at <= timezone.now():
        raise ValidationError({"at": _("Choose a moment in the future.")})
    return at


def _lock(story: Story) -> Story:
    return (
        Story.objects.select_for_update(of=("self",))
        .select_related("unit", "draft_version", "live_version")
        .get(pk=story.pk)
    )


@transaction.atomic
def transition_story(
    story: Story,
    *,
    action: str,
    by: User,
    at=None,
    reason: str = "",
    seen: Seen | None = None,
) -> Story:
    """Apply ``action`` to ``story`` on behalf of ``by``.

    Locks the row; refuses with PermissionDenied (not allowed), StoryConflict (someone acted
    or saved a new version since ``seen``) or ValidationError (missing reason or moment,
    what publishing needs). Side effects: updates the story, writes one audit entry; after
    commit queues the emails (publishing.notifications), the scheduled publication (for
    ``schedule``) and runs the ``publishing.hooks.public_changed`` hooks.
    """
    if seen is None:
        seen = Seen(state=story.state, draft_version_id=story.draft_version_id)
    locked = _lock(story)
    if locked.state != seen.state or locked.draft_version_id != seen.draft_version_id:
        raise StoryConflict(
            _(
                "Someone else has acted on this story or saved a new version in the meantime. "
                "Reload it to see what changed."
            )
        )
    refusal = _refusal(locked, action, by, review=requires_review(locked.unit))
    if refusal is not None:
        raise (
            PermissionDenied(refusal.message)
            if refusal.forbidden
            else ValidationError(refusal.message)
        )
    reason = clean_field(reason, field="reason", multiline=True)
    if action in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Give a reason.")})

    from_state = locked.state
    now = timezone.now()
    extra: dict = {}
    version = locked.draft_version
    if action == A.SUBMIT:
        if locked.state == S.DRAFT:
            locked.state = S.IN_REVIEW
        locked.review_requested_at, locked.review_requested_by = now, by
    elif action == A.RETURN:
        if locked.state == S.IN_REVIEW:
            locked.state = S.DRAFT
        locked.review_requested_at, locked.review_requested_by = None, None
    elif action == A.PUBLISH:
        _check_publishable(locked, version)
        _go_live(locked, version, at=now)
    elif action == A.SCHEDULE:
        at = _schedule_moment(at)
        _check_publishable(locked, version)
        locked.scheduled_for, locked.scheduled_version, locked.scheduled_by = at, version, by
        if locked.state != S.PUBLISHED:
            locked.state = S.SCHEDULED
        locked.review_requested_at, locked.review_requested_by = None, None
        extra["at"] = timezone.localtime(at).strftime("%d/%m/%Y %H:%M")
    elif action == A.CANCEL_SCHEDULE:
        _clear_schedule(locked)
        if locked.state == S.SCHEDULED:
            locked.state = S.UNPUBLISHED if locked.first_published_at else S.DRAFT
    elif action == A.UNPUBLISH:
        _go_offline(locked, S.UNPUBLISHED)
    elif action == A.TAKE_DOWN:
        _go_offline(locked, S.TAKEN_DOWN)
        locked.taken_down_reason, locked.taken_down_by, locked.taken_down_at = reason, by, now
    elif action == A.REOPEN:
        locked.state = S.DRAFT
    elif action == A.FEATURE:
        locked.featured, locked.featured_by, locked.featured_at = True, by, now
    elif action == A.UNFEATURE:
        locked.featured, locked.featured_by, locked.featured_at = False, None, None
    locked.save()
    if version is not None:
        extra["version"] = version.number
    entry = audit.record(
        AUDIT_ACTIONS[action],
        actor=by,
        target=locked,
        unit=locked.unit,
        from_state=from_state,
        to_state=locked.state,
        reason=reason,
        extra=extra,
    )
    _after_commit(locked, action, entry.pk)
    if action == A.SCHEDULE:
        _enqueue_publication(locked)
    story.refresh_from_db()
    return locked


def _after_commit(story: Story, action: str, entry_id: int) -> None:
    from dienhinh.publishing.tasks import notify_story

    transaction.on_commit(lambda: notify_story.enqueue(entry_id), robust=True)
    if action in CHANGES_PUBLIC:
        announce_public_change(story.pk)


def announce_public_change(story_id: int) -> None:
    """Run every ``public_changed`` hook with ``story_id`` once the transaction commits."""
    for _name, hook in public_changed:
        transaction.on_commit(functools.partial(hook, story_id), robust=True)


def _enqueue_publication(story: Story) -> None:
    """Queue the publication for the scheduled minute (django-tasks-db's ``run_after``). The
    task carries the version and the moment: if either changes, it finds nothing to do."""
    from dienhinh.publishing.tasks import publish_scheduled

    story_id, version_id, at = story.pk, story.scheduled_version_id, story.scheduled_for
    transaction.on_commit(
        lambda: publish_scheduled.using(run_after=at).enqueue(
            story_id=story_id, version_id=version_id, at=at.isoformat()
        )
    )


# --- The scheduled publication, run by the worker ----------------------------------------


@transaction.atomic
def publish_as_scheduled(*, story_id: int, version_id: int, at) -> bool:
    """Publish the story if it is still scheduled for exactly ``version_id`` at ``at``;
    returns whether it was. A task left over from a changed or cancelled schedule finds
    something else and does nothing.

    The decision was taken (and checked) when scheduling; what publishing needs is checked
    again (a consent may have been withdrawn since). If it fails, the schedule is cancelled
    and its author told why. Side effects: the story, one audit entry (channel "task", the
    scheduler as actor), after commit the emails and the public_changed hooks.
    """
    locked = (
        Story.objects.select_for_update(of=("self",))
        .select_related("unit", "scheduled_version")
        .filter(pk=story_id)
        .first()
    )
    if (
        locked is None
        or locked.scheduled_version_id != version_id
        or locked.scheduled_for != at
        or locked.state not in (S.SCHEDULED, S.PUBLISHED)
    ):
        return False
    version = locked.scheduled_version
    by = locked.scheduled_by
    from_state = locked.state
    problems = publication_problems(locked, version)
    if problems:
        _clear_schedule(locked)
        if locked.state == S.SCHEDULED:
            locked.state = S.UNPUBLISHED if locked.first_published_at else S.DRAFT
        locked.save()
        entry = audit.record(
            AUDIT_ACTIONS[A.CANCEL_SCHEDULE],
            actor=by,
            target=locked,
            unit=locked.unit,
            from_state=from_state,
            to_state=locked.state,
            reason=" ".join(problems),
            extra={"version": version.number, "by_worker": True},
        )
        _after_commit(locked, A.CANCEL_SCHEDULE, entry.pk)
        return False
    _go_live(locked, version, at=timezone.now())
    locked.save()
    entry = audit.record(
        AUDIT_ACTIONS[A.PUBLISH],
        actor=by,
        target=locked,
        unit=locked.unit,
        from_state=from_state,
        to_state=locked.state,
        extra={"version": version.number, "by_worker": True},
    )
    _after_commit(locked, A.PUBLISH, entry.pk)
    return True


# --- Consent withdrawn on a dossier (nominations.hooks.consent_withdrawn) ----------------


def take_offline_for_withdrawn_consent(nomination, by: User) -> int:
    """Unpublish (or unschedule) every story told about ``nomination``: the person withdrew
    their consent, so nothing about them stays public. Runs inside the withdrawal's
    transaction, on behalf of whoever withdrew it (whatever their role: the law decides
    here, not the editors). Returns how many stories went offline.

    Side effects: per story, the state (unpublished, or back to draft when only scheduled),
    one audit entry with the reason, after commit the emails and public_changed hooks.
    """
    stories = Story.objects.select_for_update(of=("self",)).filter(
        story_dossiers__nomination=nomination, state__in=(S.PUBLISHED, S.SCHEDULED)
    )
    reason = _("The consent of %(name)s was withdrawn.") % {"name": nomination.subject_name}
    count = 0
    for story in stories.select_related("unit"):
        from_state = story.state
        if story.state == S.PUBLISHED:
            _go_offline(story, S.UNPUBLISHED)
            action = A.UNPUBLISH
        else:
            _clear_schedule(story)
            story.state = S.UNPUBLISHED if story.first_published_at else S.DRAFT
            action = A.CANCEL_SCHEDULE
        story.save()
        entry = audit.record(
            AUDIT_ACTIONS[action],
            actor=by,
            target=story,
            unit=story.unit,
            from_state=from_state,
            to_state=story.state,
            reason=reason,
            extra={"consent_withdrawn": True},
        )
        _after_commit(story, action, entry.pk)
        count += 1
    return count
