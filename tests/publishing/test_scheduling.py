"""Scheduled publishing at the minute: a delayed task for the version and the moment; a task
left over from a changed or cancelled schedule does nothing; a worker that was down runs the
overdue task when it starts."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dienhinh.core.models import AuditEntry
from dienhinh.nominations.consent import withdraw_consent
from dienhinh.publishing.enums import StoryState
from dienhinh.publishing.models import Story
from dienhinh.publishing.tasks import publish_scheduled
from dienhinh.publishing.workflow import transition_story

from .conftest import edit

TASK = "dienhinh.publishing.tasks.publish_scheduled"


def at_seven_tomorrow() -> datetime.datetime:
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return datetime.datetime.combine(
        tomorrow, datetime.time(7), tzinfo=timezone.get_default_timezone()
    )


def schedule(story, user, at, capture):
    with capture(execute=True):
        transition_story(story, action="schedule", by=user, at=at)
    story.refresh_from_db()
    return DBTaskResult.objects.filter(task_path=TASK).order_by("enqueued_at").last()


def run(queued) -> bool:
    return publish_scheduled.call(**queued.args_kwargs["kwargs"])


def test_scheduling_queues_a_task_for_that_minute_and_version(
    world, make_story, django_capture_on_commit_callbacks
):
    story = make_story()
    at = at_seven_tomorrow()
    queued = schedule(story, world.editor, at, django_capture_on_commit_callbacks)
    assert queued.run_after == at
    assert queued.args_kwargs["kwargs"] == {
        "story_id": story.pk,
        "version_id": story.draft_version_id,
        "at": at.isoformat(),
    }
    assert not DBTaskResult.objects.ready().filter(task_path=TASK).exists()  # not due yet
    assert run(queued) is True
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED and story.live_version.number == 1
    assert story.scheduled_for is None
    entry = AuditEntry.objects.get(action="story.publish")
    assert (entry.channel, entry.actor_id, entry.extra["by_worker"]) == (
        "task",
        world.editor.pk,
        True,
    )
    assert run(queued) is False  # a second run finds nothing to do


def test_a_task_left_over_from_a_changed_or_cancelled_schedule_does_nothing(
    world, make_story, django_capture_on_commit_callbacks
):
    story = make_story()
    first = schedule(story, world.editor, at_seven_tomorrow(), django_capture_on_commit_callbacks)
    later = at_seven_tomorrow() + datetime.timedelta(hours=2)
    second = schedule(story, world.editor, later, django_capture_on_commit_callbacks)
    assert run(first) is False  # the moment changed
    edit(story, world.editor, headline="Một phiên bản mới")
    third = schedule(story, world.editor, later, django_capture_on_commit_callbacks)
    assert run(second) is False  # the version changed
    transition_story(story, action="cancel_schedule", by=world.editor)
    assert run(third) is False  # cancelled
    story.refresh_from_db()
    assert story.state == StoryState.DRAFT and not Story.objects.public().exists()


def test_a_schedule_that_can_no_longer_be_kept_is_cancelled_with_the_reason(
    world, make_story, selected, django_capture_on_commit_callbacks
):
    story = make_story(dossiers=[selected])
    queued = schedule(story, world.editor, at_seven_tomorrow(), django_capture_on_commit_callbacks)
    # Withdrawing the consent cancels the schedule at once: the task then finds nothing.
    withdraw_consent(selected, by=world.officer_a)
    story.refresh_from_db()
    assert story.state == StoryState.DRAFT and story.scheduled_for is None
    assert run(queued) is False


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in production
def test_a_worker_that_was_down_publishes_the_overdue_story_when_it_starts(world, make_story):
    story = make_story()
    transition_story(story, action="schedule", by=world.editor, at=at_seven_tomorrow())
    # The minute came three hours ago while no worker ran: the story was scheduled for it
    # and its task waits with a run_after in the past.
    past = (timezone.now() - datetime.timedelta(hours=3)).replace(second=0, microsecond=0)
    Story.objects.filter(pk=story.pk).update(scheduled_for=past)
    DBTaskResult.objects.filter(task_path=TASK).delete()
    publish_scheduled.using(run_after=past).enqueue(
        story_id=story.pk, version_id=story.draft_version_id, at=past.isoformat()
    )
    assert DBTaskResult.objects.ready().filter(task_path=TASK).count() == 1
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    story.refresh_from_db()
    assert story.state == StoryState.PUBLISHED
    result = DBTaskResult.objects.get(task_path=TASK)
    assert result.status == "SUCCESSFUL" and result.return_value is True
