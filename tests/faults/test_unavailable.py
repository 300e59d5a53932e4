"""A database that cannot be reached answers 503 with Retry-After: the API in its error
shape, pages with a small translated page that asks the database nothing. (The real restart
of PostgreSQL under load is test_database_restart.)"""

import json

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import path

from dienhinh.core.errors import server_error


def _lost(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("lost/", _lost), path("api/v1/lost", _lost)]
handler500 = "dienhinh.core.errors.server_error"


@pytest.mark.urls("tests.faults.test_unavailable")
def test_a_page_whose_database_is_gone_answers_a_translated_503(db):
    response = Client(raise_request_exception=False).get("/lost/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    html = response.content.decode()
    assert "Dịch vụ tạm thời gián đoạn" in html and "503" in html


@pytest.mark.urls("tests.faults.test_unavailable")
def test_the_api_answers_503_in_its_error_shape(db):
    response = Client(raise_request_exception=False, headers={"Accept-Language": "en"}).post(
        "/api/v1/lost"
    )
    assert response.status_code == 503 and response["Retry-After"] == "5"
    error = json.loads(response.content)["error"]
    assert error["code"] == "unavailable" and error["details"] == []
    assert error["message"].startswith("The service is briefly unavailable")


def test_a_middleware_that_lost_the_database_gets_the_503_not_the_500(
    db, django_assert_num_queries
):
    """The session or the user lookup fails before any view: handler500 sees the error."""
    request = RequestFactory().get("/workspace/")
    with django_assert_num_queries(0):
        try:
            raise OperationalError("connection refused")
        except OperationalError:
            response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert server_error(request).status_code == 500  # any other error is still a 500


def test_a_database_error_that_is_a_bug_stays_a_500(db):
    """Only "cannot reach it now" is a 503: a missing table on SQLite or a statement
    timeout on PostgreSQL is an error of the request, raised here by the real database."""
    from django.db import DatabaseError, connection, transaction

    from dienhinh.core.unavailable import is_unavailable

    sql = (
        "SELECT * FROM no_such_table"
        if connection.vendor == "sqlite"
        else "SET LOCAL statement_timeout = 1; SELECT pg_sleep(1)"
    )
    with pytest.raises(DatabaseError) as raised, transaction.atomic(), connection.cursor() as c:
        c.execute(sql)
    assert isinstance(raised.value, OperationalError)
    assert not is_unavailable(raised.value)
