"""Every text field of every API endpoint refuses NUL, ESC and U+202E with a 422 naming the
field, and nothing is saved: on SQLite and on PostgreSQL, where NUL used to be a 500.

The fields are read from the OpenAPI document, so a new endpoint or text field is tested
as soon as it exists; the table (tests/text/api_cases.py) only says, per endpoint, who calls
it and with which otherwise valid request. Each endpoint's request is finally sent clean, to
prove that the 422s came from the character and nothing else.
"""

import json

import pytest
from django.test import Client

from dienhinh.nominations.models import Nomination
from tests.api.conftest import assert_error
from tests.text.api_cases import CASES, MULTIPART, PASSWORD_FIELD, QUERIES, invitation_token
from tests.text.conftest import BIDI, REFUSED, ZERO_WIDTH, refused_message, stored

pytestmark = pytest.mark.django_db


# --- What the OpenAPI document says ------------------------------------------------------


@pytest.fixture(scope="module")
def openapi(django_db_blocker) -> dict:
    with django_db_blocker.unblock():
        return json.loads(Client().get("/api/v1/openapi.json").content)


def _is_free_text(schema: dict) -> bool:
    """A string a person types: not an enum, a constant, a date or a decimal's pattern."""
    if schema.get("type") != "string":
        return False
    return not ({"enum", "const", "pattern", "format"} & set(schema))


def text_fields(schema: dict, components: dict, prefix: str = "") -> list[str]:
    """The dotted paths of the free-text fields of ``schema`` ("initiatives.0.title")."""
    while "$ref" in schema:
        schema = components[schema["$ref"].split("/")[-1]]
    found = []
    options = schema.get("anyOf", []) + schema.get("allOf", [])
    if any(option.get("type") in ("number", "integer") for option in options):
        # A decimal: pydantic offers it as a number or a numeric string, not free text.
        return []
    for option in options:
        found += text_fields(option, components, prefix)
    if _is_free_text(schema):
        found.append(prefix)
    for name, field in schema.get("properties", {}).items():
        found += text_fields(field, components, f"{prefix}.{name}" if prefix else name)
    if schema.get("type") == "array":
        found += text_fields(schema["items"], components, f"{prefix}.0")
    return sorted(set(found))


def body_fields(openapi: dict, method: str, path: str) -> list[str]:
    operation = openapi["paths"][path][method]
    content = operation.get("requestBody", {}).get("content", {})
    fields = []
    for media in content.values():
        fields += text_fields(media["schema"], openapi["components"]["schemas"])
    return sorted(set(fields))


def query_fields(openapi: dict, method: str, path: str) -> list[str]:
    operation = openapi["paths"][path][method]
    components = openapi["components"]["schemas"]
    return sorted(
        p["name"]
        for p in operation.get("parameters", [])
        if p["in"] in ("query", "path") and text_fields(p["schema"], components)
    )


class Context:
    def __init__(self, world, plan, dossiers, group, draft_plan):
        self.world, self.plan, self.dossiers = world, plan, dossiers
        self.group, self.draft_plan = group, draft_plan


@pytest.fixture
def ctx(world, plan, dossiers):
    from dienhinh.orgs.models import EmulationGroup, GroupKind
    from dienhinh.plans.models import Plan, PlanStatus

    group = EmulationGroup.objects.create(
        name="Cụm thi đua số 1",
        kind=GroupKind.CLUSTER,
        year=2025,
        organizer=world.district,
        leader=world.unit_a,
    )
    draft_plan = Plan.objects.create(
        issuing_unit=world.province,
        year=2026,
        number=3,
        title="Kế hoạch nháp",
        nomination_deadline=plan.nomination_deadline,
        report_deadline=plan.report_deadline,
        status=PlanStatus.DRAFT,
    )
    context = Context(world, plan, dossiers, group, draft_plan)
    context.invitation_token = invitation_token(world)
    return context


def _with(body: dict, path: str, value: str) -> dict:
    """``body`` with the field at dotted ``path`` ("initiatives.0.title") set to ``value``."""
    target = body
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[int(last) if last.isdigit() else last] = value
    return body


def _get(body: dict, path: str):
    target = body
    for part in path.split("."):
        target = target[int(part)] if part.isdigit() else target.get(part)
        if target is None:
            return None
    return target


def _with_zero_width(body: dict, fields: list[str], skip=()) -> dict:
    """``body`` with a zero-width character (each field the next of ZERO_WIDTH) after the
    first letter of each text field it fills."""
    for index, field in enumerate(fields):
        value = _get(body, field)
        if isinstance(value, str) and value and field not in skip:
            zero_width = ZERO_WIDTH[index % len(ZERO_WIDTH)]
            body = _with(body, field, value[:1] + zero_width + value[1:])
    return body


def _invisible_stored(before: dict) -> list[str]:
    """Rows saved since ``before`` whose text holds a zero-width or direction character."""
    found = []
    for label, rows in stored().items():
        for row in set(map(tuple, rows)) - set(map(tuple, before.get(label, []))):
            if any(isinstance(v, str) and set(v) & (set(ZERO_WIDTH) | set(BIDI)) for v in row):
                found.append(f"{label} {row}")
    return found


def _send(client, method: str, url: str, body: dict, multipart: bool):
    if multipart:
        return client.post(url, body)
    return getattr(client, method)(url, data=body, content_type="application/json")


# --- The tests ----------------------------------------------------------------------------


def test_the_table_covers_every_endpoint_that_takes_text(openapi):
    """A new endpoint with a text field must be added to CASES or QUERIES: otherwise the
    tests below would silently not cover it."""
    with_body = set()
    with_query = set()
    for path, operations in openapi["paths"].items():
        for method in operations:
            if body_fields(openapi, method, path):
                with_body.add((method, path))
            if query_fields(openapi, method, path):
                with_query.add((method, path))
    assert with_body == set(CASES)
    assert with_query == QUERIES
    # The generator does find nested and multipart fields.
    assert "initiatives.0.title" in body_fields(openapi, "post", "/api/v1/nominations")
    assert "criteria.0.text" in body_fields(openapi, "post", "/api/v1/plans")
    assert body_fields(openapi, "post", "/api/v1/nominations/{nomination_id}/photos") == [
        "alt_text",
        "caption",
    ]


@pytest.mark.parametrize("operation", sorted(CASES), ids=lambda op: f"{op[0]} {op[1]}")
def test_every_text_field_refuses_nul_esc_and_rlo_and_saves_nothing(
    operation, openapi, ctx, api_client
):
    method, path = operation
    persona, url, body, ok_status = CASES[operation]
    user = None if persona is None else getattr(ctx.world, persona)
    client = api_client(user)
    multipart = path in MULTIPART
    fields = body_fields(openapi, method, path)
    assert fields
    target = url(ctx)  # objects the case needs (a story in some state) exist from here on
    body(ctx)
    before = stored()
    problems = []
    for name, char in REFUSED.items():
        for index, field in enumerate(fields):
            if (method, path, field) == PASSWORD_FIELD and char != "\x00":
                continue
            if name == "RLO":
                # Each field meets the next of every direction control, U+202E among them.
                char = BIDI[(index + len(path)) % len(BIDI)]
            value = f"Trước{char}sau"
            response = _send(client, method, target, _with(body(ctx), field, value), multipart)
            if response.status_code != 422:
                problems.append(f"{field} with {name}: {response.status_code}")
                continue
            error = assert_error(response, 422, "invalid")
            expected = {"field": field, "message": refused_message(char)}
            if expected not in error["details"]:
                problems.append(f"{field} with {name}: {error['details']}")
    assert problems == []
    assert stored() == before  # nothing saved, no file written
    # The request with zero-width characters in every text field goes through (so the 422s
    # came from the characters alone), and none of them is stored.
    password = {PASSWORD_FIELD[2]} if (method, path) == PASSWORD_FIELD[:2] else set()
    invisible = _with_zero_width(body(ctx), fields, skip=password)
    clean = _send(client, method, target, invisible, multipart)
    assert clean.status_code == ok_status, clean.content
    assert _invisible_stored(before) == []


@pytest.mark.parametrize("operation", sorted(QUERIES), ids=lambda op: f"{op[0]} {op[1]}")
def test_every_text_filter_refuses_nul_esc_and_rlo(operation, openapi, world, api_client):
    method, path = operation
    client = api_client(world.fed_admin)
    fields = query_fields(openapi, method, path)
    assert fields
    for char in REFUSED.values():
        for field in fields:
            response = client.get(path, {field: f"Trước{char}sau"})
            error = assert_error(response, 422, "invalid")
            assert {"field": field, "message": refused_message(char)} in error["details"]
    # Free text passes (a slug or code filter would refuse spaces, so the search if any).
    probe = "q" if "q" in fields else fields[0]
    assert client.get(path, {probe: "Trà Vinh"}).status_code == 200


def test_nul_in_a_dossier_headline_is_a_422_not_a_500(world, plan, api_client):
    """The case that answered 500 on PostgreSQL (SQLite stored the NUL)."""
    response = api_client(world.officer_a).post(
        "/api/v1/nominations",
        {
            "plan_id": plan.pk,
            "unit_id": world.unit_a.pk,
            "subject_kind": "individual",
            "full_name": "Nguyễn Văn A",
            "headline": "Tiêu\x00 biểu",
            "field_id": plan.plan_fields.get().pk,
        },
        content_type="application/json",
    )
    error = assert_error(response, 422, "invalid")
    assert error["details"] == [
        {
            "field": "headline",
            "message": "The text contains an invisible control character (U+0000). "
            "Remove it and type the text again.",
        }
    ]
    assert not Nomination.objects.exists()


def test_a_password_is_passed_on_as_typed(world, api_client, fast_hasher):
    """Only NUL is refused in a password: anything else is compared as sent (no NFC, no
    trimming), so a password with surrounding spaces still works and ESC just fails."""
    from dienhinh.accounts.models import User

    user = User.objects.get(pk=world.officer_a.pk)
    user.set_password("  mật khẩu  ")
    user.save()
    client = api_client(None)
    ok = client.post(
        "/api/v1/auth/token",
        {"email": user.email, "password": "  mật khẩu  "},
        content_type="application/json",
    )
    assert ok.status_code == 201, ok.content
    wrong = client.post(
        "/api/v1/auth/token",
        {"email": user.email, "password": "  mật khẩu\x1b  "},
        content_type="application/json",
    )
    assert_error(wrong, 401, "invalid_credentials")


def test_clean_text_still_normalises_what_it_accepts(world, api_client):
    """The text types clean, not only refuse: NFC, zero-width characters dropped, trimmed."""
    import unicodedata

    nfd = unicodedata.normalize("NFD", "  Công đoàn\u200b  Đại Phước ")
    response = api_client(world.fed_admin).post(
        "/api/v1/units",
        {"parent_id": world.district.pk, "kind": "grassroots", "code": "TV-CL-Z", "name": nfd},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "Công đoàn Đại Phước"


def test_the_message_is_in_the_callers_language(world):
    from dienhinh.accounts.domain import issue_token

    _token, key = issue_token(user=world.fed_admin, name="vi")
    client = Client(headers={"Authorization": f"Bearer {key}", "Accept-Language": "vi"})
    error = assert_error(client.get("/api/v1/units", {"q": "Trà\x00Vinh"}), 422, "invalid")
    assert error["details"] == [
        {
            "field": "q",
            "message": "Văn bản có một ký tự điều khiển không nhìn thấy được (U+0000). "
            "Hãy xóa ký tự đó và nhập lại.",
        }
    ]
