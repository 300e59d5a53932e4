"""What the publishing app adds to the lower apps' pages and steps, and what it lets higher
apps add: pinned, so a hook that goes missing or runs twice fails here."""

from dienhinh.nominations.hooks import consent_withdrawn, dossier_page
from dienhinh.orgs.hooks import unit_page
from dienhinh.publishing.hooks import public_changed, story_page
from dienhinh.publishing.workflow import transition_story

from .conftest import edit


def test_what_publishing_registers():
    # The activities app adds its "record a meeting" button to both pages, the documents
    # app the achievement report's download links.
    assert dossier_page.names == [
        "publishing.write_story",
        "activities.record_meeting",
        "documents.achievement",
    ]
    assert consent_withdrawn.names == ["publishing.unpublish"]
    assert unit_page.names == ["accounts.people", "publishing.settings", "documents.templates"]
    assert story_page.names == [
        "publishing.readings",
        "publishing.newspaper",
        "activities.record_meeting",
    ]


def test_public_changed_runs_after_commit_on_each_public_change(
    world, make_story, django_capture_on_commit_callbacks
):
    seen = []
    public_changed.register("tests.seen", seen.append)
    try:
        story = make_story(photo=True)
        with django_capture_on_commit_callbacks(execute=True):
            edit(story, world.editor, headline="Chưa công khai")  # a draft: nothing public
        assert seen == []
        for action in ("publish", "feature", "unfeature", "unpublish"):
            with django_capture_on_commit_callbacks(execute=True):
                transition_story(story, action=action, by=world.editor)
            story.refresh_from_db()
        assert seen == [story.pk] * 4
        transition_story(story, action="publish", by=world.editor)
        story.refresh_from_db()
        photo = story.photos.get()
        item = story.draft_version.photos[0]
        with django_capture_on_commit_callbacks(execute=True):
            edit(
                story,
                world.editor,
                photos=[
                    {
                        "photo_id": photo.pk,
                        "caption": item["caption"],
                        "alt_text": item["alt_text"],
                        "cover": True,
                        "people_consent": "not_recorded",
                    }
                ],
            )
        assert seen == [story.pk] * 5  # a photo of the live version changed its consent
    finally:
        public_changed._entries = [e for e in public_changed._entries if e.name != "tests.seen"]
