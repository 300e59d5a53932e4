"""Plausible bodies for the sweep's writes: what a user of the branch would really send.

A refused write must be refused because of the object, not because of its body, so the
system administrator's control run checks that no body is rejected as malformed (no 422 from
the API). Page forms not listed here are posted empty; API operations not listed get a body
made from their OpenAPI schema.
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from .world import jpeg_bytes, pdf_bytes


def _jpeg() -> SimpleUploadedFile:
    return SimpleUploadedFile("anh-moi.jpg", jpeg_bytes(), content_type="image/jpeg")


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("tai-lieu.pdf", pdf_bytes(), content_type="application/pdf")


def _seen(target) -> dict:
    from dienhinh.nominations.models import Nomination

    n = Nomination.objects.get(pk=target.value)
    return {"seen_state": n.state, "seen_unit": n.current_unit_id or "", "seen_round": n.round}


PAGE_BODIES = {
    "accounts:user_edit": lambda w, b, t: {"full_name": "Người Đã Đổi Tên", "phone": "0294 111"},
    "accounts:role_add": lambda w, b, t: {
        "unit_code": b.unit.code,
        "role": "reviewer",
        "covers_subtree": "on",
    },
    "orgs:add": lambda w, b, t: {
        "kind": "grassroots",
        "code": f"{b.unit.code}-MOI",
        "name": "Công đoàn cơ sở Mới Thành Lập",
        "is_active": "on",
    },
    "orgs:edit": lambda w, b, t: {
        "kind": b.unit.kind,
        "code": b.unit.code,
        "name": f"{b.unit.name} (đã sửa)",
        "is_active": "on",
    },
    "orgs:group_edit": lambda w, b, t: {
        "name": "Cụm thi đua đã đổi tên",
        "kind": "cluster",
        "year": 2025,
        "member_codes": b.unit.code,
    },
    "plans:edit": lambda w, b, t: {"title": "Kế hoạch đã sửa", "year": 2017, "number": 99},
    "plans:copy": lambda w, b, t: {"number": 99, "year": 2018},
    "plans:movement_edit": lambda w, b, t: {
        "name": "Phong trào đã đổi tên",
        "kind": "regular",
        "launched_by_code": b.unit.code,
        "starts_on": "01/01/2025",
    },
    "nominations:edit": lambda w, b, t: {"headline": "Tiêu đề đã sửa", "full_name": "Tên Đã Sửa"},
    "nominations:act": lambda w, b, t: {
        **_seen(t),
        "reason": "Bổ sung minh chứng.",
        "confirm_duplicates": "on",
    },
    "nominations:photo_upload": lambda w, b, t: {"image": _jpeg(), "caption": "Ảnh mới"},
    "nominations:autosave": lambda w, b, t: {"seen": "", "headline": "Tiêu đề đã sửa"},
    "nominations:consent": lambda w, b, t: {"scan": _pdf()},
    "nominations:consent_withdraw": lambda w, b, t: {"reason": "Không đồng ý nữa"},
    "publishing:edit": lambda w, b, t: {"headline": "Tiêu đề đã sửa", "body": "<p>Sửa</p>"},
    "publishing:act": lambda w, b, t: {
        "action": "unpublish",
        "act-unpublish-seen_state": b.story.state,
        "act-unpublish-seen_version": b.story.draft_version_id,
    },
    "publishing:photo_upload": lambda w, b, t: {"image": _jpeg(), "caption": "Ảnh mới"},
    "publishing:photo_import": lambda w, b, t: {"source": b.submitted.photos.get().pk},
    "publishing:preview_create": lambda w, b, t: {"label": "Người trong bài"},
    "publishing:settings": lambda w, b, t: {"requires_review": "on"},
    "nominations:attachment_upload": lambda w, b, t: {"file": _pdf(), "title": "Tài liệu mới"},
    "scoring:item_move": lambda w, b, t: {"direction": "down"},
}


def page_body(route, world, branch, target) -> dict:
    if route.key in PAGE_BODIES:
        return PAGE_BODIES[route.key](world, branch, target)
    if route.in_admin and route.pattern.endswith("/delete/"):
        return {"post": "yes"}  # the admin's "Yes, I'm sure"
    return {}


_ACTION = {"reason": "Bổ sung minh chứng.", "confirm_duplicates": True}

# "METHOD path" → the JSON body (a dict) or, for uploads, the multipart fields.
API_BODIES = {
    "PATCH /api/v1/units/{unit_id}": lambda w, b, t: {"short_name": "Tên tắt đã sửa"},
    "PATCH /api/v1/users/{user_id}": lambda w, b, t: {"phone": "0294 3862 000"},
    "PATCH /api/v1/emulation-groups/{group_id}": lambda w, b, t: {"name": "Cụm đã đổi tên"},
    "PATCH /api/v1/movements/{movement_id}": lambda w, b, t: {"name": "Phong trào đã đổi tên"},
    "PATCH /api/v1/plans/{plan_id}": lambda w, b, t: {"place": "Huế"},
    "POST /api/v1/plans/{plan_id}/copy": lambda w, b, t: {"number": 99},
    "PATCH /api/v1/nominations/{nomination_id}": lambda w, b, t: {"headline": "Tiêu đề đã sửa"},
    **{
        f"POST /api/v1/nominations/{{nomination_id}}/{action}": lambda w, b, t: dict(_ACTION)
        for action in ("submit", "forward", "return", "select", "reject", "withdraw")
    },
    "POST /api/v1/nominations/{nomination_id}/photos": lambda w, b, t: {
        "file": _jpeg(),
        "caption": "Ảnh mới",
    },
    "POST /api/v1/nominations/{nomination_id}/attachments": lambda w, b, t: {
        "file": _pdf(),
        "title": "Tài liệu mới",
    },
    "POST /api/v1/nominations/{nomination_id}/consent": lambda w, b, t: {"scan": _pdf()},
    "POST /api/v1/reports/{report_id}/attachments": lambda w, b, t: {"file": _pdf()},
    "POST /api/v1/reports/{report_id}/scan": lambda w, b, t: {"file": _pdf()},
    "POST /api/v1/reports/{report_id}/received": lambda w, b, t: {
        "received_on": datetime.date.today().isoformat(),
        "file": _pdf(),
    },
    "POST /api/v1/reports/{report_id}/close-missing": lambda w, b, t: {"reason": "Quá hạn."},
    # Every field, with the branch's own unit: a sampled unit id of 1 exists on SQLite but not
    # on PostgreSQL once earlier tests have moved the sequence on.
    "PUT /api/v1/activities/{activity_id}": lambda w, b, t: {
        "kind": b.activity.kind,
        "unit_id": b.activity.unit_id,
        "title": "Hoạt động đã sửa",
        "held_on": b.activity.held_on.isoformat(),
    },
    "PATCH /api/v1/stories/{story_id}": lambda w, b, t: {"headline": "Tiêu đề đã sửa"},
    "POST /api/v1/stories/{story_id}/photos/import": lambda w, b, t: {
        "photo_id": b.submitted.photos.get().pk
    },
    "POST /api/v1/stories/{story_id}/photos": lambda w, b, t: {
        "file": _jpeg(),
        "caption": "Ảnh mới",
    },
    "POST /api/v1/stories/{story_id}/restore": lambda w, b, t: {"number": 1},
    "POST /api/v1/rubrics/{rubric_id}/items": lambda w, b, t: {
        "kind": "points",
        "title": "Mục mới",
        "max_points": "1",
    },
    "PATCH /api/v1/rubric-items/{item_id}": lambda w, b, t: {"title": "Mục đã sửa"},
    "PATCH /api/v1/rubrics/{rubric_id}": lambda w, b, t: {"tie_break": ["report"]},
    # The rubric itself as the source: refused as a copy of itself (400), never a 404.
    "POST /api/v1/rubrics/{rubric_id}/copy": lambda w, b, t: {"source_rubric_id": t.value},
    **{
        f"POST /api/v1/stories/{{story_id}}/{action}": lambda w, b, t: {"reason": "Lý do."}
        for action in (
            "publish",
            "unpublish",
            "submit",
            "return",
            "cancel-schedule",
            "take-down",
            "reopen",
            "feature",
            "unfeature",
        )
    },
}


def api_body(operation, world, branch, target) -> tuple[str | None, dict | None]:
    """``(media type, body)`` for the operation; ``(None, None)`` when it takes no body."""
    if not operation.body:
        return None, None
    media = "multipart/form-data" if "multipart/form-data" in operation.body else "application/json"
    if operation.key in API_BODIES:
        return media, API_BODIES[operation.key](world, branch, target)
    return media, sample(operation.body[media]["schema"], every_property=True)


def sample(schema: dict, *, every_property: bool = False):
    """A value the schema accepts, for operations nobody wrote a body for yet."""
    from .routes import schema_ref

    if "$ref" in schema:
        return sample(schema_ref(schema["$ref"]), every_property=every_property)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            options = [s for s in schema[combined] if s.get("type") != "null"]
            return sample(options[0], every_property=every_property)
    if "default" in schema and not every_property:
        return schema["default"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if kind == "object":
        wanted = schema.get("properties", {})
        if not every_property:
            wanted = {k: v for k, v in wanted.items() if k in schema.get("required", [])}
        return {name: sample(sub) for name, sub in wanted.items()}
    if kind == "array":
        return [sample(schema.get("items", {})) for _ in range(schema.get("minItems", 0))]
    if kind == "integer" or kind == "number":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return False
    if schema.get("format") == "binary":
        return _jpeg()
    if schema.get("format") == "date":
        return datetime.date.today().isoformat()
    if schema.get("format") == "email":
        return "sweep@example.vn"
    return "Điển hình"[: schema.get("maxLength", 20)] or "x"
