"""The table behind tests/text/test_api_text.py: for each API endpoint that takes text, who
calls it, at which URL, with which otherwise valid request, and what the clean request
answers. ``c`` in the lambdas is the test's Context (world, plan, dossiers, group, draft_plan).
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import jpeg_bytes, pdf_bytes
from tests.personas import PASSWORD
from tests.text import report_cases, scoring_cases, story_cases

# --- Who calls each endpoint, with which valid request ----------------------------------


def _future(days: int) -> str:
    return str(datetime.date.today() + datetime.timedelta(days=days))


def _pending_photo(c) -> list[dict]:
    """``pending_uploads`` naming one photo officer A uploaded before saving (made once per
    test, before the snapshot of what is stored)."""
    from dienhinh.nominations.editing.pending import add_pending

    if "_pending" not in c.__dict__:
        upload = SimpleUploadedFile("le.jpg", jpeg_bytes(40, 30), content_type="image/jpeg")
        c._pending = add_pending(by=c.world.officer_a, kind="photo", upload=upload)
    return [{"id": c._pending.pk, "caption": "Lễ tuyên dương", "alt_text": "Ảnh lễ tuyên dương"}]


def _dossier_fields(plan) -> dict:
    return {
        "subject_kind": "individual",
        "full_name": "Nguyễn Thị Hồng",
        "gender": "female",
        "birth_year": 1985,
        "position": "Giáo viên",
        "workplace": "Trường Tiểu học Thị trấn Càng Long",
        "collective_name": "",
        "field_id": plan.plan_fields.get().pk,
        "headline": "Giáo viên dạy giỏi cấp tỉnh ba năm liền",
        "achievements": "<p>Nhiều năm liền đạt <strong>giáo viên giỏi</strong>.</p>",
        "contact_name": "Lê Văn Liên",
        "contact_phone": "0294 3862 123",
        "contact_email": "lien@example.vn",
        "initiatives": [
            {"title": "Đổi mới phương pháp dạy đọc hiểu", "year": 2016, "recognised_by": "Sở"}
        ],
        "past_awards": [
            {
                "title": "Chiến sĩ thi đua cơ sở",
                "year": 2016,
                "decision_number": "1234/QĐ-UBND",
                "issued_by": "UBND tỉnh Trà Vinh",
            }
        ],
        "assessments": [
            {"criterion_id": plan.criteria.get().pk, "met": True, "evidence": "Bằng khen"}
        ],
    }


def _plan_fields() -> dict:
    return {
        "title": "Tuyên truyền các điển hình tiên tiến năm 2026",
        "symbol": "KH-LĐLĐ",
        "place": "Trà Vinh",
        "purposes": "1. Nhân rộng, biểu dương.\n2. Phát hiện điển hình.",
        "bases": [{"text": "Căn cứ Luật Thi đua, khen thưởng năm 2022;"}],
        "fields": [{"name": "Lao động sản xuất"}],
        "criteria": [{"group": "Tiêu chí chung", "text": "Có sáng kiến", "max_points": 10}],
        "sections": [{"heading": "I. MỤC ĐÍCH YÊU CẦU", "body": "1. Nhân rộng.\n2. Tôn vinh."}],
        "recipients": "- Các cấp công đoàn;\n- Lưu VP.",
        "superior_name": "Tổng Liên đoàn Lao động Việt Nam",
        "authority_line": "TM. BAN THƯỜNG VỤ",
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Nguyễn Văn A",
    }


def _action(reason: str = "") -> dict:
    return {
        "reason": reason,
        "comment": "Hồ sơ đầy đủ",
        "internal_note": "Đã kiểm tra",
        "confirm_duplicates": True,
    }


def _photo_form(ctx) -> dict:
    return {
        "file": SimpleUploadedFile("ảnh.jpg", jpeg_bytes(), "image/jpeg"),
        "caption": "Cô Mai đứng lớp",
        "alt_text": "Cô giáo trên bục giảng",
    }


def _attachment_form(ctx) -> dict:
    return {"file": SimpleUploadedFile("báo cáo.pdf", pdf_bytes()), "title": "Báo cáo"}


def invitation_token(world) -> str:
    """The link token of an invitation of officer_b to review at unit A (made with the
    test's context, before it looks at what is stored)."""
    from dienhinh.accounts.invitations import accept_url
    from dienhinh.accounts.models import Invitation

    invitation = Invitation.objects.create(
        user=world.officer_b,
        unit=world.unit_a,
        role="reviewer",
        covers_subtree=False,
        invited_by=world.fed_admin,
    )
    return accept_url(invitation).rstrip("/").rsplit("/", 1)[-1]


# (method, OpenAPI path): (persona, concrete URL, request body, status of the clean request)
CASES = {
    ("post", "/api/v1/auth/token"): (
        None,
        lambda c: "/api/v1/auth/token",
        lambda c: {"email": c.world.officer_a.email, "password": PASSWORD, "name": "Máy tính"},
        201,
    ),
    ("post", "/api/v1/tokens"): (
        "officer_a",
        lambda c: "/api/v1/tokens",
        lambda c: {"name": "Máy chủ báo cáo"},
        201,
    ),
    ("post", "/api/v1/units"): (
        "fed_admin",
        lambda c: "/api/v1/units",
        lambda c: {
            "parent_id": c.world.district.pk,
            "kind": "grassroots",
            "code": "TV-CL-Z",
            "name": "Công đoàn cơ sở Trường THCS Đại Phước",
            "short_name": "CĐCS THCS Đại Phước",
            "email": "thcs@example.vn",
            "address": "Ấp 3, xã Đại Phước",
        },
        201,
    ),
    ("patch", "/api/v1/units/{unit_id}"): (
        "fed_admin",
        lambda c: f"/api/v1/units/{c.world.unit_a.pk}",
        lambda c: {
            "code": "TV-CL-A",
            "name": "Công đoàn cơ sở Trường Tiểu học Càng Long",
            "short_name": "CĐCS TH Càng Long",
            "email": "thcl@example.vn",
            "address": "Khóm 2, thị trấn Càng Long",
        },
        200,
    ),
    ("post", "/api/v1/users/invite"): (
        "fed_admin",
        lambda c: "/api/v1/users/invite",
        lambda c: {
            "email": "moi.den@example.vn",
            "full_name": "Trịnh Thị Mới",
            "phone": "0987 654 321",
            "unit_id": c.world.unit_a.pk,
            "role": "officer",
        },
        201,
    ),
    ("post", "/api/v1/users/invitations/accept"): (
        "officer_b",
        lambda c: "/api/v1/users/invitations/accept",
        lambda c: {"token": c.invitation_token},
        200,
    ),
    ("patch", "/api/v1/users/{user_id}"): (
        "fed_admin",
        lambda c: f"/api/v1/users/{c.world.officer_b.pk}",
        lambda c: {"full_name": "Đặng Văn Bình", "phone": "0909 123 456"},
        200,
    ),
    ("post", "/api/v1/emulation-groups"): (
        "fed_admin",
        lambda c: "/api/v1/emulation-groups",
        lambda c: {
            "name": "Cụm thi đua số 2",
            "kind": "cluster",
            "year": 2025,
            "organizer_id": c.world.district.pk,
            "member_ids": [c.world.unit_a.pk],
        },
        201,
    ),
    ("patch", "/api/v1/emulation-groups/{group_id}"): (
        "fed_admin",
        lambda c: f"/api/v1/emulation-groups/{c.group.pk}",
        lambda c: {"name": "Cụm thi đua số 1 (đổi tên)"},
        200,
    ),
    ("post", "/api/v1/movements"): (
        "monitor",
        lambda c: "/api/v1/movements",
        lambda c: {
            "name": "Lao động giỏi, lao động sáng tạo",
            "kind": "regular",
            "launched_by_id": c.world.province.pk,
            "starts_on": "2026-01-01",
            "description": "Dòng một\nDòng hai",
        },
        201,
    ),
    ("patch", "/api/v1/movements/{movement_id}"): (
        "monitor",
        lambda c: f"/api/v1/movements/{c.dossiers.movement.pk}",
        lambda c: {"name": "Giỏi việc nước, đảm việc nhà", "description": "Mô tả mới"},
        200,
    ),
    ("post", "/api/v1/plans"): (
        "monitor",
        lambda c: "/api/v1/plans",
        lambda c: {
            "issuing_unit_id": c.world.province.pk,
            "year": 2026,
            "number": 12,
            "nomination_deadline": _future(20),
            "report_deadline": _future(40),
            **_plan_fields(),
        },
        201,
    ),
    ("patch", "/api/v1/plans/{plan_id}"): (
        "monitor",
        lambda c: f"/api/v1/plans/{c.draft_plan.pk}",
        lambda c: _plan_fields(),
        200,
    ),
    ("post", "/api/v1/nominations"): (
        "officer_a",
        lambda c: "/api/v1/nominations",
        lambda c: {
            "plan_id": c.plan.pk,
            "unit_id": c.world.unit_a.pk,
            **_dossier_fields(c.plan),
            "pending_uploads": _pending_photo(c),
        },
        201,
    ),
    ("patch", "/api/v1/nominations/{nomination_id}"): (
        "officer_a",
        lambda c: f"/api/v1/nominations/{c.dossiers.draft.pk}",
        lambda c: {**_dossier_fields(c.plan), "pending_uploads": _pending_photo(c)},
        200,
    ),
    ("post", "/api/v1/nominations/{nomination_id}/submit"): (
        "officer_a",
        lambda c: f"/api/v1/nominations/{c.dossiers.draft.pk}/submit",
        lambda c: _action(),
        200,
    ),
    ("post", "/api/v1/nominations/{nomination_id}/withdraw"): (
        "officer_a",
        lambda c: f"/api/v1/nominations/{c.dossiers.draft.pk}/withdraw",
        lambda c: _action(),
        200,
    ),
    ("post", "/api/v1/nominations/{nomination_id}/forward"): (
        "reviewer",
        lambda c: f"/api/v1/nominations/{c.dossiers.submitted.pk}/forward",
        lambda c: _action(),
        200,
    ),
    ("post", "/api/v1/nominations/{nomination_id}/return"): (
        "reviewer",
        lambda c: f"/api/v1/nominations/{c.dossiers.submitted.pk}/return",
        lambda c: _action("Cần bổ sung minh chứng"),
        200,
    ),
    ("post", "/api/v1/nominations/bulk"): (
        "reviewer",
        lambda c: "/api/v1/nominations/bulk",
        lambda c: {
            "action": "return",
            "reason": "Cần bổ sung minh chứng",
            "items": [{"id": c.dossiers.submitted.pk}],
        },
        200,
    ),
    ("post", "/api/v1/nominations/{nomination_id}/select"): (
        "editor",
        lambda c: f"/api/v1/nominations/{c.dossiers.at_province.pk}/select",
        lambda c: _action(),
        200,
    ),
    ("post", "/api/v1/nominations/{nomination_id}/reject"): (
        "editor",
        lambda c: f"/api/v1/nominations/{c.dossiers.at_province.pk}/reject",
        lambda c: _action("Chưa tiêu biểu"),
        200,
    ),
    ("post", "/api/v1/nominations/{nomination_id}/photos"): (
        "officer_a",
        lambda c: f"/api/v1/nominations/{c.dossiers.draft.pk}/photos",
        _photo_form,
        201,
    ),
    ("post", "/api/v1/nominations/{nomination_id}/attachments"): (
        "officer_a",
        lambda c: f"/api/v1/nominations/{c.dossiers.draft.pk}/attachments",
        _attachment_form,
        201,
    ),
}
CASES.update(story_cases.CASES)
CASES.update(report_cases.CASES)
CASES.update(scoring_cases.CASES)
MULTIPART = {path for (_method, path) in CASES if path.endswith(("/photos", "/attachments"))}

# A password is compared, never stored or shown: only NUL is refused (as by the login
# page); other characters are passed on as typed and simply do not match (see below).
PASSWORD_FIELD = ("post", "/api/v1/auth/token", "password")

# (method, OpenAPI path, concrete URL): list endpoints whose filters take text.
QUERIES = {
    ("get", "/api/v1/units"),
    ("get", "/api/v1/users"),
    ("get", "/api/v1/movements"),
    ("get", "/api/v1/plans"),
    ("get", "/api/v1/nominations"),
    *story_cases.QUERIES,
}
