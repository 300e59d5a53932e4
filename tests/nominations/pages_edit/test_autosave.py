"""The edit form's background save: the typed text reaches the draft without a history row
per save, and never overwrites a change made since the form was opened."""

from django.urls import reverse

from dienhinh.nominations.editing.dossiers import version_of
from tests.nominations.pages_edit.test_create import dossier_post


def _autosave(client, nomination, seen, **fields):
    data = {"seen": seen, "headline": nomination.headline, **fields}
    return client.post(reverse("nominations:autosave", args=[nomination.pk]), data)


def test_autosave_keeps_the_text_without_a_history_row(world, login, plan, make_nomination):
    nomination = make_nomination()
    rows = nomination.history.count()
    client = login(world.officer_a)
    answer = _autosave(
        client,
        nomination,
        version_of(nomination),
        headline="Tiêu đề đang gõ",
        achievements="<p>Đang viết <script>x()</script>thành tích</p>",
    )
    assert answer.status_code == 200
    nomination.refresh_from_db()
    assert nomination.headline == "Tiêu đề đang gõ"
    assert nomination.achievements == "<p>Đang viết thành tích</p>"  # sanitised as on save
    assert nomination.history.count() == rows
    assert answer.json()["version"] == version_of(nomination)
    # Typing on: the next background save carries the version the last one returned.
    again = _autosave(client, nomination, answer.json()["version"], headline="Tiêu đề mới hơn")
    assert again.status_code == 200
    # The next real save writes the one history row of the whole change.
    data = dossier_post(world, plan, headline="Tiêu đề cuối cùng")
    data.pop("nominating_unit")
    data["seen"] = again.json()["version"]
    assert client.post(reverse("nominations:edit", args=[nomination.pk]), data).status_code == 302
    assert nomination.history.count() == rows + 1


def test_autosave_never_blanks_a_required_field(world, login, make_nomination):
    nomination = make_nomination()
    before = nomination.headline
    answer = _autosave(login(world.officer_a), nomination, version_of(nomination), headline="")
    assert answer.status_code == 200
    nomination.refresh_from_db()
    assert nomination.headline == before


def test_autosave_leaves_the_fields_it_was_not_sent_alone(world, login, make_nomination):
    """A client that sends only what changed (the headline) must not blank the name, the
    achievements or any other text the form would clean to "" when missing."""
    nomination = make_nomination(achievements="<p>Thành tích đã viết</p>")
    kept = {name: getattr(nomination, name) for name in ("full_name", "achievements")}
    assert all(kept.values())
    client = login(world.officer_a)
    url = reverse("nominations:autosave", args=[nomination.pk])
    answer = client.post(url, {"seen": version_of(nomination), "headline": "Chỉ tiêu đề"})
    assert answer.status_code == 200
    nomination.refresh_from_db()
    assert nomination.headline == "Chỉ tiêu đề"
    assert {name: getattr(nomination, name) for name in kept} == kept


def test_autosave_after_someone_elses_change_is_refused(world, login, plan, make_nomination):
    nomination = make_nomination()
    opened_at = version_of(nomination)
    # A colleague saves the dossier meanwhile.
    data = dossier_post(world, plan, headline="Đồng nghiệp đã sửa")
    data.pop("nominating_unit")
    colleague = login(world.officer_a)
    assert (
        colleague.post(reverse("nominations:edit", args=[nomination.pk]), data).status_code == 302
    )
    answer = _autosave(login(world.officer_a), nomination, opened_at, headline="Bản cũ")
    assert answer.status_code == 409
    assert "Someone else changed" in answer.json()["error"]
    nomination.refresh_from_db()
    assert nomination.headline == "Đồng nghiệp đã sửa"
    # The real save from the stale form is refused the same way, and saves nothing.
    stale = dossier_post(world, plan, headline="Bản cũ")
    stale.pop("nominating_unit")
    stale["seen"] = opened_at
    response = login(world.officer_a).post(reverse("nominations:edit", args=[nomination.pk]), stale)
    assert response.status_code == 200 and "Someone else changed" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.headline == "Đồng nghiệp đã sửa"


def test_autosave_is_for_the_dossiers_writers_only(world, login, make_nomination, submitted):
    nomination = make_nomination()
    seen = version_of(nomination)
    # A draft is not even visible above or beside its unit.
    assert _autosave(login(world.officer_b), nomination, seen).status_code == 404
    assert _autosave(login(world.reviewer), nomination, seen).status_code == 404
    assert _autosave(login(world.officer_a), submitted, version_of(submitted)).status_code == 403


def test_autosave_makes_the_cached_panels_stale_only_when_the_name_changes(
    world, login, make_nomination
):
    from dienhinh.core import generations
    from dienhinh.nominations.workflow import DOSSIER_GENERATION, Decision, transition_nomination

    nomination = make_nomination(full_name="Tên Cũ")
    transition_nomination(nomination, action="submit", by=world.officer_a)
    transition_nomination(
        nomination, action="return", by=world.reviewer, decision=Decision(reason="Bổ sung")
    )
    nomination.refresh_from_db()
    client = login(world.officer_a)
    home = reverse("workspace:home")
    assert "Tên Cũ" in client.get(home).text  # the returned panel, now cached
    token = generations.current(DOSSIER_GENERATION)
    # The form sends every field, the name unchanged among them.
    answer = _autosave(
        client, nomination, version_of(nomination), full_name="Tên Cũ", headline="Đang gõ"
    )
    assert answer.status_code == 200
    assert generations.current(DOSSIER_GENERATION) == token
    answer = _autosave(client, nomination, answer.json()["version"], full_name="Tên Mới")
    assert answer.status_code == 200
    assert "Tên Mới" in client.get(home).text
