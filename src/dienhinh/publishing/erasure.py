"""A person's data erased (nominations.erasure) also leaves the stories told about them.

The stories go offline as for a withdrawn consent; the story photos copied from the
dossier's photos (which show the person) are deleted with their files, and leave every
version's list of photos; and the person's name is replaced by the
erasure's marker wherever the stories kept it: in every version (headline, lead, body, the
photos' captions and descriptions), in the photos' own texts and list of people, in the
address (slug, and the old ones redirecting to it), in the editors' search text and in the
labels and reasons of the audit entries about the stories. Versions are otherwise immutable; this is
the one change the law asks of them.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.text import slugify

from dienhinh.accounts.models import User
from dienhinh.core.files import delete_after_commit
from dienhinh.core.models import AuditEntry
from dienhinh.core.text import fold
from dienhinh.publishing.changes import stories_changed
from dienhinh.publishing.models import Story, StoryPhoto, StorySlug, StoryVersion
from dienhinh.publishing.photos import files_of
from dienhinh.publishing.workflow import take_offline_for_withdrawn_consent


def _scrub(text: str, names, marker: str) -> str:
    for name in names:
        text = text.replace(name, marker)
    return text


def _lock(model, ids) -> None:
    list(model.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def erase_subject_from_stories(nomination, by: User, *, names, marker) -> None:
    """Inside the erasure's transaction, before the dossier's photos are deleted: the stories
    about ``nomination`` offline, the copies of its photos deleted, and ``names`` replaced
    by ``marker`` in everything the stories hold (see the module's docstring)."""
    copied_into = StoryPhoto.objects.filter(source_photo__nomination=nomination)
    story_ids = set(copied_into.values_list("story_id", flat=True)) | set(
        Story.objects.filter(story_dossiers__nomination=nomination).values_list("pk", flat=True)
    )
    # The stories first, then their photos, in id order: the order an editor's removal of a
    # photo takes (story, then photo), so the two never wait for each other in a cycle.
    _lock(Story, story_ids)
    take_offline_for_withdrawn_consent(nomination, by)
    # Locked before their renditions are listed (photos.files_of): a renditions task
    # committing in between would leave its file on disk with no row.
    copies = list(copied_into.select_for_update(of=("self",)).order_by("pk"))
    copied = {photo.pk for photo in copies}
    for photo in copies:
        delete_after_commit(*files_of(photo))
    StoryPhoto.objects.filter(pk__in=copied).delete()
    names = [name for name in names if name]
    stories = list(
        Story.objects.select_for_update(of=("self",)).filter(
            pk__in=story_ids | {photo.story_id for photo in copies}
        )
    )
    versions = list(StoryVersion.objects.filter(story__in=stories))
    for version in versions:
        version.headline = _scrub(version.headline, names, marker)
        version.lead = _scrub(version.lead, names, marker)
        version.body = _scrub(version.body, names, marker)
        kept = [item for item in version.photos if item.get("photo") not in copied]
        if kept and not any(item.get("cover") for item in kept):
            kept[0] = {**kept[0], "cover": True}
        version.photos = [
            {
                **item,
                **{
                    key: _scrub(item[key], names, marker)
                    for key in ("caption", "alt_text")
                    if isinstance(item.get(key), str)
                },
            }
            for item in kept
        ]
    StoryVersion.objects.bulk_update(versions, ["headline", "lead", "body", "photos"])
    photos = list(StoryPhoto.objects.filter(story__in=stories))
    for photo in photos:
        photo.caption = _scrub(photo.caption, names, marker)
        photo.alt_text = _scrub(photo.alt_text, names, marker)
        photo.people = _scrub(photo.people, names, marker)
    StoryPhoto.objects.bulk_update(photos, ["caption", "alt_text", "people"])
    slugs = [slugify(fold(name)) for name in names]
    by_pk = {version.pk: version for version in versions}
    for story in stories:
        draft = by_pk.get(story.draft_version_id)
        if draft is not None:
            story.draft_search_text = fold(f"{draft.headline} {draft.lead}")
        if any(part and part in story.slug for part in slugs):
            story.slug = f"bai-viet-{story.pk}"
    Story.objects.bulk_update(stories, ["slug", "draft_search_text"])
    # bulk_update sends no signal: the cached stories panel would show the old headlines.
    stories_changed()
    if names:
        # The old addresses were made from the same headlines.
        StorySlug.objects.filter(story__in=stories).delete()
    story_type = ContentType.objects.get_for_model(Story)
    labelled = AuditEntry.objects.filter(
        target_type=story_type, target_id__in=[s.pk for s in stories]
    )
    # Their labels carry the headline, and the reasons editors gave (a return, a take-down)
    # may name the person.
    changed = []
    for entry in labelled.only("pk", "target_label", "reason"):
        label = _scrub(entry.target_label, names, marker)
        reason = _scrub(entry.reason, names, marker)
        if (label, reason) != (entry.target_label, entry.reason):
            entry.target_label, entry.reason = label, reason
            changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["target_label", "reason"])
