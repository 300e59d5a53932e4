"""The action page: the confirm form, success, refusals, conflicts and duplicates."""

from decimal import Decimal

from django.urls import reverse

from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Review, ReviewScore, Transition
from dienhinh.plans.models import Criterion

from .conftest import act_url, move, seen_fields


def test_get_shows_the_confirm_form_with_what_the_user_saw(world, login, submitted, plan):
    response = login(world.reviewer).get(act_url(submitted, "return"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Reason (sent to the nominating unit)" in html
    assert "Internal note" in html and "Có sáng kiến" in html and "From 0 to 10" in html
    assert 'name="seen_state" value="submitted"' in html
    assert f'name="seen_unit" value="{world.district.pk}"' in html
    assert 'name="seen_round" value="1"' in html


def test_forward_with_comment_note_and_scores(world, login, submitted, plan):
    criterion = Criterion.objects.get(plan=plan)
    response = login(world.reviewer).post(
        act_url(submitted, "forward"),
        {
            **seen_fields(submitted),
            "reason": "Hồ sơ tốt",
            "internal_note": "Ưu tiên",
            f"score_{criterion.pk}": "8.5",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("nominations:detail", args=[submitted.pk])
    assert "The dossier was forwarded to LĐLĐ tỉnh." in response.content.decode()
    review = Review.objects.get(nomination=submitted)
    assert (review.decision, review.comment, review.internal_note) == (
        "forward",
        "Hồ sơ tốt",
        "Ưu tiên",
    )
    assert ReviewScore.objects.get(review=review).points == Decimal("8.5")


def test_return_without_reason_keeps_what_was_typed(world, login, submitted):
    response = login(world.reviewer).post(
        act_url(submitted, "return"),
        {**seen_fields(submitted), "reason": "  ", "internal_note": "Ghi chú đã gõ"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Give a reason." in html
    assert "Ghi chú đã gõ" in html
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert not Review.objects.exists()


def test_score_out_of_range_is_refused(world, login, submitted, plan):
    criterion = Criterion.objects.get(plan=plan)
    response = login(world.reviewer).post(
        act_url(submitted, "forward"),
        {**seen_fields(submitted), "reason": "Đã xem", f"score_{criterion.pk}": "11"},
    )
    assert response.status_code == 400
    assert "Đã xem" in response.content.decode()
    assert Transition.objects.filter(action="forward").count() == 0


def test_stale_page_gives_a_conflict_and_changes_nothing(world, login, submitted):
    stale = seen_fields(submitted)
    move(submitted, "return", world.reviewer, reason="Thiếu ảnh")  # someone acted first
    move(submitted, "submit", world.officer_a)  # round 2, back at the district
    before = (submitted.state, submitted.current_unit_id, submitted.round)
    transitions = Transition.objects.count()

    response = login(world.reviewer).post(
        act_url(submitted, "forward"), {**stale, "reason": "Đồng ý"}
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else has acted on this dossier in the meantime." in html
    assert reverse("nominations:detail", args=[submitted.pk]) in html
    submitted.refresh_from_db()
    assert (submitted.state, submitted.current_unit_id, submitted.round) == before
    assert Transition.objects.count() == transitions


def test_missing_hidden_fields_give_400(world, login, submitted):
    response = login(world.reviewer).post(act_url(submitted, "forward"), {"reason": "x"})
    assert response.status_code == 400
    assert "The page was incomplete." in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_submit_with_a_possible_duplicate_needs_a_confirmation(world, login, make_nomination):
    first = move(make_nomination(), "submit", world.officer_a)
    second = make_nomination()
    client = login(world.officer_a)
    page = client.get(act_url(second, "submit")).content.decode()
    assert "Possible duplicates" in page
    assert reverse("nominations:detail", args=[first.pk]) in page
    assert 'name="confirm_duplicates"' in page

    refused = client.post(act_url(second, "submit"), seen_fields(second))
    assert refused.status_code == 400
    assert "Tick the box to confirm before submitting." in refused.content.decode()
    second.refresh_from_db()
    assert second.state == State.DRAFT

    done = client.post(
        act_url(second, "submit"), {**seen_fields(second), "confirm_duplicates": "on"}
    )
    assert done.status_code == 302
    second.refresh_from_db()
    assert second.state == State.SUBMITTED


def test_submit_without_a_duplicate_has_no_checkbox(world, login, make_nomination):
    draft = make_nomination()
    page = login(world.officer_a).get(act_url(draft, "submit")).content.decode()
    assert "Possible duplicates" not in page and "confirm_duplicates" not in page


def test_incomplete_dossier_is_refused_with_the_workflow_message(world, login, make_nomination):
    draft = make_nomination(photo=False)
    response = login(world.officer_a).post(act_url(draft, "submit"), seen_fields(draft))
    assert response.status_code == 400
    assert "Add at least one photo before submitting." in response.content.decode()


def test_select_at_the_issuing_unit(world, login, forwarded):
    response = login(world.editor).post(
        act_url(forwarded, "select"), seen_fields(forwarded), follow=True
    )
    assert "The dossier was selected for propagation." in response.content.decode()
    forwarded.refresh_from_db()
    assert forwarded.state == State.SELECTED


def test_reject_needs_a_reason(world, login, forwarded):
    client = login(world.editor)
    assert client.post(act_url(forwarded, "reject"), seen_fields(forwarded)).status_code == 400
    response = client.post(
        act_url(forwarded, "reject"), {**seen_fields(forwarded), "reason": "Chưa tiêu biểu"}
    )
    assert response.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.state == State.NOT_SELECTED
