"""Preview links: the people in a story read its unpublished draft without an account.

A link is valid for seven days unless revoked; only a hash of its key is stored, and the
page it opens is marked ``noindex`` and shows the newest draft version, nothing to edit.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.accounts.models import User
from dienhinh.core import audit
from dienhinh.core.text import clean_field
from dienhinh.publishing.models import PreviewLink, Story

PREVIEW_CREATE = audit.define_action("story.preview_link", gettext_lazy("Story: preview link made"))
PREVIEW_REVOKE = audit.define_action(
    "story.preview_revoke", gettext_lazy("Story: preview link revoked")
)


def _check(story: Story, by: User) -> None:
    if not by.has_perm("publishing.change_story", story):
        raise PermissionDenied(_("Only the editors of the story's unit can share its draft."))


@transaction.atomic
def create_preview_link(story: Story, *, by: User, label: str = "") -> tuple[PreviewLink, str]:
    """Make a preview link of ``story`` for ``label`` (whom it is for); returns the link and
    its key, which is never stored and shown only now.

    Side effects: one PreviewLink row, one audit entry.
    """
    _check(story, by)
    label = clean_field(label, field="label")[:150]
    key = PreviewLink.new_key()
    now = timezone.now()
    link = PreviewLink.objects.create(
        story=story,
        label=label,
        key_hash=PreviewLink.hash_key(key),
        key_start=key[:10],
        created_by=by,
        created_at=now,
        expires_at=now + PreviewLink.LIFETIME,
    )
    audit.record(
        PREVIEW_CREATE,
        actor=by,
        target=story,
        unit=story.unit,
        extra={"link": link.pk, "label": label},
    )
    return link, key


@transaction.atomic
def revoke_preview_link(link: PreviewLink, *, by: User) -> PreviewLink:
    """Stop ``link`` from working. Side effects: the link row, one audit entry."""
    link = PreviewLink.objects.select_for_update().select_related("story__unit").get(pk=link.pk)
    _check(link.story, by)
    if link.revoked_at is None:
        link.revoked_at, link.revoked_by = timezone.now(), by
        link.save(update_fields=["revoked_at", "revoked_by"])
        audit.record(
            PREVIEW_REVOKE,
            actor=by,
            target=link.story,
            unit=link.story.unit,
            extra={"link": link.pk, "label": link.label},
        )
    return link


@dataclass
class Preview:
    """What a preview key opens: ``link`` (None for a key nobody issued) and whether it
    still works (False: expired or revoked, answered with 410 Gone)."""

    link: PreviewLink | None
    valid: bool


def open_preview(key: str) -> Preview:
    """Look up a preview key. No login, no scope: the key itself is the permission."""
    if not key.startswith(PreviewLink.PREFIX) or len(key) > 80:
        return Preview(None, False)
    link = (
        PreviewLink.objects.select_related("story__draft_version", "story__unit")
        .filter(key_hash=PreviewLink.hash_key(key))
        .first()
    )
    if link is None:
        return Preview(None, False)
    return Preview(link, link.is_valid())
