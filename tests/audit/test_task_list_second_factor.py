"""The Django admin's task list, which /audit/ links system administrators to for tasks a
lost worker left: behind the second factor like every other signed-in page, and open to a
system administrator who gave it."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.otp import give_device, sign_in

TASKS = "/admin/django_tasks_database/dbtaskresult/"


@pytest.fixture
def failed_task():
    from django_tasks_db.models import DBTaskResult, get_date_max

    return DBTaskResult.objects.create(
        status="FAILED",
        task_path="dienhinh.core.tasks.purge_request_keys",
        args_kwargs={"args": [], "kwargs": {}},
        worker_ids=["gone"],
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="dienhinh.core.worker.WorkerLost",
    )


def test_a_system_admin_who_gave_the_second_factor_sees_the_task_list(world, login, failed_task):
    audit_page = login(world.sysadmin).get("/audit/").content.decode()
    assert f"{TASKS}?status__exact=FAILED" in audit_page
    page = login(world.sysadmin).get(f"{TASKS}?status__exact=FAILED")
    assert page.status_code == 200
    assert "purge_request_keys" in page.content.decode()


def test_without_a_device_the_task_list_sends_a_system_admin_to_set_one_up(world, failed_task):
    client = Client()
    client.force_login(world.sysadmin)
    response = client.get(TASKS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor_setup"))


def test_with_a_device_but_no_code_given_the_task_list_asks_for_the_code(world, failed_task):
    give_device(world.sysadmin)
    client = Client()
    client.force_login(world.sysadmin)
    response = client.get(f"{TASKS}{failed_task.pk}/change/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login_code"))
    assert (
        sign_in(client, world.sysadmin).get(f"{TASKS}{failed_task.pk}/change/").status_code == 200
    )
