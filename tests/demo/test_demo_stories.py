"""The demo's stories and shared fields: one load, everything the publishing issue asks."""

import datetime

from django.utils import timezone

from dienhinh.orgs.models import UnitKind
from dienhinh.plans.models import PlanField
from dienhinh.publishing.enums import StoryState
from dienhinh.publishing.models import Story


def test_the_demo_has_stories_in_every_public_state_at_several_levels(demo):
    summary = demo
    stories = list(Story.objects.select_related("unit", "live_version", "draft_version"))
    assert summary.stories == len(stories) == 7
    states = sorted(s.state for s in stories)
    assert states.count(StoryState.PUBLISHED) == 4
    assert {StoryState.SCHEDULED, StoryState.UNPUBLISHED, StoryState.DRAFT} <= set(states)
    kinds = {s.unit.kind for s in stories if s.state == StoryState.PUBLISHED}
    assert {UnitKind.PROVINCE, UnitKind.DISTRICT, UnitKind.GRASSROOTS} <= kinds
    [scheduled] = [s for s in stories if s.state == StoryState.SCHEDULED]
    local = timezone.localtime(scheduled.scheduled_for)
    assert (local.date(), local.hour, local.minute) == (
        timezone.localdate() + datetime.timedelta(days=1),
        7,
        0,
    )
    assert sum(s.featured for s in stories) == 1
    assert any(s.has_pending_changes for s in stories if s.state == StoryState.PUBLISHED)
    # Every story about a dossier tells about a selected one whose consent is recorded,
    # and has its photo, with a description and the people's consent.
    for story in stories:
        for dossier in story.dossiers.all():
            assert dossier.state == "selected" and dossier.consent_recorded_at is not None
        if story.dossiers.exists():
            assert story.photos.count() == 1 and story.draft_version.photos[0]["alt_text"]
    public = Story.objects.public().order_by("published_at")
    assert public.count() == 4 and all(s.published_at < timezone.now() for s in public)
    # The demo's plan fields are linked to the federation's shared fields, across years.
    assert not PlanField.objects.filter(shared__isnull=True).exists()
    teach = PlanField.objects.filter(name__startswith="Dạy tốt").values_list("shared", flat=True)
    assert len(set(teach)) == 1 and len(teach) == 2
    # The federation's newspaper column: the featured story printed, another one waiting.
    from dienhinh.publishing.models import NewspaperProposal

    proposals = NewspaperProposal.objects.select_related("column", "story")
    assert sorted(p.state for p in proposals) == ["printed", "proposed"]
    assert {str(p.column) for p in proposals} == {"Lao động và Công đoàn – Báo Trà Vinh"}
    assert next(p for p in proposals if p.state == "printed").story.featured


def test_a_demo_storys_photo_is_made_in_every_width_the_portal_offers(demo):
    """The cards of the stories' subjects are drawn 1600 px wide: the worker makes the
    480, 960 and 1600 px renditions a real photo gets (a 360 px card gave one)."""
    from dienhinh.publishing.models import StoryPhoto
    from dienhinh.publishing.renditions import WIDTHS, make_renditions

    photo = StoryPhoto.objects.filter(story__in=Story.objects.public()).first()
    assert (photo.width, photo.height) == (1600, 1200)
    make_renditions(photo.pk)
    widths = sorted(set(photo.renditions.values_list("width", flat=True)))
    assert widths == list(WIDTHS)
