"""/api/v1/rubrics and /api/v1/scores with the pages' permissions: the caller gets the
units of their scope only, each with its breakdown; writes go through the same rules."""

from decimal import Decimal

from dienhinh.scoring.entries import SelfInput, save_self_scores

from .conftest import score_others


def test_scores_per_plan_and_group_with_the_breakdown(world, plan, scorecard, api_client):
    save_self_scores(
        scorecard.rubric,
        world.unit_a,
        by=world.officer_a,
        entries={scorecard.quality.pk: SelfInput(Decimal(40), "Minh chứng của trường A")},
    )
    monitor = api_client(world.monitor)
    body = monitor.get(f"/api/v1/scores?plan_id={plan.pk}").json()
    assert body["frozen"] is False
    codes = sorted(u["unit"]["code"] for u in body["units"])
    assert codes == ["TV-CL", "TV-CL-A", "TV-CL-B", "TV-TP", "TV-TP-C"]
    a = next(u for u in body["units"] if u["unit"]["code"] == "TV-CL-A")
    meetings = next(i for i in a["items"] if i["id"] == scorecard.meetings.pk)
    assert (meetings["official"], meetings["count"], len(meetings["records"])) == ("10.00", 5, 5)
    assert a["self_total"] == "71.00"  # 10 + 6 + 5 + 10 computed, 40 typed
    sibling = api_client(world.officer_b).get(f"/api/v1/scores?plan_id={plan.pk}").json()
    assert [u["unit"]["code"] for u in sibling["units"]] == ["TV-CL-B"]
    assert "Minh chứng của trường A" not in str(sibling)
    response = api_client(world.officer_b).post(
        "/api/v1/scores/self",
        {
            "plan_id": plan.pk,
            "unit_id": world.unit_a.pk,
            "entries": [{"item_id": scorecard.quality.pk, "value": "45"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 404
    response = api_client(world.officer_a).post(
        "/api/v1/scores/self",
        {
            "plan_id": plan.pk,
            "unit_id": world.unit_a.pk,
            "entries": [{"item_id": scorecard.bonus.pk, "value": "9"}],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["details"][0]["field"] == f"value_{scorecard.bonus.pk}"


def test_rubric_and_finalisation_through_the_api(world, plan, scorecard, api_client):
    rubric_id = scorecard.rubric.pk
    read = api_client(world.officer_a).get(f"/api/v1/rubrics/{rubric_id}").json()
    assert len(read["items"]) == 10 and read["allowed_actions"] == []
    assert read["items"][1]["formula_text"] == (
        "10 points when the report is on time, 5 when late, 0 when missing."
    )
    monitor = api_client(world.monitor)
    assert monitor.post(f"/api/v1/rubrics/{rubric_id}/finalise").status_code == 400
    score_others(world, scorecard)
    from dienhinh.scoring.entries import OfficialInput, save_official_scores

    save_official_scores(
        scorecard.rubric,
        world.unit_a,
        by=world.monitor,
        entries={
            i.pk: OfficialInput(Decimal(0))
            for i in (scorecard.articles, scorecard.plan_made, scorecard.quality, scorecard.bonus)
        },
    )
    done = monitor.post(f"/api/v1/rubrics/{rubric_id}/finalise").json()
    assert done["state"] == "finalised" and [v["number"] for v in done["versions"]] == [1]
    scores = monitor.get(f"/api/v1/scores?plan_id={plan.pk}").json()
    assert scores["frozen"] is True and scores["version"] == 1
    assert (
        api_client(world.officer_a)
        .post(
            f"/api/v1/rubrics/{rubric_id}/reopen", {"reason": "x"}, content_type="application/json"
        )
        .status_code
        == 403
    )


def test_the_rubric_list_filters_by_plan_and_refuses_an_id_out_of_range(
    world, plan, scorecard, api_client
):
    """Found by the fuzzing run: a plan_id beyond 64 bits answered 500 (SQLite cannot bind
    it); it is a 422 naming the parameter, like every other id the API takes."""
    client = api_client(world.officer_a)
    listed = client.get(f"/api/v1/rubrics?plan_id={plan.pk}").json()
    assert [r["id"] for r in listed["items"]] == [scorecard.rubric.pk]
    response = client.get(f"/api/v1/rubrics?plan_id={2**70}")
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "plan_id"
