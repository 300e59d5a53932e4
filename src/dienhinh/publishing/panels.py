"""What the publishing app shows on other apps' pages: the "write a story" part of a selected
dossier's page (nominations' dossier_page slot) and the workspace home's panel. Each
provider returns a core.hooks.Panel, or None for nothing (with no query when it can tell)."""

from django.db.models import Q

from dienhinh.accounts.scope import scope_key, unit_filter
from dienhinh.core import generations
from dienhinh.core.hooks import Panel
from dienhinh.nominations.enums import State
from dienhinh.orgs.domain import UNIT_GENERATION
from dienhinh.publishing import readings
from dienhinh.publishing.changes import STORY_GENERATION
from dienhinh.publishing.editing import linkable_dossiers
from dienhinh.publishing.enums import StoryState
from dienhinh.publishing.forms import ProposeForm
from dienhinh.publishing.models import NewspaperProposal, Story
from dienhinh.publishing.newspaper.workflow import columns_for, may_propose
from dienhinh.publishing.roles import EDITOR_ROLES, edits_anywhere, writes_stories

HOME_ITEMS = 5


def dossier_story_button(request, *, nomination) -> Panel | None:
    """On a selected dossier's page: the stories told about it that the user sees, and for
    editors the button that starts one from it."""
    if nomination.state != State.SELECTED:
        return None
    user = request.user
    stories = list(
        Story.objects.visible_to(user)
        .filter(story_dossiers__nomination=nomination)
        .select_related("draft_version")
        .order_by("-updated_at")[:10]
    )
    can_write = edits_anywhere(user) and linkable_dossiers(user).filter(pk=nomination.pk).exists()
    if not stories and not can_write:
        return None
    return Panel(
        "publishing/_dossier_panel.html",
        {"nomination": nomination, "stories": stories, "can_write_story": can_write},
    )


def _story_rows(user) -> list[dict]:
    waiting = Q(review_requested_at__isnull=False) | Q(scheduled_for__isnull=False)
    rows = (
        Story.objects.filter(unit_filter(user, EDITOR_ROLES, prefix="unit__"))
        .filter(waiting)
        .order_by("scheduled_for", "review_requested_at", "pk")
        .values(
            "pk",
            "draft_version",
            "draft_version__headline",
            "live_version__headline",
            "unit__name",
            "unit__short_name",
            "review_requested_at",
            "scheduled_for",
        )[: 4 * HOME_ITEMS]
    )
    return [
        {
            "pk": row["pk"],
            # As Story.__str__ says it: the newest version's headline.
            "title": (
                row["draft_version__headline"]
                if row["draft_version"] is not None
                else row["live_version__headline"]
            )
            or f"#{row['pk']}",
            "unit_name": row["unit__short_name"] or row["unit__name"],
            "review_requested_at": row["review_requested_at"],
            "scheduled_for": row["scheduled_for"],
        }
        for row in rows
    ]


def home_stories(request) -> Panel | None:
    """For editors: the stories of their units waiting for a second editor's approval, and
    those scheduled, soonest first. The rows are cached per scope under the stories' and
    units' generations (publishing.changes, orgs.changes)."""
    user = request.user
    if not edits_anywhere(user):
        return None
    rows = generations.cached(
        "home-stories",
        (scope_key(user),),
        (STORY_GENERATION, UNIT_GENERATION),
        lambda: _story_rows(user),
    )
    review = [s for s in rows if s["review_requested_at"] is not None][:HOME_ITEMS]
    scheduled = [s for s in rows if s["scheduled_for"] is not None][:HOME_ITEMS]
    if not review and not scheduled:
        return None
    return Panel(
        "publishing/_home_stories.html", {"review_stories": review, "scheduled_stories": scheduled}
    )


def unit_publishing(request, *, unit) -> Panel | None:
    """On a unit's page, for its editors: whether its stories need a second editor, and the
    link to change it (one query, only for them)."""
    from dienhinh.publishing.editing import settings_of
    from dienhinh.publishing.roles import writes_stories

    if not writes_stories(request.user, unit):
        return None
    return Panel("publishing/_unit_panel.html", {"unit": unit, "publishing": settings_of(unit)})


def story_newspaper(request, *, story) -> Panel | None:
    """On the story page: its proposals to newspaper columns, and for its unit's editors the
    form that proposes it (to a column of its unit or a unit above, once published)."""
    user = request.user
    proposals = list(
        NewspaperProposal.objects.visible_to(user)
        .filter(story=story)
        .select_related("column", "version")
        .order_by("-proposed_at")[:10]
    )
    form = None
    if may_propose(user, story) and story.state == StoryState.PUBLISHED:
        columns = columns_for(story)
        if columns.exists():
            form = ProposeForm(columns=columns)
    if not proposals and form is None:
        return None
    return Panel(
        "publishing/newspaper/_story_panel.html",
        {"story": story, "proposals": proposals, "propose_form": form},
    )


def story_readings(request, *, story) -> Panel | None:
    """On the story page, for its unit's editors: how often it was read."""
    if story.first_published_at is None or not writes_stories(request.user, story.unit):
        return None
    return Panel("publishing/_readings_panel.html", {"readings": readings.summary(story)})
