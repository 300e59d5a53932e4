"""The scoring endpoints' part of tests/text/api_cases.py: a rubric of the plan with one
computed and one typed item, open or finalised as each endpoint needs."""


def rubric(c, *, finalised: bool = False):
    """The plan's rubric (cached on ``c``); finalised needs no typed item (none unscored)."""
    from dienhinh.scoring import rubric as rubrics
    from dienhinh.scoring.workflow import transition_scoring

    cache = c.__dict__
    if "_rubric" not in cache:
        made = rubrics.rubric_for(c.plan, create=True)
        rubrics.add_item(
            made,
            by=c.world.monitor,
            kind="computed",
            title="Buổi sinh hoạt",
            max_points=10,
            source="meetings",
            formula="per_occurrence",
            points_each=2,
        )
        if finalised:
            made = transition_scoring(made, action="finalise", by=c.world.monitor)
        else:
            cache["_item"] = rubrics.add_item(
                made, by=c.world.monitor, kind="points", title="Chất lượng", max_points=20
            )
        cache["_rubric"] = made
    return cache["_rubric"]


def _entries(c, text_field: str, text: str) -> dict:
    rubric(c)
    return {
        "plan_id": c.plan.pk,
        "unit_id": c.world.unit_a.pk,
        "entries": [{"item_id": c._item.pk, "value": "12", text_field: text}],
    }


CASES = {
    ("post", "/api/v1/rubrics/{rubric_id}/reopen"): (
        "monitor",
        lambda c: f"/api/v1/rubrics/{rubric(c, finalised=True).pk}/reopen",
        lambda c: {"reason": "Bổ sung điểm thưởng"},
        200,
    ),
    ("post", "/api/v1/scores/self"): (
        "officer_a",
        lambda c: "/api/v1/scores/self",
        lambda c: _entries(c, "evidence", "Biên bản sinh hoạt tháng 9"),
        200,
    ),
    ("post", "/api/v1/scores/official"): (
        "monitor",
        lambda c: "/api/v1/scores/official",
        lambda c: _entries(c, "explanation", "Đủ minh chứng"),
        200,
    ),
    ("post", "/api/v1/rubrics/{rubric_id}/items"): (
        "monitor",
        lambda c: f"/api/v1/rubrics/{rubric(c).pk}/items",
        lambda c: {
            "kind": "points",
            "title": "Tin bài trên trang đơn vị",
            "guidance": "Tính các tin bài đã đăng",
            "max_points": "5",
        },
        201,
    ),
    ("patch", "/api/v1/rubric-items/{item_id}"): (
        "monitor",
        lambda c: f"/api/v1/rubric-items/{(rubric(c), c._item)[1].pk}",
        lambda c: {"title": "Chất lượng hoạt động", "guidance": "Theo biên bản kiểm tra"},
        200,
    ),
    ("patch", "/api/v1/rubrics/{rubric_id}"): (
        "monitor",
        lambda c: f"/api/v1/rubrics/{rubric(c).pk}",
        lambda c: {
            "classes": [
                {"name": "Hoàn thành xuất sắc nhiệm vụ", "min_total": "90"},
                {"name": "Hoàn thành nhiệm vụ", "min_total": "0"},
            ]
        },
        200,
    ),
}
