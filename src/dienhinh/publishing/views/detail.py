"""The editors' story page (state, what publishing still needs, versions, preview links,
actions, history), one version, two versions compared, restoring a version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from dienhinh.accounts.audit import sees_unit_for
from dienhinh.accounts.scope import is_system_admin
from dienhinh.core.audit import history_of
from dienhinh.core.params import parse_id
from dienhinh.core.web import once_per_submission
from dienhinh.nominations.richtext import sanitize
from dienhinh.publishing import diff
from dienhinh.publishing.editing import may_edit, restore_version
from dienhinh.publishing.enums import REASON_REQUIRED, StoryAction, StoryState
from dienhinh.publishing.forms import ActForm, PreviewLinkForm
from dienhinh.publishing.hooks import story_page
from dienhinh.publishing.models import StoryPhoto, StoryVersion
from dienhinh.publishing.views.common import visible_story
from dienhinh.publishing.workflow import allowed_actions, publication_problems

VERSIONS_SHOWN = 50
NEW_PREVIEW_KEY = "publishing-new-preview"


def version_photos(version: StoryVersion) -> list[tuple[StoryPhoto, dict]]:
    """The photos a version shows, in its order, with its caption and description."""
    found = StoryPhoto.objects.in_bulk(version.photo_ids)
    return [(found[i["photo"]], i) for i in version.photos if i["photo"] in found]


def action_forms(story, actions: list[str]) -> list[tuple[str, str, ActForm]]:
    initial = {"seen_state": story.state, "seen_version": story.draft_version_id}
    forms = []
    for action in actions:
        form = ActForm(initial=initial, prefix=f"act-{action}")
        forms.append((action, StoryAction(action).label, form))
    return forms


@require_GET
@login_required
def story_detail(request, pk: int):
    user = request.user
    story = visible_story(user, pk)
    actions = allowed_actions(story, user)
    editable = may_edit(user, story)
    draft = story.draft_version
    problems = []
    if editable and draft and (story.state != StoryState.PUBLISHED or story.has_pending_changes):
        problems = publication_problems(story, draft)
    versions = list(
        story.versions.select_related("created_by")
        .defer("body", "lead", "photos")
        .order_by("-number")[:VERSIONS_SHOWN]
    )
    context = {
        "story": story,
        "draft": draft,
        "draft_photos": version_photos(draft) if draft else [],
        "body": sanitize(draft.body) if draft else "",
        "dossiers": list(
            story.dossiers.select_related("nominating_unit").order_by("story_links__position")
        ),
        "versions": versions,
        "problems": problems,
        "actions": action_forms(story, actions),
        "reason_actions": sorted(REASON_REQUIRED),
        "can_edit": editable,
        "previews": list(story.preview_links.select_related("created_by")[:20]) if editable else [],
        "preview_form": PreviewLinkForm(),
        "new_preview": request.session.pop(f"{NEW_PREVIEW_KEY}-{story.pk}", None),
        "panels": story_page.panels(request, story=story),
        "show_address": is_system_admin(user),
        **history_of(story, sees_unit=sees_unit_for(user)),
    }
    return render(request, "publishing/detail.html", context)


def _version_of(request, pk: int) -> StoryVersion:
    version = get_object_or_404(StoryVersion.objects.select_related("created_by"), pk=pk)
    # The version exists for the caller only if its story does.
    version.story = visible_story(request.user, version.story_id)
    return version


@require_GET
@login_required
def version_detail(request, pk: int):
    version = _version_of(request, pk)
    context = {
        "story": version.story,
        "version": version,
        "body": sanitize(version.body),
        "photos": version_photos(version),
        "can_restore": may_edit(request.user, version.story)
        and version.pk != version.story.draft_version_id,
    }
    return render(request, "publishing/version.html", context)


@require_GET
@login_required
def compare(request, pk: int):
    """``?a=<number>&b=<number>``: version a against version b (by default the live, or the
    previous, version against the newest)."""
    story = visible_story(request.user, pk)
    versions = {v.number: v for v in story.versions.all()}
    newest = story.draft_version.number
    default_a = story.live_version.number if story.live_version_id else max(newest - 1, 1)
    a = parse_id(request.GET.get("a")) or default_a
    b = parse_id(request.GET.get("b")) or newest
    if a not in versions or b not in versions:
        raise Http404
    labels = {"headline": pgettext("story", "Headline"), "lead": _("Lead"), "body": _("Body")}
    context = {
        "story": story,
        "a": versions[a],
        "b": versions[b],
        "numbers": sorted(versions, reverse=True),
        "parts": diff.compare(versions[a], versions[b], labels),
    }
    return render(request, "publishing/compare.html", context)


@require_POST
@login_required
@once_per_submission
def restore(request, pk: int):
    version = _version_of(request, pk)
    if not may_edit(request.user, version.story):
        raise PermissionDenied(_("Only the editors of the story's unit can change it."))
    story = restore_version(version, by=request.user)
    messages.success(
        request,
        _("Version %(old)s was copied into a new draft, version %(new)s.")
        % {"old": version.number, "new": story.draft_version.number},
    )
    return redirect("publishing:detail", pk=story.pk)
