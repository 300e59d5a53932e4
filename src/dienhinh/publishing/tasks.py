"""Background jobs of the publishing app. They take ids, are enqueued after commit and are
safe to run twice."""

import datetime

from django.tasks import task

from dienhinh.core.context import as_task
from dienhinh.core.worker import fail_if_lost, rerun_if_lost


@task
@rerun_if_lost
@as_task
def notify_story(entry_id: int) -> int:
    """Email the people concerned by one story step (its audit entry); returns how many."""
    from dienhinh.publishing.notifications import send_story_emails

    return send_story_emails(entry_id)


@task
@rerun_if_lost
@as_task
def publish_scheduled(story_id: int, version_id: int, at: str) -> bool:
    """Publish the story at its scheduled minute, if it is still scheduled for that version
    and that moment (publishing.workflow.publish_as_scheduled); returns whether it did."""
    from dienhinh.publishing.workflow import publish_as_scheduled

    return publish_as_scheduled(
        story_id=story_id, version_id=version_id, at=datetime.datetime.fromisoformat(at)
    )


@task
@rerun_if_lost
@as_task
def make_renditions_task(photo_id: int) -> int:
    """Make the photo's renditions that are still missing; returns how many were made."""
    from dienhinh.publishing.renditions import make_renditions

    return make_renditions(photo_id)


@task
@fail_if_lost(
    "a lost flush rolled back what it had not committed and nothing is counted twice; the "
    "next flush (the next window's, or manage.py flush_readings) moves the readings it left"
)
@as_task
def flush_readings_task() -> int:
    """Move the pending readings into the daily counts (publishing.readings); returns how
    many readings were moved."""
    from dienhinh.publishing.readings import flush

    return flush()
