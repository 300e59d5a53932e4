"""Writing stories: create, save a new version, restore an old one; which dossiers may be told
about; each unit's publishing settings. Pages and the API call these functions; each checks
permission itself, runs in one transaction and saves everything or nothing. State never
changes here: that is ``workflow.transition_story``'s job (photos: publishing.photos).
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.models import User
from dienhinh.core import audit
from dienhinh.core.text import clean_text, fold, refusal
from dienhinh.nominations.enums import PeopleConsent, State
from dienhinh.nominations.models import Nomination
from dienhinh.nominations.richtext import sanitize
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.fields import base_slug
from dienhinh.plans.models import Movement, Plan, SharedField
from dienhinh.publishing.enums import EDITABLE, StoryState
from dienhinh.publishing.models import (
    PublishingSettings,
    Story,
    StoryDossier,
    StoryPhoto,
    StoryVersion,
)
from dienhinh.publishing.workflow import StoryConflict, announce_public_change

HEADLINE_MAX = 255
LEAD_MAX = 2_000
BODY_MAX = 200_000
NOTE_MAX = 255
MAX_DOSSIERS = 20
KEEP = object()  # "leave as it is" for update_story's optional arguments

STORY_CREATE = audit.define_action("story.create", gettext_lazy("Story: created"))
STORY_SAVE = audit.define_action("story.save", gettext_lazy("Story: new version saved"))
STORY_RESTORE = audit.define_action("story.restore", gettext_lazy("Story: old version restored"))
SETTINGS_CHANGE = audit.define_action(
    "publishing.settings", gettext_lazy("Publishing settings changed")
)


@dataclass(frozen=True)
class PhotoItem:
    """One photo of the version being saved, in order: its caption and description in this
    version, whether it is the cover, and (None: unchanged) the consent of the people shown."""

    photo_id: int
    caption: str = ""
    alt_text: str = ""
    cover: bool = False
    people_consent: str | None = None
    people: str | None = None


# --- What an editor may use -------------------------------------------------------------


def linkable_dossiers(user):
    """Dossiers a story of ``user`` may tell about: those selected for propagation in plans
    the user can see (a selected example is meant to be spread wherever its plan reached)."""
    return Nomination.objects.filter(
        state=State.SELECTED, plan__in=Plan.objects.visible_to(user).values("pk")
    )


def story_units(user):
    """Active units for which ``user`` writes stories."""
    from dienhinh.accounts.scope import unit_filter
    from dienhinh.publishing.roles import EDITOR_ROLES

    return OrgUnit.objects.filter(unit_filter(user, EDITOR_ROLES), is_active=True)


def may_edit(user, story: Story) -> bool:
    return story.state in EDITABLE and user.has_perm("publishing.change_story", story)


# --- Text ---------------------------------------------------------------------------------


def _clean_texts(*, headline, lead, body, note) -> tuple[str, str, str, str]:
    errors = {}
    for name, value in (("headline", headline), ("lead", lead), ("body", body), ("note", note)):
        message = refusal(value)
        if message:
            errors[name] = message
    if errors:
        raise ValidationError(errors)
    headline, note = clean_text(headline), clean_text(note)
    lead = clean_text(lead, multiline=True)
    body = sanitize(clean_text(body, multiline=True))
    limits = {"headline": (headline, HEADLINE_MAX), "lead": (lead, LEAD_MAX)}
    limits |= {"body": (body, BODY_MAX), "note": (note, NOTE_MAX)}
    for name, (value, limit) in limits.items():
        if len(value) > limit:
            errors[name] = _("Use at most %(limit)s characters.") % {"limit": limit}
    if not headline:
        errors["headline"] = _("Write a headline.")
    if errors:
        raise ValidationError(errors)
    return headline, lead, body, note


def _check_references(by: User, *, field, movement, dossiers: Sequence[Nomination], story=None):
    errors = {}
    if (
        field not in (None, KEEP)
        and not SharedField.objects.visible_to(by).filter(pk=field.pk).exists()
    ):
        errors["field"] = _("Choose a field you can see.")
    if (
        movement not in (None, KEEP)
        and not Movement.objects.visible_to(by).filter(pk=movement.pk).exists()
    ):
        errors["movement"] = _("Choose a movement you can see.")
    if dossiers is not None:
        already = (
            set(story.story_dossiers.values_list("nomination_id", flat=True)) if story else set()
        )
        new = {d.pk for d in dossiers} - already
        allowed = set(linkable_dossiers(by).filter(pk__in=new).values_list("pk", flat=True))
        if new - allowed:
            errors["dossiers"] = _(
                "Only dossiers selected for propagation, in plans you can see, can be linked."
            )
        if len(dossiers) > MAX_DOSSIERS:
            errors["dossiers"] = _("A story may tell about at most %(limit)s dossiers.") % {
                "limit": MAX_DOSSIERS
            }
    if errors:
        raise ValidationError(errors)


def _set_dossiers(story: Story, dossiers: Sequence[Nomination]) -> None:
    story.story_dossiers.all().delete()
    unique = list({d.pk: d for d in dossiers}.values())
    StoryDossier.objects.bulk_create(
        [StoryDossier(story=story, nomination=d, position=i) for i, d in enumerate(unique)]
    )


def new_version_like(
    story: Story, source: StoryVersion, *, by: User, photos: list, note: str
) -> StoryVersion:
    """The next version of ``story`` with the text of ``source`` and these photos."""
    return new_version(
        story,
        by=by,
        headline=source.headline,
        lead=source.lead,
        body=source.body,
        photos=photos,
        note=note,
    )


def new_version(
    story: Story, *, by: User, headline, lead, body, photos: list, note=""
) -> StoryVersion:
    """Write the next version of ``story`` (locked by the caller) and make it the draft.

    Side effects: inserts the StoryVersion, updates the story's draft and its search text.
    """
    last = story.versions.aggregate(last=Max("number"))["last"] or 0
    version = StoryVersion.objects.create(
        story=story,
        number=last + 1,
        headline=headline,
        lead=lead,
        body=body,
        photos=photos,
        note=note,
        created_by=by if getattr(by, "pk", None) else None,
    )
    story.draft_version = version
    story.draft_search_text = fold(f"{headline} {lead}")
    if not story.first_published_at:
        story.slug = base_slug(headline)
    story.save(update_fields=["draft_version", "draft_search_text", "slug", "updated_at"])
    return version


def lock_editable(story: Story, by: User) -> Story:
    locked = (
        Story.objects.select_for_update(of=("self",))
        .select_related("unit", "draft_version", "live_version")
        .get(pk=story.pk)
    )
    if not may_edit(by, locked):
        raise PermissionDenied(_("Only the editors of the story's unit can change it."))
    return locked


# --- Stories ------------------------------------------------------------------------------


@transaction.atomic
def create_story(
    *,
    unit: OrgUnit,
    by: User,
    headline: str,
    lead: str = "",
    body: str = "",
    field: SharedField | None = None,
    movement: Movement | None = None,
    dossiers: Sequence[Nomination] = (),
    note: str = "",
) -> Story:
    """Start a draft story of ``unit`` (version 1), telling about ``dossiers``.

    Side effects: inserts the story, its dossier links, its first version, one audit entry.
    Raises PermissionDenied (not an editor of the unit) or ValidationError (every error at
    once, keyed by field) and then saves nothing.
    """
    if not by.has_perm("publishing.add_story", unit):
        raise PermissionDenied(_("You may not write stories for this unit."))
    if not unit.is_active:
        raise ValidationError({"unit": _("%(unit)s is no longer active.") % {"unit": unit.name}})
    headline, lead, body, note = _clean_texts(headline=headline, lead=lead, body=body, note=note)
    _check_references(by, field=field, movement=movement, dossiers=list(dossiers))
    story = Story.objects.create(
        unit=unit, field=field, movement=movement, created_by=by, state=StoryState.DRAFT
    )
    _set_dossiers(story, list(dossiers))
    version = new_version(
        story, by=by, headline=headline, lead=lead, body=body, photos=[], note=note
    )
    audit.record(
        STORY_CREATE,
        actor=by,
        target=story,
        unit=unit,
        to_state=story.state,
        extra={"version": version.number},
    )
    return story


def _people_lines(text: str) -> str:
    """One person a line, in the order typed (left to right), blank lines dropped."""
    lines = (clean_text(line) for line in clean_text(text, multiline=True).splitlines())
    return "\n".join(line for line in lines if line)[:2000]


def _photo_list(story: Story, items: Sequence[PhotoItem]) -> tuple[list, list[StoryPhoto]]:
    """The version's photo list from ``items``, and the photos whose current caption,
    description or consent changed (to be saved)."""
    photos = StoryPhoto.objects.filter(story=story).in_bulk([i.photo_id for i in items])
    errors, changed, listed, seen = [], [], [], set()
    cover_taken = False
    for item in items:
        photo = photos.get(item.photo_id)
        if photo is None or item.photo_id in seen:
            errors.append(_("A photo in the list is not a photo of this story."))
            continue
        seen.add(item.photo_id)
        caption = clean_text(item.caption)[:255]
        alt_text = clean_text(item.alt_text)[:255]
        consent = item.people_consent or photo.people_consent
        if consent not in PeopleConsent.values:
            errors.append(_("Choose whether the people in the photo agreed."))
            continue
        people = photo.people if item.people is None else _people_lines(item.people)
        current = (photo.caption, photo.alt_text, photo.people_consent, photo.people)
        if current != (caption, alt_text, consent, people):
            photo.caption, photo.alt_text, photo.people_consent = caption, alt_text, consent
            photo.people = people
            changed.append(photo)
        cover = item.cover and not cover_taken
        cover_taken = cover_taken or cover
        listed.append({"photo": photo.pk, "caption": caption, "alt_text": alt_text, "cover": cover})
    refused = refusal(*(t for i in items for t in (i.caption, i.alt_text, i.people or "")))
    if refused:
        errors.insert(0, refused)
    if errors:
        raise ValidationError({"photos": errors})
    return listed, changed


@transaction.atomic
def update_story(
    story: Story,
    *,
    by: User,
    headline: str | None = None,
    lead: str | None = None,
    body: str | None = None,
    photos: Sequence[PhotoItem] | None = None,
    field=KEEP,
    movement=KEEP,
    dossiers: Sequence[Nomination] | None = None,
    note: str = "",
    based_on: int | None = None,
) -> Story:
    """Save the editor's changes: a new draft version when the text or the photo list
    changed (one per save, never one per keystroke; a save that changes nothing writes none),
    and the story's field, movement and dossiers. A published story stays live on its
    version until the new one is published. ``based_on``: the draft version the editor
    started from; if someone saved another since, StoryConflict (nothing is overwritten).

    Side effects: the version, the story, the photos' current captions and consent, one
    audit entry; public_changed after commit if a photo of the live version changed consent.
    """
    locked = lock_editable(story, by)
    if based_on is not None and based_on != locked.draft_version_id:
        raise StoryConflict(
            _(
                "Someone else saved a new version of this story in the meantime. Reload it: "
                "your changes were not saved."
            )
        )
    draft = locked.draft_version
    headline, lead, body, note = _clean_texts(
        headline=draft.headline if headline is None else headline,
        lead=draft.lead if lead is None else lead,
        body=draft.body if body is None else body,
        note=note,
    )
    _check_references(
        by,
        field=field,
        movement=movement,
        dossiers=None if dossiers is None else list(dossiers),
        story=locked,
    )
    listed, changed = (draft.photos, []) if photos is None else _photo_list(locked, photos)
    for photo in changed:
        photo.save(update_fields=["caption", "alt_text", "people_consent", "people"])
    if field is not KEEP:
        locked.field = field
    if movement is not KEEP:
        locked.movement = movement
    locked.save(update_fields=["field", "movement", "updated_at"])
    if dossiers is not None:
        _set_dossiers(locked, list(dossiers))
    if not draft.same_content(headline=headline, lead=lead, body=body, photos=listed):
        version = new_version(
            locked, by=by, headline=headline, lead=lead, body=body, photos=listed, note=note
        )
        audit.record(
            STORY_SAVE,
            actor=by,
            target=locked,
            unit=locked.unit,
            from_state=locked.state,
            to_state=locked.state,
            extra={"version": version.number},
        )
    live = set(locked.live_version.photo_ids) if locked.live_version_id else set()
    if locked.state == StoryState.PUBLISHED and any(p.pk in live for p in changed):
        announce_public_change(locked.pk)
    story.refresh_from_db()
    return locked


@transaction.atomic
def restore_version(version: StoryVersion, *, by: User) -> Story:
    """Make a new draft version that copies ``version`` (photos removed since are left out).

    Side effects: the new version, one audit entry.
    """
    locked = lock_editable(version.story, by)
    existing = set(StoryPhoto.objects.filter(story=locked).values_list("pk", flat=True))
    photos = [item for item in version.photos if item["photo"] in existing]
    note = _("Restored from version %(number)s") % {"number": version.number}
    new = new_version_like(locked, version, by=by, photos=photos, note=note)
    audit.record(
        STORY_RESTORE,
        actor=by,
        target=locked,
        unit=locked.unit,
        from_state=locked.state,
        to_state=locked.state,
        extra={"version": new.number, "restored": version.number},
    )
    return locked


# --- Unit settings ------------------------------------------------------------------------


def settings_of(unit: OrgUnit) -> PublishingSettings:
    """The unit's settings (the defaults, unsaved, when it has none yet)."""
    return PublishingSettings.objects.filter(unit=unit).first() or PublishingSettings(unit=unit)


@transaction.atomic
def set_requires_review(unit: OrgUnit, *, by: User, requires_review: bool) -> PublishingSettings:
    """Whether ``unit``'s stories need a second editor's approval.

    Side effects: the settings row (created if missing), one audit entry when it changed.
    """
    if not by.has_perm("publishing.change_publishingsettings", unit):
        raise PermissionDenied(_("Only the unit's editors and administrators can change this."))
    current, _created = PublishingSettings.objects.select_for_update().get_or_create(unit=unit)
    if current.requires_review != requires_review:
        current.requires_review = requires_review
        current.updated_by = by
        current.save()
        audit.record(
            SETTINGS_CHANGE,
            actor=by,
            target=current,
            unit=unit,
            extra={"requires_review": requires_review},
        )
    return current
