"""The demo plans: plan 57/KH-LĐLĐ as written in 2017, this year's plan, ~40 dossiers."""

import datetime
import io

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation
from PIL import Image

from dienhinh.accounts.models import User
from dienhinh.demo.loader import load_demo
from dienhinh.nominations.enums import DECIDED, IN_REVIEW, Action, State
from dienhinh.nominations.models import Nomination, PastAward
from dienhinh.nominations.workflow import allowed_actions, transition_nomination
from dienhinh.orgs.models import OrgUnit, UnitKind
from dienhinh.plans.models import MovementKind, Plan, PlanStatus, ReviewRoute, TargetMode

EMAIL = "@demo.dienhinh.vn"
REVIEW_ACTIONS = {Action.FORWARD, Action.RETURN, Action.SELECT, Action.REJECT}


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def person(login: str) -> User:
    return User.objects.get(email=f"{login}{EMAIL}")


def plan_57() -> Plan:
    return Plan.objects.get(issuing_unit__code="TV", year=2017, number=57)


def this_years_plan() -> Plan:
    return Plan.objects.get(issuing_unit__code="TV", year=timezone.localdate().year, number=12)


def test_plan_57_is_the_paper_plan(demo, login):
    plan = plan_57()
    assert plan.reference == "57/KH-LĐLĐ"
    assert plan.issuing_unit.short_name == "LĐLĐ tỉnh Trà Vinh"
    assert (plan.issued_on, plan.place) == (datetime.date(2017, 6, 29), "Trà Vinh")
    assert plan.title == (
        "Tuyên truyền các điển hình tiên tiến, mô hình mới, nhân tố mới trong các phong trào "
        "thi đua yêu nước"
    )
    [basis] = plan.bases.all()
    assert basis.text.startswith(
        "Kế hoạch số 09/KH-HĐTĐKT ngày 27/4/2017 của Hội đồng Thi đua - Khen thưởng tỉnh Trà Vinh"
    )
    assert plan.purposes.startswith("1. Nhân rộng, biểu dương, tôn vinh gương điển hình")
    assert "2. Các cấp công đoàn phát hiện, bồi dưỡng" in plan.purposes
    assert [f.name for f in plan.plan_fields.all()] == [
        "Công tác",
        "Lao động sản xuất",
        "Xây dựng nông thôn mới",
        "Gương người tốt, việc tốt",
        "Dạy tốt",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ]
    criteria = list(plan.criteria.all())
    assert len(criteria) == 6
    assert {c.group for c in criteria} == {"Tiêu chí chung"}
    assert any("Chỉ thị số 05-CT/TW ngày 15/5/2016" in c.text for c in criteria)
    assert plan.report_deadline == datetime.date(2017, 12, 15)
    # The paper plan gives no nomination deadline: it took dossiers until it was closed.
    assert plan.nomination_deadline is None
    assert [s.heading for s in plan.sections.all()] == [
        "",
        "I. MỤC ĐÍCH YÊU CẦU",
        "II. NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN",
        "III. TỔ CHỨC THỰC HIỆN",
    ]
    text = "\n".join(s.body for s in plan.sections.all())
    # The reference's slip ("…Hồ Chí Minh”. Minh” theo tinh thần…") is held once.
    assert "phong cách Hồ Chí Minh” theo tinh thần Chỉ thị số 05-CT/TW" in text
    assert "Minh”." not in text and text.count("Minh”") == 1
    assert plan.recipient_lines[-1] == "- Lưu VP, Ban CSPL."
    assert (plan.authority_line, plan.signer_title, plan.signer_name) == (
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
        "Trần Trung Truyền",
    )
    assert (plan.status, plan.target_mode, plan.review_route) == (
        PlanStatus.CLOSED,
        TargetMode.SUBTREE,
        ReviewRoute.EVERY_LEVEL,
    )
    assert plan.issued_at.year == 2017
    assert plan.movement.name == "Phong trào thi đua yêu nước"
    assert plan.movement.kind == MovementKind.REGULAR
    assert plan.movement.launched_by == plan.issuing_unit
    # The plan page shows the text as written, down to the closing sentences.
    page = login(person("theodoi")).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    for words in (
        "1. Nội dung tuyên truyền",
        "3. Hình thức tuyên truyền",
        "<strong>Đối tượng:</strong>",
        "Đây là một trong những tiêu chí xét thi đua",
        "Lưu VP, Ban CSPL.",
        "Trần Trung Truyền",
    ):
        assert words in page


def test_this_years_plan_is_open_for_nominations(demo):
    plan = this_years_plan()
    today = timezone.localdate()
    assert plan.reference == "12/KH-LĐLĐ" and plan.status == PlanStatus.ISSUED
    assert plan.copied_from == plan_57()
    assert today + datetime.timedelta(days=14) <= plan.nomination_deadline
    assert plan.nomination_deadline <= today + datetime.timedelta(days=28)
    assert plan.issued_on < today
    assert all(c.max_points for c in plan.criteria.all())
    assert plan.plan_fields.count() == 6


def test_about_forty_dossiers_in_every_state_in_both_plans(demo):
    dossiers = Nomination.objects.all()
    assert 40 <= dossiers.count() == demo.dossiers <= 50
    assert set(dossiers.values_list("state", flat=True)) == set(State.values)
    assert dossiers.filter(plan=plan_57()).count() >= 15
    assert dossiers.filter(plan=this_years_plan()).count() >= 15
    assert {"individual", "collective"} == set(dossiers.values_list("subject_kind", flat=True))
    parents = {OrgUnit.objects.get_parent(n.nominating_unit).kind for n in dossiers}
    assert parents == {UnitKind.DISTRICT, UnitKind.INDUSTRY}
    assert dossiers.values("nominating_unit").distinct().count() >= 10
    assert dossiers.filter(initiatives__benefit__gt=0).distinct().count() >= 5
    assert all(n.achievements.startswith("<p>") for n in dossiers)
    individuals = dossiers.filter(subject_kind="individual")
    assert all(n.birth_year and n.position and n.workplace for n in individuals)
    # The subject as the achievement-report forms ask for it, for some dossiers.
    assert dossiers.exclude(home_town="").count() >= 6
    assert dossiers.filter(ethnicity="05").count() >= 3
    assert dossiers.filter(subject_kind="collective").exclude(collective_address="").count() >= 3
    awards = PastAward.objects.filter(nomination__in=dossiers, decision_number__contains="/QĐ-")
    assert awards.count() >= 10
    assert all(a.decision_date and a.decision_date.year == a.year for a in awards)


def test_each_dossiers_history_leads_to_its_state(demo):
    for nomination in Nomination.objects.prefetch_related("transitions", "reviews"):
        entries = list(nomination.transitions.all())
        state, unit_id = State.DRAFT, None
        for entry in entries:
            assert entry.from_state == state, nomination
            assert entry.from_unit_id == unit_id, nomination
            state, unit_id = entry.to_state, entry.to_unit_id
            if entry.action in (Action.RETURN, Action.REJECT):
                assert entry.reason, nomination
        assert (nomination.state, nomination.current_unit_id) == (state, unit_id), nomination
        assert nomination.round == sum(e.action == Action.SUBMIT for e in entries)
        reviews = [e for e in entries if e.action in REVIEW_ACTIONS]
        assert len(nomination.reviews.all()) == len(reviews)
        assert (nomination.current_unit_id is not None) == (nomination.state in IN_REVIEW)
        assert (nomination.decided_at is not None) == (nomination.state in DECIDED)
        years = {e.at.year for e in entries}
        if nomination.plan.year == 2017:
            assert years <= {2017}, nomination
        assert all(e.at <= timezone.now() for e in entries)


def test_coso1_sees_its_own_dossiers_and_not_coso2s(demo):
    coso1, coso2 = person("coso1"), person("coso2")
    mine = Nomination.objects.visible_to(coso1)
    assert set(mine.values_list("nominating_unit__code", flat=True)) == {"TV-CL-001"}
    current = mine.filter(plan=this_years_plan())
    assert current.filter(state=State.DRAFT).exists()
    assert current.filter(state=State.RETURNED).exists()
    theirs = Nomination.objects.visible_to(coso2)
    assert theirs.exists()
    assert not theirs.filter(nominating_unit__code="TV-CL-001").exists()


def test_coso1_submits_today_and_the_closed_2017_plan_takes_nothing_back(demo):
    coso1 = person("coso1")
    draft = Nomination.objects.get(
        plan=this_years_plan(), nominating_unit__code="TV-CL-001", state=State.DRAFT
    )
    assert Action.SUBMIT in allowed_actions(draft, coso1)
    submitted = transition_nomination(draft, action=Action.SUBMIT, by=coso1)
    assert (submitted.state, submitted.current_unit.code) == (State.SUBMITTED, "TV-CL")
    # Plan 57 was closed in January 2018: a dossier still returned there cannot come back.
    old = Nomination.objects.get(plan=plan_57(), state=State.RETURNED)
    with pytest.raises(ValidationError, match=r"The plan is not open for nominations\."):
        transition_nomination(old, action=Action.SUBMIT, by=old.created_by)


def test_xetduyet_has_dossiers_waiting_at_cang_long(demo):
    reviewer = person("xetduyet")
    waiting = Nomination.objects.filter(state__in=IN_REVIEW, current_unit__code="TV-CL")
    assert 2 <= waiting.count() <= 3
    assert set(Nomination.objects.visible_to(reviewer).filter(pk__in=waiting)) == set(waiting)
    for nomination in waiting:
        assert {Action.FORWARD, Action.RETURN} <= set(allowed_actions(nomination, reviewer))
    at_federation = Nomination.objects.filter(state__in=IN_REVIEW, current_unit__code="TV")
    assert at_federation.exists()
    editor = person("bientap")
    assert all(Action.SELECT in allowed_actions(n, editor) for n in at_federation)


def test_every_dossier_has_a_small_generated_jpeg_in_storage(demo, settings):
    """Small, except the cards of the stories' subjects, drawn as wide as a story's widest
    rendition (tests/demo/test_demo_stories.py)."""
    from dienhinh.demo.stories import STORY_SUBJECTS

    for nomination in Nomination.objects.prefetch_related("photos"):
        [photo] = nomination.photos.all()
        assert default_storage.exists(photo.image.name)
        assert default_storage.path(photo.image.name).startswith(str(settings.MEDIA_ROOT))
        assert default_storage.exists(photo.thumbnail.name)
        wide = nomination.subject_name in STORY_SUBJECTS
        assert default_storage.size(photo.image.name) < (80_000 if wide else 30_000)
        assert photo.width == (1600 if wide else 360)
        with default_storage.open(photo.image.name) as stored:
            image = Image.open(io.BytesIO(stored.read()))
            assert image.format == "JPEG" and image.size == (photo.width, photo.height)
        assert photo.caption == nomination.subject_name


def test_loading_twice_adds_no_dossier(demo):
    before = Nomination.objects.count()
    again = load_demo(password=settings.DEMO_PASSWORD)
    assert not again.created
    assert Nomination.objects.count() == before
