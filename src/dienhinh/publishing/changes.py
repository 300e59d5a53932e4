"""The stories' generation token (core.generations): bumped whenever a story or one of its
versions is saved or deleted (the signals connected here), and by the writes that send no
signal (``bulk_update`` in publishing.erasure), so what is cached under it (the workspace
home's stories panel) shows the change on the next page.
"""

from django.db.models.signals import post_delete, post_save

from dienhinh.core import generations

STORY_GENERATION = "stories"


def stories_changed(**_signal) -> None:
    generations.bump_now_and_on_commit(STORY_GENERATION)


def connect() -> None:
    from dienhinh.publishing.models import Story, StoryVersion

    for model in (Story, StoryVersion):
        post_save.connect(stories_changed, sender=model, dispatch_uid=f"stories-changed-{model}")
        post_delete.connect(stories_changed, sender=model, dispatch_uid=f"stories-gone-{model}")
