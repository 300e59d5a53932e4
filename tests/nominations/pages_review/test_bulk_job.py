"""Every dossier waiting for a reviewer, on every page, forwarded or returned at once on the
worker: the inbox offers it past one page, the job's page shows the progress and then what
was done and what was refused (someone moved it meanwhile), and a job runs once."""

import functools

from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from dienhinh.core.models import Job
from dienhinh.core.web import paginate
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.nominations.tasks import bulk_job_task
from dienhinh.nominations.views import lists

from .conftest import move
from .test_inbox import _second_plan

INBOX = reverse("nominations:inbox")
BULK = reverse("nominations:bulk")
TASK = "dienhinh.nominations.tasks.bulk_job_task"


def run() -> bool:
    queued = DBTaskResult.objects.get(task_path=TASK)
    return bulk_job_task.call(**queued.args_kwargs["kwargs"])


def test_forwarding_all_waiting_dossiers_of_one_plan_on_the_worker(
    world, login, make_nomination, django_capture_on_commit_callbacks, monkeypatch
):
    # Two rows a page, so the four dossiers take two pages.
    monkeypatch.setattr(lists, "paginate", functools.partial(paginate, per_page=2))
    names = ("Nguyễn Văn Một", "Nguyễn Văn Hai", "Nguyễn Văn Ba")
    dossiers = [move(make_nomination(full_name=n), "submit", world.officer_a) for n in names]
    other = make_nomination(full_name="Trần Văn Khác")
    Nomination.objects.filter(pk=other.pk).update(plan=_second_plan(world))
    other.refresh_from_db()
    move(other, "submit", world.officer_a)

    client = login(world.reviewer)
    page = client.get(INBOX).content.decode()
    assert "All 4 dossiers waiting for me, on every page" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            BULK,
            {"action": "forward", "scope": "all", "plan": dossiers[0].plan_id, "reason": ""},
        )
    job = Job.objects.get()
    assert response["Location"] == reverse("job", args=[job.pk])
    assert job.total == 3 and job.title == "Forwarding 3 dossiers"
    assert b"<progress" in client.get(reverse("job", args=[job.pk])).content

    # The officer withdraws one before the worker gets to it: refused, the others go ahead.
    move(dossiers[1], "withdraw", world.officer_a)
    assert run() is True and run() is False
    states = dict(Nomination.objects.values_list("full_name", "state"))
    assert states["Nguyễn Văn Một"] == states["Nguyễn Văn Ba"] == State.FORWARDED
    assert states["Nguyễn Văn Hai"] == State.WITHDRAWN
    assert states["Trần Văn Khác"] == State.SUBMITTED  # of the other plan: not chosen
    result = client.get(reverse("job", args=[job.pk])).content.decode()
    assert "2 dossiers forwarded." in result
    assert "1 refused (the others were not undone)" in result and "Nguyễn Văn Hai" in result
    assert login(world.officer_a).get(reverse("job", args=[job.pk])).status_code == 404


def test_returning_all_needs_a_reason_and_nothing_starts_without(world, login, make_nomination):
    move(make_nomination(full_name="Nguyễn Văn Một"), "submit", world.officer_a)
    client = login(world.reviewer)
    response = client.post(BULK, {"action": "return", "scope": "all", "reason": ""}, follow=True)
    assert b"Give the reason for returning" in response.content
    assert not Job.objects.exists()
