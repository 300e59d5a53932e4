"""Who may do what with movements, plans and dossiers through the API: one line per persona
and action, the same answers as the pages (404 outside the scope, 403 seen but refused)."""

import datetime

import pytest

from tests.api.conftest import assert_error

TODAY = datetime.date.today()


def _photo(n):
    return n.photos.get().pk


def _attachment(n):
    return n.attachments.get().pk


def _new_dossier(w, p):
    return {
        "plan_id": p.pk,
        "unit_id": w.unit_a.pk,
        "subject_kind": "collective",
        "collective_name": "Tổ Toán trường Tiểu học Thị trấn Càng Long",
        "field_id": p.plan_fields.get().pk,
        "headline": "Tập thể lao động xuất sắc",
    }


def _new_plan(w):
    return {
        "issuing_unit_id": w.province.pk,
        "year": 2026,
        "title": "Kế hoạch tuyên truyền điển hình năm 2026",
        "nomination_deadline": str(TODAY + datetime.timedelta(days=10)),
        "report_deadline": str(TODAY + datetime.timedelta(days=20)),
    }


def _new_movement(w):
    return {
        "name": "Giỏi việc nước, đảm việc nhà",
        "kind": "thematic",
        "launched_by_id": w.province.pk,
        "starts_on": "2026-01-01",
    }


# Each action gives (method, path, JSON body) for the world, the plan and two dossiers of
# unit A: ``d`` a draft, ``s`` submitted (waiting for the district's reviewer).
ACTIONS = {
    "list_dossiers": lambda w, p, d, s: ("get", "/api/v1/nominations", None),
    "read_draft": lambda w, p, d, s: ("get", f"/api/v1/nominations/{d.pk}", None),
    "read_submitted": lambda w, p, d, s: ("get", f"/api/v1/nominations/{s.pk}", None),
    "draft_photo_file": lambda w, p, d, s: ("get", f"/api/v1/photos/{_photo(d)}/file", None),
    "submitted_photo_file": lambda w, p, d, s: ("get", f"/api/v1/photos/{_photo(s)}/file", None),
    "submitted_thumbnail": lambda w, p, d, s: (
        "get",
        f"/api/v1/photos/{_photo(s)}/thumbnail",
        None,
    ),
    "submitted_attachment_file": lambda w, p, d, s: (
        "get",
        f"/api/v1/attachments/{_attachment(s)}/file",
        None,
    ),
    "submitted_reviews": lambda w, p, d, s: ("get", f"/api/v1/nominations/{s.pk}/reviews", None),
    "submitted_transitions": lambda w, p, d, s: (
        "get",
        f"/api/v1/nominations/{s.pk}/transitions",
        None,
    ),
    "submitted_duplicates": lambda w, p, d, s: (
        "get",
        f"/api/v1/nominations/{s.pk}/duplicates",
        None,
    ),
    "create_dossier_for_a": lambda w, p, d, s: ("post", "/api/v1/nominations", _new_dossier(w, p)),
    "patch_draft": lambda w, p, d, s: (
        "patch",
        f"/api/v1/nominations/{d.pk}",
        {"headline": "Giáo viên dạy giỏi cấp tỉnh"},
    ),
    "patch_submitted": lambda w, p, d, s: (
        "patch",
        f"/api/v1/nominations/{s.pk}",
        {"headline": "Giáo viên dạy giỏi cấp tỉnh"},
    ),
    "submit_draft": lambda w, p, d, s: ("post", f"/api/v1/nominations/{d.pk}/submit", {}),
    "forward_submitted": lambda w, p, d, s: ("post", f"/api/v1/nominations/{s.pk}/forward", {}),
    "return_submitted": lambda w, p, d, s: (
        "post",
        f"/api/v1/nominations/{s.pk}/return",
        {"reason": "Bổ sung minh chứng."},
    ),
    "withdraw_submitted": lambda w, p, d, s: ("post", f"/api/v1/nominations/{s.pk}/withdraw", {}),
    "delete_draft_photo": lambda w, p, d, s: ("delete", f"/api/v1/photos/{_photo(d)}", None),
    "delete_submitted_photo": lambda w, p, d, s: ("delete", f"/api/v1/photos/{_photo(s)}", None),
    "delete_draft_attachment": lambda w, p, d, s: (
        "delete",
        f"/api/v1/attachments/{_attachment(d)}",
        None,
    ),
    "read_plan": lambda w, p, d, s: ("get", f"/api/v1/plans/{p.pk}", None),
    "create_plan_for_province": lambda w, p, d, s: ("post", "/api/v1/plans", _new_plan(w)),
    "patch_issued_plan": lambda w, p, d, s: ("patch", f"/api/v1/plans/{p.pk}", {"place": "Huế"}),
    "close_plan": lambda w, p, d, s: ("post", f"/api/v1/plans/{p.pk}/close", None),
    "copy_plan": lambda w, p, d, s: ("post", f"/api/v1/plans/{p.pk}/copy", {"number": 58}),
    "list_movements": lambda w, p, d, s: ("get", "/api/v1/movements", None),
    "launch_movement_for_province": lambda w, p, d, s: (
        "post",
        "/api/v1/movements",
        _new_movement(w),
    ),
}

MATRIX = [
    ("anonymous", "list_dossiers", 401),
    ("anonymous", "list_movements", 401),
    ("outsider", "list_dossiers", 200),
    # A draft is the nominating unit's working copy
    ("sysadmin", "read_draft", 200),
    ("fed_admin", "read_draft", 200),
    ("monitor", "read_draft", 404),
    ("editor", "read_draft", 404),
    ("reviewer", "read_draft", 404),
    ("officer_a", "read_draft", 200),
    ("officer_b", "read_draft", 404),
    ("outsider", "read_draft", 404),
    ("anonymous", "read_draft", 401),
    # Once submitted, the reviewers and the federation see it; the sibling unit never does
    ("monitor", "read_submitted", 200),
    ("editor", "read_submitted", 200),
    ("reviewer", "read_submitted", 200),
    ("officer_a", "read_submitted", 200),
    ("officer_b", "read_submitted", 404),
    ("outsider", "read_submitted", 404),
    ("anonymous", "read_submitted", 401),
    # Files, reviews, audit trail: exactly where the dossier is visible
    ("officer_a", "draft_photo_file", 200),
    ("reviewer", "draft_photo_file", 404),
    ("officer_b", "draft_photo_file", 404),
    ("anonymous", "draft_photo_file", 401),
    ("reviewer", "submitted_photo_file", 200),
    ("officer_b", "submitted_photo_file", 404),
    ("officer_b", "submitted_thumbnail", 404),
    ("officer_a", "submitted_thumbnail", 200),
    ("officer_a", "submitted_attachment_file", 200),
    ("reviewer", "submitted_attachment_file", 200),
    ("officer_b", "submitted_attachment_file", 404),
    ("outsider", "submitted_attachment_file", 404),
    ("officer_a", "submitted_reviews", 200),
    ("reviewer", "submitted_reviews", 200),
    ("officer_b", "submitted_reviews", 404),
    ("officer_a", "submitted_transitions", 200),
    ("officer_b", "submitted_transitions", 404),
    ("anonymous", "submitted_transitions", 401),
    ("officer_b", "submitted_duplicates", 404),
    ("reviewer", "submitted_duplicates", 200),
    # Writing dossiers: the nominating unit's officers (and administrators)
    ("sysadmin", "create_dossier_for_a", 201),
    ("fed_admin", "create_dossier_for_a", 201),
    ("monitor", "create_dossier_for_a", 403),
    ("reviewer", "create_dossier_for_a", 403),
    ("officer_a", "create_dossier_for_a", 201),
    ("officer_b", "create_dossier_for_a", 404),
    ("outsider", "create_dossier_for_a", 404),
    ("anonymous", "create_dossier_for_a", 401),
    ("officer_a", "patch_draft", 200),
    ("fed_admin", "patch_draft", 200),
    ("reviewer", "patch_draft", 404),
    ("officer_b", "patch_draft", 404),
    ("officer_a", "patch_submitted", 403),
    ("reviewer", "patch_submitted", 403),
    ("officer_b", "patch_submitted", 404),
    ("officer_a", "delete_draft_photo", 204),
    ("reviewer", "delete_draft_photo", 404),
    ("officer_b", "delete_draft_photo", 404),
    ("officer_a", "delete_submitted_photo", 403),
    ("reviewer", "delete_submitted_photo", 403),
    ("officer_a", "delete_draft_attachment", 204),
    ("officer_b", "delete_draft_attachment", 404),
    # Workflow
    ("officer_a", "submit_draft", 200),
    ("fed_admin", "submit_draft", 200),
    ("reviewer", "submit_draft", 404),
    ("officer_b", "submit_draft", 404),
    ("anonymous", "submit_draft", 401),
    ("sysadmin", "forward_submitted", 200),
    ("reviewer", "forward_submitted", 200),
    ("editor", "forward_submitted", 403),
    ("monitor", "forward_submitted", 403),
    ("fed_admin", "forward_submitted", 403),
    ("officer_a", "forward_submitted", 403),
    ("officer_b", "forward_submitted", 404),
    ("outsider", "forward_submitted", 404),
    ("reviewer", "return_submitted", 200),
    ("officer_a", "return_submitted", 403),
    ("officer_a", "withdraw_submitted", 200),
    ("reviewer", "withdraw_submitted", 403),
    ("officer_b", "withdraw_submitted", 404),
    # Plans
    ("officer_a", "read_plan", 200),
    ("reviewer", "read_plan", 200),
    ("outsider", "read_plan", 404),
    ("anonymous", "read_plan", 401),
    ("sysadmin", "create_plan_for_province", 201),
    ("fed_admin", "create_plan_for_province", 201),
    ("monitor", "create_plan_for_province", 201),
    ("editor", "create_plan_for_province", 403),
    ("reviewer", "create_plan_for_province", 403),
    ("officer_a", "create_plan_for_province", 403),
    ("outsider", "create_plan_for_province", 404),
    ("monitor", "patch_issued_plan", 403),
    ("officer_a", "patch_issued_plan", 403),
    ("outsider", "patch_issued_plan", 404),
    ("monitor", "close_plan", 200),
    ("editor", "close_plan", 403),
    ("officer_a", "close_plan", 403),
    ("monitor", "copy_plan", 201),
    ("reviewer", "copy_plan", 403),
    ("outsider", "copy_plan", 404),
    # Movements
    ("monitor", "launch_movement_for_province", 201),
    ("fed_admin", "launch_movement_for_province", 201),
    ("editor", "launch_movement_for_province", 403),
    ("officer_a", "launch_movement_for_province", 403),
    ("outsider", "launch_movement_for_province", 404),
    ("officer_a", "list_movements", 200),
]


@pytest.mark.parametrize(("persona", "action", "expected"), MATRIX)
def test_permission_matrix(
    world, plan, draft_a, submitted_a, api_client, persona, action, expected
):
    method, path, body = ACTIONS[action](world, plan, draft_a, submitted_a)
    client = api_client(world.persona(persona))
    kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
    response = getattr(client, method)(path, **kwargs)
    if expected >= 400:
        codes = {401: "unauthenticated", 403: "forbidden", 404: "not_found"}
        assert_error(response, expected, codes[expected])
    else:
        assert response.status_code == expected, response.content
