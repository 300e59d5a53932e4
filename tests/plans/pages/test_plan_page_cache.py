"""The plan page's text is rendered once per language and kept (plans.views.detail._document):
every change to what it shows must still show on the next page, and the page's queries do
not grow with the plan."""

from django.urls import reverse

from dienhinh.plans.changes import plans_changed
from dienhinh.plans.models import Criterion, PlanBasis, PlanSection, TargetMode
from tests.plans.pages.conftest import make_plan


def page(client, plan) -> str:
    response = client.get(reverse("plans:detail", args=[plan.pk]))
    assert response.status_code == 200
    return response.text


def test_the_text_follows_its_rows_at_once(login, world, draft):
    client = login(world.monitor)
    assert "Có sáng tạo, sáng kiến" in page(client, draft)  # now kept
    criterion = Criterion.objects.get(plan=draft)
    criterion.text = "Có ít nhất một sáng kiến được công nhận"
    criterion.save()
    PlanBasis.objects.filter(plan=draft).get().delete()
    text = page(client, draft)
    assert "Có ít nhất một sáng kiến được công nhận" in text
    assert "Có sáng tạo, sáng kiến" not in text
    assert "Thực hiện Kế hoạch số 09/KH-HĐTĐKT" not in text
    # A first section turns the page into the document's own text.
    PlanSection.objects.create(plan=draft, heading="I. MỤC ĐÍCH", body="Biểu dương **kịp thời**.")
    text = page(client, draft)
    assert "<h2>I. MỤC ĐÍCH</h2>" in text and "<strong>kịp thời</strong>" in text
    draft.title = "Tôn vinh người lao động giỏi"
    draft.save()
    assert "Tôn vinh người lao động giỏi" in page(client, draft)


def test_names_of_units_and_movements_show_renamed_at_once(login, world, movement):
    plan = make_plan(world, movement=movement, target_mode=TargetMode.CHOSEN)
    plan.target_units.set([world.unit_a])
    client = login(world.monitor)
    text = page(client, plan)
    assert world.province.name.upper() in text and world.unit_a.name in text
    assert "Lao động giỏi, lao động sáng tạo" in text
    world.province.name = "Liên đoàn Lao động tỉnh Vĩnh Long"
    world.province.save()
    world.unit_a.name = "Công đoàn Trường Tiểu học Mới"
    world.unit_a.save()
    movement.name = "Thi đua yêu nước"
    movement.save()
    text = page(client, plan)
    assert "LIÊN ĐOÀN LAO ĐỘNG TỈNH VĨNH LONG" in text
    assert "Công đoàn Trường Tiểu học Mới" in text
    assert "Thi đua yêu nước" in text and "Lao động giỏi, lao động sáng tạo" not in text


def test_each_language_gets_its_own_text(login, world, draft):
    english = login(world.monitor)
    assert "Purposes and requirements" in page(english, draft)
    vietnamese = login(world.monitor)
    vietnamese.cookies["dienhinh_language"] = "vi"
    text = page(vietnamese, draft)
    assert "Purposes and requirements" not in text
    assert "Mục đích, yêu cầu" in text
    assert "Purposes and requirements" in page(english, draft)


def test_the_kept_text_is_not_a_way_round_visibility(login, world, issued):
    issued.target_mode = TargetMode.CHOSEN
    issued.save()
    issued.target_units.set([world.unit_a])
    url = reverse("plans:detail", args=[issued.pk])
    assert login(world.officer_a).get(url).status_code == 200  # the text is kept now
    assert login(world.officer_b).get(url).status_code == 404
    assert login(world.outsider).get(url).status_code == 404


def test_the_page_costs_the_same_queries_for_1_and_3_of_each_row(
    login, world, movement, django_assert_num_queries
):
    def plan_with(rows: int, number: int):
        plan = make_plan(world, number=number, movement=movement, target_mode=TargetMode.CHOSEN)
        plan.target_units.set([world.unit_a, world.unit_b][: min(rows, 2)])
        for i in range(rows - 1):
            PlanBasis.objects.create(plan=plan, text=f"Căn cứ {i}")
            Criterion.objects.create(plan=plan, group=f"Nhóm {i}", text=f"Tiêu chí {i}")
        for i in range(rows):
            PlanSection.objects.create(plan=plan, heading=f"Mục {i}", body="Nội dung.")
        return plan

    client = login(world.monitor)
    for plan in (plan_with(1, 60), plan_with(3, 61)):
        page(client, plan)
        # Session, user, roles; the plan; the scoring rubric; the field and audit
        # histories (its visibility, its dossier counts and its text are kept).
        with django_assert_num_queries(7):
            page(client, plan)
        plans_changed()  # a plan saved somewhere: its visibility and text are read again
        # ...with the plan with its units, movement and source; its targets, bases,
        # sections, fields and criteria.
        with django_assert_num_queries(14):
            page(client, plan)
