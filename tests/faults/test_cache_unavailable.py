"""The shared cache of several servers (Redis) goes away: a real redis-server, stopped under
the site. The pages and the portal answer 503 with Retry-After, never a 500, and are served
again as soon as Redis is back; the public API, which keeps nothing in the cache, is served
all the while."""

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from dienhinh.publishing.editing import create_story
from dienhinh.publishing.workflow import transition_story
from tests.harness import redis as harness

PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"


def on_redis(server):
    """The site's cache and readings on ``server``, as with several app servers."""
    url = server.url()
    return override_settings(
        CACHES={
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        },
        READINGS_REDIS_URL=url,
    )


@pytest.fixture
def redis_cache():
    server = harness.start_server()
    try:
        with on_redis(server):
            yield server
    finally:
        harness.stop_server(server)


def test_pages_answer_503_while_redis_is_away_and_come_back_with_it(redis_cache, world, login):
    story = create_story(
        unit=world.province,
        by=world.editor,
        headline="Người thợ giỏi",
        lead="Một tấm gương.",
        body="<p>Nội dung.</p>",
    )
    transition_story(story, action="publish", by=world.editor)
    story.refresh_from_db()
    address = reverse("portal:story", args=[story.pk, story.slug])
    reader = Client(HTTP_USER_AGENT=PHONE, raise_request_exception=False)
    officer = login(world.officer_a)
    officer.raise_request_exception = False
    assert reader.get(address).status_code == 200
    assert officer.get("/workspace/").status_code == 200

    redis_cache.process.terminate()
    redis_cache.process.wait(timeout=10)
    for client, path in [
        (reader, address),
        (reader, "/"),
        (reader, "/bai-viet/"),
        (officer, "/workspace/"),
        (officer, reverse("nominations:list")),
    ]:
        response = client.get(path)
        assert response.status_code == 503, path
        assert response["Retry-After"] == "5"
        assert "Dịch vụ tạm thời gián đoạn" in response.content.decode()
    health = reader.get("/healthz")  # what the load balancer and the monitoring see
    assert health.status_code == 503
    assert health.json() == {"status": "error", "database": "ok", "cache": "unreachable"}
    # The public API keeps no cached page and no token: it is served all the while.
    response = Client(raise_request_exception=False).get("/api/v1/public/stories")
    assert response.status_code == 200
    assert [item["id"] for item in json.loads(response.content)["items"]] == [story.pk]

    back = harness.start_server()  # a new server on a new socket: the site follows its address
    try:
        with on_redis(back):
            assert reader.get(address).status_code == 200
            assert officer.get("/workspace/").status_code == 200
            assert reader.get("/healthz").json()["cache"] == "ok"
    finally:
        harness.stop_server(back)
