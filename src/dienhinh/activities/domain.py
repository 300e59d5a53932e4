"""Recording activities: create, change and delete meetings and seminars, their photos and
minutes. Pages and the API call these; who may is in activities.rules."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.activities.models import Activity, ActivityKind, ActivityPhoto
from dienhinh.activities.rules import records_activities_for
from dienhinh.core import audit
from dienhinh.core.files import delete_after_commit
from dienhinh.core.text import clean_field
from dienhinh.nominations.editing.uploads import safe_filename
from dienhinh.nominations.files import clean_document, clean_photo
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import EmulationGroup, OrgUnit
from dienhinh.plans.models import Plan, PlanStatus
from dienhinh.publishing.models import Story

ACTIVITY_CREATE = audit.define_action("activity.create", gettext_lazy("Activity recorded"))
ACTIVITY_CHANGE = audit.define_action("activity.change", gettext_lazy("Activity changed"))
ACTIVITY_DELETE = audit.define_action("activity.delete", gettext_lazy("Activity deleted"))
MAX_PHOTOS = 20
MAX_PARTICIPANTS = 1_000_000


@dataclass
class ActivityInput:
    """What a form or API body gives; ``plan``, ``group`` and the related rows are objects
    the caller already found through their visibility functions."""

    kind: str
    unit: OrgUnit
    title: str
    held_on: datetime.date
    participants: int = 0
    notes: str = ""
    plan: Plan | None = None
    group: EmulationGroup | None = None
    participating_units: list[OrgUnit] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    dossiers: list[Nomination] = field(default_factory=list)


def _check(data: ActivityInput, *, by) -> dict:
    if data.kind not in ActivityKind.values:
        raise ValidationError({"kind": _("Choose a meeting or a seminar.")})
    if not records_activities_for(by, data.unit):
        raise PermissionDenied(_("You may not record activities for this unit."))
    errors = {}
    title = clean_field(data.title, field="title")
    if not title:
        errors["title"] = _("Give the activity a title.")
    if len(title) > 255:
        errors["title"] = _("At most 255 characters.")
    if data.held_on is None:
        errors["held_on"] = _("Give the date.")
    elif data.held_on > timezone.localdate():
        errors["held_on"] = _("An activity is recorded once it has taken place.")
    if data.participants is None or not 0 <= data.participants <= MAX_PARTICIPANTS:
        errors["participants"] = _("Give the number of participants.")
    if data.plan is not None and data.plan.status == PlanStatus.DRAFT:
        errors["plan"] = _("Choose an issued plan.")
    if data.kind == ActivityKind.SEMINAR:
        if data.group is None:
            errors["group"] = _("A seminar belongs to an emulation cluster or block.")
        elif data.participating_units:
            members = set(data.group.memberships.values_list("unit_id", flat=True))
            members.add(data.group.leader_id)
            outside = [u.name for u in data.participating_units if u.pk not in members]
            if outside:
                errors["participating_units"] = _("Not members of the group: %(names)s") % {
                    "names": ", ".join(outside)
                }
    elif data.group is not None or data.participating_units:
        errors["group"] = _("Only a seminar has a group and participating units.")
    if errors:
        raise ValidationError(errors)
    return {
        "kind": data.kind,
        "unit": data.unit,
        "unit_name": data.unit.name,
        "title": title,
        "held_on": data.held_on,
        "participants": data.participants,
        "notes": clean_field(data.notes, field="notes", multiline=True),
        "plan": data.plan,
        "group": data.group if data.kind == ActivityKind.SEMINAR else None,
    }


def _relations(activity: Activity, data: ActivityInput) -> None:
    activity.stories.set(data.stories)
    activity.dossiers.set(data.dossiers)
    activity.participating_units.set(
        data.participating_units if data.kind == ActivityKind.SEMINAR else []
    )


@transaction.atomic
def create_activity(data: ActivityInput, *, by, minutes=None) -> Activity:
    """Record an activity. Side effects: the row and its links, the minutes file when
    given, one audit entry."""
    values = _check(data, by=by)
    activity = Activity.objects.create(created_by=by, **values)
    _relations(activity, data)
    if minutes is not None:
        _store_minutes(activity, minutes)
    audit.record(ACTIVITY_CREATE, actor=by, target=activity, unit=activity.unit)
    return activity


@transaction.atomic
def update_activity(activity: Activity, data: ActivityInput, *, by, minutes=None) -> Activity:
    """Change an activity (by whoever may write for its unit and for the new unit).
    Side effects: the row and its links, the minutes file, one audit entry."""
    locked = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    if not records_activities_for(by, locked.unit):
        raise PermissionDenied(_("You may not change this activity."))
    values = _check(data, by=by)
    for key, value in values.items():
        setattr(locked, key, value)
    if minutes is not None:
        _store_minutes(locked, minutes)
    locked.save()
    _relations(locked, data)
    audit.record(ACTIVITY_CHANGE, actor=by, target=locked, unit=locked.unit)
    return locked


@transaction.atomic
def delete_activity(activity: Activity, *, by) -> None:
    """Delete an activity with its photos and minutes. Side effects: rows, files after
    commit, one audit entry."""
    locked = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    if not records_activities_for(by, locked.unit):
        raise PermissionDenied(_("You may not delete this activity."))
    names = [locked.minutes.name] + [
        name for p in locked.photos.all() for name in (p.image.name, p.thumbnail.name)
    ]
    audit.record(ACTIVITY_DELETE, actor=by, target=locked, unit=locked.unit)
    locked.delete()
    delete_after_commit(*names)


def _store_minutes(activity: Activity, upload) -> None:
    cleaned = clean_document(upload)
    replaced = activity.minutes.name if activity.minutes else ""
    activity.minutes.save(f"minutes.{cleaned.extension}", ContentFile(cleaned.content), save=False)
    activity.minutes_name = safe_filename(
        getattr(upload, "name", ""), f"bien-ban.{cleaned.extension}"
    )
    activity.minutes_type = cleaned.content_type
    activity.save()
    delete_after_commit(replaced)


@transaction.atomic
def add_photo(activity: Activity, *, by, upload, caption: str = "") -> ActivityPhoto:
    """Check, re-encode (no EXIF) and store a photo of the activity."""
    locked = Activity.objects.select_for_update().select_related("unit").get(pk=activity.pk)
    if not records_activities_for(by, locked.unit):
        raise PermissionDenied(_("You may not change this activity."))
    if locked.photos.count() >= MAX_PHOTOS:
        raise ValidationError(_("An activity may have at most %(n)s photos.") % {"n": MAX_PHOTOS})
    cleaned = clean_photo(upload)
    photo = ActivityPhoto(
        activity=locked,
        content_type=cleaned.content_type,
        width=cleaned.width,
        height=cleaned.height,
        caption=clean_field(caption, field="caption")[:255],
        original_name=safe_filename(getattr(upload, "name", ""), f"anh.{cleaned.extension}"),
    )
    photo.image.save(f"photo.{cleaned.extension}", ContentFile(cleaned.content), save=False)
    photo.thumbnail.save("thumb.webp", ContentFile(cleaned.thumbnail), save=False)
    photo.save()
    return photo


@transaction.atomic
def remove_photo(photo: ActivityPhoto, *, by) -> None:
    if not records_activities_for(by, photo.activity.unit):
        raise PermissionDenied(_("You may not change this activity."))
    names = (photo.image.name, photo.thumbnail.name)
    photo.delete()
    delete_after_commit(*names)
