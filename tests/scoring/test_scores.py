"""Scores equal a hand count on the fixed scorecard; caps and limits hold; recomputing gives
the same result; a finalised version stays as it was when the data change later."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from dienhinh.scoring import rubric as rubrics
from dienhinh.scoring.compute import compute_results
from dienhinh.scoring.entries import (
    OfficialInput,
    SelfInput,
    save_official_scores,
    save_self_scores,
)
from dienhinh.scoring.models import ScoringVersion
from dienhinh.scoring.workflow import transition_scoring

from .conftest import meeting, score_others


def row_of(results, unit):
    return next(r for r in results["units"] if r["unit"]["id"] == unit.pk)


def points(row, item):
    found = next(i for i in row["items"] if i["id"] == item.pk)
    return found["self"], found["official"]


def score_unit_a(world, card):
    save_self_scores(
        card.rubric,
        world.unit_a,
        by=world.officer_a,
        entries={
            card.articles.pk: SelfInput(Decimal(7), "7 tin bài trên trang của trường"),
            card.plan_made.pk: SelfInput(Decimal(1), "Kế hoạch số 12/KH-CĐCS"),
            card.quality.pk: SelfInput(Decimal(40)),
            card.bonus.pk: SelfInput(Decimal(5), "Giải nhất hội thi"),
        },
    )
    save_official_scores(
        card.rubric,
        world.unit_a,
        by=world.reviewer,
        entries={
            card.articles.pk: OfficialInput(Decimal(4), "Chỉ 4 tin có đường dẫn"),
            card.plan_made.pk: OfficialInput(Decimal(1)),
            card.quality.pk: OfficialInput(Decimal(38), "Thiếu biên bản tháng 10"),
            card.bonus.pk: OfficialInput(Decimal(3), "Giải cấp huyện: 3 điểm"),
        },
    )


def test_scores_equal_a_hand_count(world, plan, scorecard):
    score_unit_a(world, scorecard)
    row = row_of(compute_results(scorecard.rubric), world.unit_a)
    assert points(row, scorecard.report) == ("10.00", "10.00")  # on time
    assert points(row, scorecard.submitted) == ("6.00", "6.00")  # 3 sent up × 2
    assert points(row, scorecard.selected) == ("5.00", "5.00")
    assert points(row, scorecard.meetings) == ("10.00", "10.00")  # 5 × 2.5 = 12.5, capped
    assert points(row, scorecard.articles) == ("5.00", "4.00")  # 7 capped at 5; 4
    assert points(row, scorecard.plan_made) == ("10.00", "10.00")
    assert points(row, scorecard.quality) == ("40.00", "38.00")
    assert points(row, scorecard.bonus) == ("5.00", "3.00")
    # I: 36 / 35; II: 50 / 48; bonus 5 / 3.
    assert (row["self_total"], row["official_total"]) == ("91.00", "86.00")
    assert row["computed_total"] == "31.00"
    assert row["class"] == "Hoàn thành tốt nhiệm vụ"
    assert row["unreviewed"] == 0
    quality = next(i for i in row["items"] if i["id"] == scorecard.quality.pk)
    assert quality["difference"] == "-2.00"
    assert quality["explanation"] == "Thiếu biên bản tháng 10"
    submitted = next(i for i in row["items"] if i["id"] == scorecard.submitted.pk)
    assert sorted(r["label"] for r in submitted["records"]) == [
        "Người forwarded",
        "Người selected",
        "Người submitted",
    ]
    # The district rolls up unit A's records as the reports do; unit B has none.
    assert (
        points(row_of(compute_results(scorecard.rubric), world.district), scorecard.meetings)[1]
        == "10.00"
    )
    assert row_of(compute_results(scorecard.rubric), world.unit_b)["computed_total"] == "0.00"


def test_caps_and_limits_are_refused_with_the_field_named(world, plan, scorecard):
    with pytest.raises(ValidationError) as caught:
        save_self_scores(
            scorecard.rubric,
            world.unit_a,
            by=world.officer_a,
            entries={
                scorecard.bonus.pk: SelfInput(Decimal(7)),
                scorecard.quality.pk: SelfInput(Decimal(46)),
                scorecard.articles.pk: SelfInput(Decimal("2.5")),
                scorecard.plan_made.pk: SelfInput(Decimal(1)),
            },
        )
    errors = caught.value.message_dict
    assert errors[f"value_{scorecard.bonus.pk}"] == ["Between -5 and 5 points."]
    assert errors[f"value_{scorecard.quality.pk}"] == ["Between 0 and 45 points."]
    assert errors[f"value_{scorecard.articles.pk}"] == ["A whole number of occurrences, 0 or more."]
    assert not scorecard.rubric.scores.filter(entries__isnull=False).exists()  # nothing saved
    # An official score differing from the self-score needs its explanation.
    save_self_scores(
        scorecard.rubric,
        world.unit_a,
        by=world.officer_a,
        entries={scorecard.quality.pk: SelfInput(Decimal(40))},
    )
    with pytest.raises(ValidationError) as caught:
        save_official_scores(
            scorecard.rubric,
            world.unit_a,
            by=world.reviewer,
            entries={scorecard.quality.pk: OfficialInput(Decimal(30))},
        )
    assert f"explanation_{scorecard.quality.pk}" in caught.value.message_dict
    # A rubric item above what its group has left is refused.
    with pytest.raises(ValidationError) as caught:
        rubrics.add_item(
            scorecard.rubric,
            by=world.monitor,
            kind="points",
            title="Thêm",
            max_points=1,
            parent=scorecard.quality.parent,
        )
    assert caught.value.message_dict["max_points"] == [
        "The items of “II. Tổ chức thực hiện” would add up to 56 points, more than its maximum "
        "of 55."
    ]


def test_recomputing_gives_the_same_result(world, plan, scorecard):
    score_unit_a(world, scorecard)
    score_others(world, scorecard)
    first = compute_results(scorecard.rubric)
    assert compute_results(scorecard.rubric) == first
    rubric = transition_scoring(scorecard.rubric, action="finalise", by=world.monitor)
    assert rubric.last_version.results == first


def test_a_finalised_version_stays_when_the_data_change(world, plan, scorecard, login):
    score_unit_a(world, scorecard)
    with pytest.raises(ValidationError):
        transition_scoring(scorecard.rubric, action="finalise", by=world.monitor)  # B unscored
    score_others(world, scorecard)
    rubric = transition_scoring(scorecard.rubric, action="finalise", by=world.monitor)
    v1 = rubric.last_version
    frozen = ScoringVersion.objects.get(pk=v1.pk).results
    with pytest.raises(ValidationError):
        save_official_scores(
            rubric,
            world.unit_a,
            by=world.reviewer,
            entries={scorecard.bonus.pk: OfficialInput(Decimal(5), "x")},
        )
    meeting(plan, world.unit_b)  # new data after the finalisation
    page = login(world.monitor).get(f"/scoring/plans/{plan.pk}/units/{world.unit_b.pk}/")
    assert (
        row_of(ScoringVersion.objects.get(pk=v1.pk).results, world.unit_b)["computed_total"]
        == "0.00"
    )
    assert "Finalised (version 1)" in page.content.decode()
    assert page.context["row"]["computed_total"] == "0.00"
    with pytest.raises(ValidationError):
        transition_scoring(rubric, action="reopen", by=world.monitor)  # no reason
    rubric = transition_scoring(rubric, action="reopen", by=world.monitor, reason="Bổ sung")
    live = row_of(compute_results(rubric), world.unit_b)
    assert live["computed_total"] == "2.50"
    rubric = transition_scoring(rubric, action="finalise", by=world.monitor)
    assert rubric.last_version.number == 2 and rubric.last_version.reason == "Bổ sung"
    assert ScoringVersion.objects.get(pk=v1.pk).results == frozen
    old = login(world.monitor).get(f"/scoring/versions/{v1.pk}/")
    assert "A later version replaces this one." in old.content.decode()
