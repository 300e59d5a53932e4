"""The domain functions are the safety net: a caller that forgot to clean its text (a script,
a future form, a task) gets a ValidationError on the field, never a stored NUL or a 500 from
PostgreSQL, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from dienhinh.accounts.domain import issue_token, update_user
from dienhinh.accounts.invitations import invite_user
from dienhinh.accounts.models import Role
from dienhinh.accounts.profile import update_own_profile
from dienhinh.nominations import editing
from dienhinh.nominations.workflow import Decision, transition_nomination
from dienhinh.orgs.domain import create_unit, save_emulation_group, update_unit
from dienhinh.orgs.models import GroupKind
from dienhinh.plans.editing import (
    BasisInput,
    CriterionInput,
    FieldInput,
    create_movement,
    create_plan,
    update_movement,
)
from tests.factories import jpeg_bytes, pdf_bytes
from tests.text.conftest import REFUSED, refused_message, stored

pytestmark = pytest.mark.django_db

CHARS = pytest.mark.parametrize("char", REFUSED.values(), ids=REFUSED.keys())


def refuses(call, field: str, message: str) -> None:
    """``call()`` raises a ValidationError whose ``field`` holds ``message``; nothing saved."""
    before = stored()
    with pytest.raises(ValidationError) as caught:
        call()
    errors = caught.value.message_dict
    assert any(message in text for text in errors.get(field, [])), errors
    assert stored() == before


@CHARS
def test_units_and_groups(world, char):
    message = refused_message(char)
    admin = world.fed_admin
    refuses(
        lambda: create_unit(
            parent=world.district, by=admin, kind="grassroots", code="Z-1", name=f"Tên{char}"
        ),
        "name",
        message,
    )
    refuses(lambda: update_unit(world.unit_a, by=admin, address=f"Ấp{char}3"), "address", message)
    refuses(
        lambda: save_emulation_group(
            None,
            by=admin,
            members=[world.unit_a],
            name=f"Cụm{char}",
            kind=GroupKind.CLUSTER,
            year=2025,
            organizer=world.district,
        ),
        "name",
        message,
    )


@CHARS
def test_people_and_tokens(world, char):
    message = refused_message(char)
    admin = world.fed_admin
    refuses(
        lambda: invite_user(
            email="moi@example.vn",
            full_name=f"Trịnh{char}Mới",
            unit=world.unit_a,
            role=Role.OFFICER,
            covers_subtree=False,
            by=admin,
        ),
        "full_name",
        message,
    )
    refuses(
        lambda: invite_user(
            email=f"moi{char}@example.vn",
            full_name="Trịnh Thị Mới",
            unit=world.unit_a,
            role=Role.OFFICER,
            covers_subtree=False,
            by=admin,
        ),
        "email",
        message,
    )
    refuses(lambda: update_user(world.officer_b, by=admin, phone=f"09{char}09"), "phone", message)
    refuses(
        lambda: update_own_profile(world.officer_a, full_name=f"An{char}"), "full_name", message
    )
    refuses(lambda: issue_token(user=world.officer_a, name=f"Máy{char}"), "name", message)


@CHARS
def test_movements_and_plans(world, plan, char):
    message = refused_message(char)
    monitor = world.monitor
    refuses(
        lambda: create_movement(
            by=monitor,
            launched_by=world.province,
            name="Phong trào",
            kind="regular",
            starts_on=datetime.date(2026, 1, 1),
            description=f"Dòng một\n{char}",
        ),
        "description",
        message,
    )
    movement = create_movement(
        by=monitor,
        launched_by=world.province,
        name="Phong trào",
        kind="regular",
        starts_on=datetime.date(2026, 1, 1),
    )
    refuses(lambda: update_movement(movement, by=monitor, name=f"Phong{char}"), "name", message)

    def new_plan(**changes):
        values = {
            "year": 2026,
            "number": 5,
            "symbol": "KH-LĐLĐ",
            "title": "Kế hoạch",
            "nomination_deadline": datetime.date(2026, 6, 1),
            "report_deadline": datetime.date(2026, 7, 1),
            "bases": [BasisInput("Căn cứ")],
            "fields": [FieldInput("Giáo dục")],
            "criteria": [CriterionInput("Có sáng kiến", group="Chung")],
            **changes,
        }
        return lambda: create_plan(by=monitor, issuing_unit=world.province, **values)

    refuses(new_plan(title=f"Kế{char}hoạch"), "title", message)
    refuses(new_plan(purposes=f"Mục đích\n{char}"), "purposes", message)
    refuses(new_plan(bases=[BasisInput(f"Căn{char}cứ")]), "bases", message)
    refuses(new_plan(fields=[FieldInput(f"Giáo{char}dục")]), "plan_fields", message)
    refuses(new_plan(criteria=[CriterionInput("Có", group=f"Chung{char}")]), "criteria", message)


def _data(plan, **changes) -> dict:
    return {
        "subject_kind": "individual",
        "full_name": "Nguyễn Thị Hồng",
        "birth_year": 1985,
        "field": plan.plan_fields.get(),
        "movement": None,
        "headline": "Giáo viên dạy giỏi",
        "achievements": "<p>Thành tích</p>",
        "initiatives": [{"title": "Sáng kiến", "recognised_by": "Sở"}],
        "assessments": [{"criterion": plan.criteria.get(), "met": True, "evidence": "Có"}],
        **changes,
    }


@CHARS
def test_dossiers(world, plan, dossiers, char):
    message = refused_message(char)
    officer = world.officer_a

    def create(**changes):
        return lambda: editing.create_nomination(
            plan=plan, unit=world.unit_a, by=officer, data=_data(plan, **changes)
        )

    refuses(create(headline=f"Tiêu{char}biểu"), "headline", message)
    refuses(create(full_name=f"Hồng{char}"), "full_name", message)
    refuses(create(contact_email=f"a{char}@example.vn"), "contact_email", message)
    refuses(create(achievements=f"<p>Thành{char}tích</p>"), "achievements", message)
    refuses(
        create(initiatives=[{"title": f"Sáng{char}kiến"}]),
        "initiatives",
        "Initiative 1: " + message,
    )
    refuses(
        create(assessments=[{"criterion": plan.criteria.get(), "evidence": f"Có{char}"}]),
        "assessments",
        message,
    )
    draft = dossiers.draft
    refuses(
        lambda: editing.update_nomination(
            draft, by=officer, data=_data(plan, workplace=f"Trường{char}")
        ),
        "workplace",
        message,
    )
    photo = SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg")
    refuses(
        lambda: editing.add_photo(draft, by=officer, upload=photo, caption=f"Ảnh{char}"),
        "caption",
        message,
    )
    document = SimpleUploadedFile("a.pdf", pdf_bytes(), "application/pdf")
    refuses(
        lambda: editing.add_attachment(draft, by=officer, upload=document, title=f"Tệp{char}"),
        "title",
        message,
    )


@CHARS
def test_workflow_reasons_and_notes(world, dossiers, char):
    message = refused_message(char)
    submitted = dossiers.submitted
    refuses(
        lambda: transition_nomination(
            submitted, action="return", by=world.reviewer, decision=Decision(reason=f"Lý{char}do")
        ),
        "reason",
        message,
    )
    refuses(
        lambda: transition_nomination(
            submitted,
            action="forward",
            by=world.reviewer,
            decision=Decision(internal_note=f"Ghi{char}chú"),
        ),
        "internal_note",
        message,
    )
    submitted.refresh_from_db()
    assert submitted.state == "submitted"
