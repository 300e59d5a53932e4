"""Big unit imports run on the worker: the confirmation hands the file over and shows the
job's page (a progress bar, then the counts), only its owner sees it, nothing is saved when
a row breaks a rule, and a job run twice imports once."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from dienhinh.core import jobs
from dienhinh.core.models import Job
from dienhinh.orgs.importing.tasks import import_units_task
from dienhinh.orgs.models import OrgUnit
from tests.factories import make_unit
from tests.importing.conftest import HEADER, xlsx_bytes
from tests.importing.test_pages import confirm, post_file

TASK = "dienhinh.orgs.importing.tasks.import_units_task"


@pytest.fixture(autouse=True)
def small_threshold(settings):
    settings.IMPORT_BACKGROUND_ROWS = 2


def rows(count, parent=""):
    return [HEADER] + [
        [f"TV-CL-J{n}", f"Công đoàn cơ sở Trường số {n}", "", parent, "", ""]
        for n in range(1, count + 1)
    ]


def queued_job(client, data, capture):
    preview = post_file(client, data, parent_code="TV-CL")
    with capture(execute=True):
        response = confirm(client, preview)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("job", args=[job.pk])
    return job, DBTaskResult.objects.get(task_path=TASK)


def run(queued) -> bool:
    return import_units_task.call(**queued.args_kwargs["kwargs"])


def test_a_big_import_runs_on_the_worker_with_a_progress_bar(
    world, english, django_capture_on_commit_callbacks
):
    client = english(world.fed_admin)
    job, queued = queued_job(client, xlsx_bytes(rows(5)), django_capture_on_commit_callbacks)
    assert not OrgUnit.objects.filter(code__startswith="TV-CL-J").exists()
    page = client.get(reverse("job", args=[job.pk]))
    assert page.status_code == 200 and page["Refresh"] == "5"
    assert b"Waiting for the worker to start" in page.content and b"<progress" in page.content

    # Half-way, as the worker reports it (the work's own rows are not committed yet).
    jobs.Progress(job)(2)
    Job.objects.filter(pk=job.pk).update(state=Job.State.RUNNING)
    fragment = client.get(reverse("job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert b"2 of 5 rows (40%)" in fragment.content and b"<h1>" not in fragment.content

    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)
    cache.clear()
    assert run(queued) is True
    assert OrgUnit.objects.filter(code__startswith="TV-CL-J").count() == 5
    assert run(queued) is False  # a second run of the same job imports nothing more
    assert OrgUnit.objects.filter(code__startswith="TV-CL-J").count() == 5

    done = client.get(reverse("job", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    page = client.get(reverse("job", args=[job.pk]))
    assert "Refresh" not in page
    assert b"Created: <strong>5</strong>" in page.content


def test_only_the_owner_sees_the_job(world, english, login, django_capture_on_commit_callbacks):
    job, _queued = queued_job(
        english(world.fed_admin), xlsx_bytes(rows(3)), django_capture_on_commit_callbacks
    )
    for person in (world.sysadmin, world.monitor, world.reviewer, world.outsider):
        assert login(person).get(reverse("job", args=[job.pk])).status_code == 404
    assert login(None).get(reverse("job", args=[job.pk])).status_code == 302


def test_nothing_is_saved_when_the_units_changed_or_a_row_fails(
    world, english, django_capture_on_commit_callbacks
):
    client = english(world.fed_admin)
    job, queued = queued_job(client, xlsx_bytes(rows(3)), django_capture_on_commit_callbacks)
    # Someone takes one of the codes before the worker starts.
    make_unit("Công đoàn cơ sở khác", parent=world.district, code="TV-CL-J2")
    assert run(queued) is False
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert OrgUnit.objects.filter(code__startswith="TV-CL-J").count() == 1
    page = client.get(reverse("job", args=[job.pk]))
    assert b"nothing was saved" in page.content and b"Upload the file again" in page.content


def test_a_small_import_is_still_done_at_once(world, english, settings):
    settings.IMPORT_BACKGROUND_ROWS = 500
    client = english(world.fed_admin)
    response = confirm(client, post_file(client, xlsx_bytes(rows(3)), parent_code="TV-CL"))
    assert response.status_code == 200 and b"Import done" in response.content
    assert not Job.objects.exists()
