"""Permission predicates for stories, shared by pages and API."""

import rules

from dienhinh.accounts.rules import is_sysadmin
from dienhinh.publishing.enums import StoryState
from dienhinh.publishing.roles import writes_stories


@rules.predicate
def can_see_story(user, story) -> bool:
    from dienhinh.publishing.models import Story

    return story is not None and Story.objects.visible_to(user).filter(pk=story.pk).exists()


@rules.predicate
def writes_stories_for(user, unit) -> bool:
    return writes_stories(user, unit)


@rules.predicate
def can_change_story(user, story) -> bool:
    """The story unit's editors save new versions and manage photos and preview links,
    except once an upper unit has taken the story down."""
    return (
        story is not None
        and story.state != StoryState.TAKEN_DOWN
        and writes_stories(user, story.unit)
    )


rules.add_perm("publishing.view_story", rules.is_authenticated & (is_sysadmin | can_see_story))
# For add_story and change_publishingsettings the object is the unit.
rules.add_perm("publishing.add_story", rules.is_authenticated & writes_stories_for)
rules.add_perm("publishing.change_story", rules.is_authenticated & can_change_story)
rules.add_perm("publishing.change_publishingsettings", rules.is_authenticated & writes_stories_for)
