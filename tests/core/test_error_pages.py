"""Error pages answer in the site's layout and the chosen language, never Django's bare
English pages; the 500 page needs no database."""

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import path, reverse

from dienhinh.core.errors import server_error, too_many_requests


def client_in(language: str | None, **kwargs) -> Client:
    client = Client(**kwargs)
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


@pytest.mark.parametrize(
    ("language", "title"), [(None, "Không tìm thấy trang"), ("en", "Page not found")]
)
def test_a_missing_page_is_a_branded_404_in_the_chosen_language(db, language, title):
    response = client_in(language).get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert title in html and 'class="brand"' in html
    assert "Not Found</h1>" not in html


def test_a_refused_action_is_a_branded_403(world, login, plan):
    response = login(world.officer_a).post(reverse("plans:issue", args=[plan.pk]))
    assert response.status_code == 403
    assert "Bạn không được làm việc này" in response.content.decode()


def test_a_form_with_a_stale_token_gets_the_expired_form_page(db):
    response = client_in(None, enforce_csrf_checks=True).post(
        reverse("login"), {"username": "a@b.vn", "password": "x"}
    )
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()


def test_a_body_over_the_limit_is_a_413_page(world, login, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = login(world.officer_a).post(
        reverse("accounts:profile"),
        data="full_name=" + "a" * 5000,
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 413
    assert "Dữ liệu gửi lên quá lớn" in response.content.decode()


def test_the_500_page_is_translated_and_touches_no_database(db, django_assert_num_queries):
    from django.utils import translation

    request = RequestFactory().get("/")
    with translation.override("en"), django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    with translation.override("vi"):
        assert "Đã có lỗi ở phía hệ thống" in server_error(request).content.decode()


def _boom(request):
    raise RuntimeError("broken on purpose")


urlpatterns = [path("boom/", _boom)]
handler500 = "dienhinh.core.errors.server_error"


@pytest.mark.urls("tests.core.test_error_pages")
def test_an_exception_in_a_view_answers_the_500_page(db):
    client = client_in(None, raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Đã có lỗi ở phía hệ thống" in response.content.decode()


def test_the_429_page_says_when_to_come_back(rf):
    response = too_many_requests(rf.get("/"), retry_after=90)
    assert response.status_code == 429 and response["Retry-After"] == "90"
