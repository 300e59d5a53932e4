"""The scoring pages as users see them: a sibling gets 404, the forms name the refused
values and save nothing, a computed item lists its records, evidence files stay in the
unit's scope, and the ranking and unit pages cost the same queries for one unit or three."""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dienhinh.scoring.entries import SelfInput, save_self_scores
from dienhinh.scoring.models import ScoreEntry
from tests.factories import make_nomination, pdf_bytes

from .conftest import meeting


def _unit_url(plan, unit):
    return f"/scoring/plans/{plan.pk}/units/{unit.pk}/"


def test_a_sibling_never_sees_the_breakdown(world, plan, scorecard, login):
    save_self_scores(
        scorecard.rubric,
        world.unit_a,
        by=world.officer_a,
        entries={
            scorecard.quality.pk: SelfInput(
                Decimal(40),
                "Bí mật của trường A",
                upload=SimpleUploadedFile("mc.pdf", pdf_bytes(), "application/pdf"),
            )
        },
    )
    entry = ScoreEntry.objects.get()
    own = login(world.officer_a)
    assert "Bí mật của trường A" in own.get(_unit_url(plan, world.unit_a)).content.decode()
    assert own.get(f"/scoring/evidence/{entry.pk}/").status_code == 200
    sibling = login(world.officer_b)
    records = f"{_unit_url(plan, world.unit_a)}items/{scorecard.meetings.pk}/"
    for url in (_unit_url(plan, world.unit_a), records, f"/scoring/evidence/{entry.pk}/"):
        assert sibling.get(url).status_code == 404, url
    assert sibling.post(f"{_unit_url(plan, world.unit_a)}self/", {}).status_code == 404
    ranking = sibling.get(f"/scoring/plans/{plan.pk}/").content.decode()
    assert world.unit_b.name in ranking and world.unit_a.name not in ranking


def test_the_self_score_form_names_the_refused_values_and_saves_nothing(
    world, plan, scorecard, login
):
    client = login(world.officer_a)
    post = {
        f"value_{scorecard.bonus.pk}": "7",
        f"value_{scorecard.quality.pk}": "30",
        f"evidence_{scorecard.quality.pk}": "Có biên bản",
    }
    response = client.post(f"{_unit_url(plan, world.unit_a)}self/", post)
    assert response.status_code == 400
    assert "Between -5 and 5 points." in response.content.decode()
    assert not ScoreEntry.objects.exists()
    post[f"value_{scorecard.bonus.pk}"] = "2,5"  # the decimal comma as typed in Vietnam
    assert client.post(f"{_unit_url(plan, world.unit_a)}self/", post).status_code == 302
    assert ScoreEntry.objects.get(item=scorecard.bonus).self_value == Decimal("2.5")
    # The rubric's own limits: an item above its group's maximum, on the monitor's form.
    monitor = login(world.monitor)
    response = monitor.post(
        f"/scoring/plans/{plan.pk}/rubric/items/",
        {
            "parent": scorecard.quality.parent_id,
            "kind": "points",
            "title": "Thêm",
            "max_points": "1",
            "threshold": "1",
        },
    )
    assert response.status_code == 400
    assert "would add up to 56 points, more than its maximum of 55" in response.content.decode()
    assert (
        login(world.officer_a)
        .post(f"/scoring/plans/{plan.pk}/rubric/items/", {"kind": "points"})
        .status_code
        == 403
    )


def test_a_computed_item_lists_the_records_behind_it(world, plan, scorecard, login):
    page = login(world.reviewer).get(
        f"{_unit_url(plan, world.unit_a)}items/{scorecard.meetings.pk}/"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert text.count("Sinh hoạt công đoàn lan tỏa điển hình") == 5
    assert "/activities/" in text and "Counted: 5; points: 10." in text


def _grow(world, plan, scorecard):
    """Entries, dossiers and meetings for units B and C too."""
    for unit, officer in ((world.unit_b, world.officer_b), (world.unit_c, world.fed_admin)):
        make_nomination(plan, unit, by=officer, photo=False, state="submitted")
        meeting(plan, unit)
        save_self_scores(
            scorecard.rubric,
            unit,
            by=officer,
            entries={scorecard.quality.pk: SelfInput(Decimal(20), "Minh chứng")},
        )


def test_the_ranking_and_unit_pages_do_not_grow_with_units(world, plan, scorecard, login):
    client = login(world.monitor)
    pages = [f"/scoring/plans/{plan.pk}/", _unit_url(plan, world.unit_a)]
    for url in pages:
        client.get(url)  # session and caches warmed
    save_self_scores(
        scorecard.rubric,
        world.unit_a,
        by=world.officer_a,
        entries={scorecard.quality.pk: SelfInput(Decimal(40))},
    )
    counts = []
    for url in pages:
        with CaptureQueriesContext(connection) as one:
            assert client.get(url).status_code == 200
        counts.append(len(one))
    _grow(world, plan, scorecard)
    texts = []
    for url, before in zip(pages, counts, strict=True):
        with CaptureQueriesContext(connection) as three:
            texts.append(client.get(url).content.decode())
        assert len(three) == before, url
    assert world.unit_c.name in texts[0] and "Minh chứng" not in texts[1]


def test_the_rubric_page_moves_an_item_within_its_group(world, plan, scorecard, login):
    from dienhinh.scoring.models import RubricItem

    def group_one():
        return list(
            RubricItem.objects.filter(parent=scorecard.report.parent_id).values_list(
                "title", flat=True
            )
        )

    url = f"/scoring/items/{scorecard.report.pk}/move/"
    assert login(world.officer_a).post(url, {"direction": "down"}).status_code == 403
    assert login(world.outsider).post(url, {"direction": "down"}).status_code == 404
    monitor = login(world.monitor)
    assert monitor.post(url, {"direction": "up"}).status_code == 302  # first already
    assert group_one()[:2] == ["Báo cáo đúng hạn", "Hồ sơ gửi lên"]
    assert monitor.post(url, {"direction": "down"}).status_code == 302
    assert group_one()[:2] == ["Hồ sơ gửi lên", "Báo cáo đúng hạn"]
    page = monitor.get(f"/scoring/plans/{plan.pk}/rubric/").content.decode()
    assert page.index("Hồ sơ gửi lên") < page.index("Báo cáo đúng hạn")
    assert 'aria-label="Move up: Báo cáo đúng hạn"' in page


def test_a_long_list_of_units_outside_the_groups_is_folded(
    world, plan, scorecard, login, monkeypatch
):
    """On a phone a province's hundreds of ungrouped units would push the rest of the page
    away: past a few they come folded under their heading, which says how many there are."""
    from dienhinh.scoring.views import results

    client = login(world.monitor)
    page = client.get(f"/scoring/plans/{plan.pk}/").content.decode()
    heading = page.split('id="ungrouped-heading">', 1)[1].split("</h2>", 1)[0]
    shown = int(heading.rsplit("(", 1)[1].rstrip(")"))
    assert shown >= 2 and world.unit_a.name in page
    assert '<details class="fold" open>' in page
    monkeypatch.setattr(results, "UNGROUPED_SHOWN_OPEN", shown - 1)
    page = client.get(f"/scoring/plans/{plan.pk}/").content.decode()
    assert '<details class="fold">' in page and '<details class="fold" open>' not in page
    assert world.unit_a.name in page.split('<details class="fold">', 1)[1]


def test_the_plan_page_says_the_rubric_state_and_its_version(world, plan, scorecard, login):
    from dienhinh.scoring.workflow import transition_scoring
    from tests.scoring.conftest import score_others

    def panel() -> str:
        text = login(world.monitor).get(f"/plans/{plan.pk}/").content.decode()
        start = text.index('aria-labelledby="plan-scoring-heading"')
        return text[start : text.index("</section>", start)]

    assert "Open: scores are being entered" in panel() and "version" not in panel()
    score_others(world, scorecard, units=[world.unit_a])
    score_others(world, scorecard)
    transition_scoring(scorecard.rubric, action="finalise", by=world.monitor)
    assert "Finalised · version 1" in panel()
    transition_scoring(scorecard.rubric, action="reopen", by=world.monitor, reason="Bổ sung")
    assert "Open: scores are being entered · version 1" in panel()
