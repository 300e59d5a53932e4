"""Starting a story (from one or more selected dossiers, or none) and editing it: text, field,
movement, linked dossiers, and the photos' captions, descriptions, consent, order and cover.
Uploading, importing and removing a photo are separate forms (publishing.views.photos)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dienhinh.accounts.scope import assignments
from dienhinh.core.params import parse_id
from dienhinh.core.text import nfc
from dienhinh.core.web import add_domain_errors, once_per_submission
from dienhinh.nominations.models import Photo
from dienhinh.publishing.editing import (
    create_story,
    linkable_dossiers,
    may_edit,
    story_units,
    update_story,
)
from dienhinh.publishing.forms import PhotoMetaForm, StoryForm, StoryPhotoUploadForm
from dienhinh.publishing.models import StoryPhoto
from dienhinh.publishing.photos import MAX_PHOTOS
from dienhinh.publishing.roles import EDITOR_ROLES
from dienhinh.publishing.views.common import visible_story
from dienhinh.publishing.workflow import StoryConflict

MAX_LINKED = 20
_DOSSIER_RELATED = ("plan", "nominating_unit", "field", "movement")


def _dossiers(user, ids) -> list:
    """The linkable dossiers among ``ids``, in that order; unknown ids are left out."""
    numbers = [n for n in (parse_id(v) for v in ids) if n is not None][:MAX_LINKED]
    found = linkable_dossiers(user).select_related(*_DOSSIER_RELATED).in_bulk(numbers)
    return [found[n] for n in dict.fromkeys(numbers) if n in found]


def _common(values):
    """The one value all of ``values`` share, else None."""
    distinct = {v for v in values if v is not None}
    return distinct.pop() if len(distinct) == 1 else None


def prefill(user, dossiers) -> dict:
    """The new story's first values, from the dossiers it tells about: the headline of a
    single dossier, their common field and movement, and the user's own unit (where they
    hold the editor role) closest above all of them, else their only own unit."""
    initial = {}
    if len(dossiers) == 1:
        initial["headline"] = dossiers[0].headline
    initial["field"] = _common(d.field.shared_id if d.field else None for d in dossiers)
    initial["movement"] = _common(d.movement_id or d.plan.movement_id for d in dossiers)
    own = {a.unit.pk: a.unit for a in assignments(user) if a.role in EDITOR_ROLES}
    covering = [
        unit
        for unit in own.values()
        if dossiers and all(d.nominating_unit.path.startswith(unit.path) for d in dossiers)
    ]
    if covering:
        initial["unit"] = max(covering, key=lambda u: len(u.path)).pk
    elif len(own) == 1:
        initial["unit"] = next(iter(own))
    return initial


@login_required
@once_per_submission
def create(request):
    """A new draft; ``?dossier=<id>`` (repeatable) names the selected dossiers it tells about."""
    user = request.user
    units = story_units(user).order_by("path")
    if not units.exists():
        raise PermissionDenied(_("You do not write stories for any unit."))
    source = request.POST if request.method == "POST" else request.GET
    dossiers = _dossiers(user, source.getlist("dossier"))
    if request.method == "POST":
        form = StoryForm(request.POST, user=user, creating=True)
        if form.is_valid():
            data = form.cleaned_data
            try:
                story = create_story(
                    unit=data["unit"],
                    by=user,
                    headline=data["headline"],
                    lead=data["lead"],
                    body=data["body"],
                    field=data["field"],
                    movement=data["movement"],
                    dossiers=dossiers,
                    note=data["note"],
                )
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(
                    request, _("The story was saved as a draft (version 1). Add photos below.")
                )
                return redirect("publishing:edit", pk=story.pk)
    else:
        form = StoryForm(user=user, creating=True, initial=prefill(user, dossiers))
    context = {"form": form, "dossiers": dossiers, "creating": True}
    return render(request, "publishing/edit.html", context)


def _photo_rows(story, draft, data=None):
    """(photo, its form) for each photo of the draft, in the draft's order."""
    listed = {item["photo"]: item for item in draft.photos}
    photos = StoryPhoto.objects.filter(story=story).in_bulk(list(listed))
    rows = []
    for position, (photo_id, item) in enumerate(listed.items(), start=1):
        photo = photos.get(photo_id)
        if photo is None:
            continue
        initial = {
            "caption": item.get("caption", ""),
            "alt_text": item.get("alt_text", ""),
            "people_consent": photo.people_consent,
            "people": photo.people,
            "position": position,
        }
        form = PhotoMetaForm(data, prefix=f"photo-{photo.pk}", initial=initial)
        rows.append((photo, form, item.get("cover", False)))
    return rows


def _importable(story):
    """Photos of the linked dossiers not yet in the story."""
    taken = story.photos.exclude(source_photo=None).values("source_photo")
    return (
        Photo.objects.filter(nomination__story_links__story=story)
        .exclude(pk__in=taken)
        .select_related("nomination")
        .order_by("nomination_id", "position", "pk")
    )


def _edited_dossiers(request, story):
    """The dossiers after the form: the linked ones still ticked, plus the number typed."""
    kept = set(request.POST.getlist("keep_dossier"))
    current = [d for d in story.dossiers.order_by("story_links__position") if str(d.pk) in kept]
    added = nfc(request.POST.get("add_dossier", ""))
    if not added:
        return current, None
    extra = _dossiers(request.user, [added])
    if not extra:
        return current, _(
            "Dossier %(number)s is not a dossier selected for propagation in your plans."
        ) % {"number": added}
    return current + [d for d in extra if d not in current], None


@login_required
@once_per_submission
def edit(request, pk: int):
    user = request.user
    story = visible_story(user, pk)
    if not may_edit(user, story):
        raise PermissionDenied(_("Only the editors of the story's unit can change it."))
    draft = story.draft_version
    data = request.POST if request.method == "POST" else None
    rows = _photo_rows(story, draft, data)
    if request.method == "POST":
        form = StoryForm(request.POST, user=user, creating=False)
        dossiers, dossier_error = _edited_dossiers(request, story)
        valid = form.is_valid() & all([row[1].is_valid() for row in rows])
        if dossier_error:
            form.add_error(None, dossier_error)
            valid = False
        if valid:
            cover = parse_id(request.POST.get("cover"))
            ordered = sorted(
                enumerate(rows), key=lambda pair: (pair[1][1].cleaned_data["position"], pair[0])
            )
            items = [
                meta.item(photo.pk, cover=photo.pk == cover) for _i, (photo, meta, _c) in ordered
            ]
            values = form.cleaned_data
            try:
                update_story(
                    story,
                    by=user,
                    headline=values["headline"],
                    lead=values["lead"],
                    body=values["body"],
                    photos=items,
                    field=values["field"],
                    movement=values["movement"],
                    dossiers=dossiers,
                    note=values["note"],
                    based_on=values["based_on"],
                )
            except StoryConflict as conflict:
                form.add_error(None, conflict.messages[0])
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("The story was saved."))
                return redirect("publishing:detail", pk=story.pk)
    else:
        form = StoryForm(
            user=user,
            creating=False,
            initial={
                "headline": draft.headline,
                "lead": draft.lead,
                "body": draft.body,
                "field": story.field_id,
                "movement": story.movement_id,
                "based_on": draft.pk,
            },
        )
    context = {
        "story": story,
        "form": form,
        "photo_rows": rows,
        "linked": list(
            story.dossiers.select_related("nominating_unit").order_by("story_links__position")
        ),
        "importable": list(_importable(story)[:60]),
        "upload_form": StoryPhotoUploadForm(),
        "can_add_photo": story.photos.count() < MAX_PHOTOS,
        "max_photos": MAX_PHOTOS,
    }
    return render(request, "publishing/edit.html", context, status=400 if form.errors else 200)
