"""The sweep's world: the personas' tree (tests/personas.py) with a second province, and in
every branch the objects a persona of another branch must never reach.

LĐLĐ tỉnh Trà Vinh (TV)               plan 57 (issued), movement, group "Cụm thi đua số 1"
├── LĐLĐ huyện Càng Long (CL)          (the group is organised here: unit A leads, B is member)
│   ├── CĐCS Trường A     branch "A":  officer_a, a draft and a submitted dossier
│   │   └── Tổ công đoàn A1
│   └── CĐCS Trạm y tế B  branch "B":  officer_b, a draft and a submitted dossier
└── LĐLĐ TP. Trà Vinh     branch "TP": officer_c (at CĐCS Công ty C), plans 5 (issued) and
    └── CĐCS Công ty C                 6 (draft), a movement, a group, two dossiers of C
LĐLĐ tỉnh Vĩnh Long (VL)  branch "P2": admin_p2, officer_p2, plans 12 (issued) and 13
└── LĐLĐ huyện Long Hồ                 (draft), a movement, a group, two dossiers of the
    └── CĐCS Trường THPT Phạm Hùng     school, and a unit import admin_p2 has not confirmed

Every dossier has a photo (with thumbnail), a PDF attachment and a recorded consent with its
scan; every branch's user has an API token of their own. Branch TP has a story of LĐLĐ TP. Trà
Vinh, published and changed since (three versions), and branch P2 a draft story of its
province; each tells about its branch's submitted dossier and has a photo and a preview link.
Submitted dossiers of A and B wait at Càng Long (it has a reviewer); those of C and of the
school go straight to their province (no reviewer between).

What each persona sees, counted BY HAND from the tree above (not by the code under test):

persona     units users roles groups movements plans dossiers inbox stories activ. reports rubrics
sysadmin      10    11    10     3       3        5      8       4      2          4       4       5
fed_admin      7     8     8     2       2        3      6       0      1          3       3       3
monitor        7     8     8     2       2        3      3       0      1          3       3       3
editor         7     8     8     2       2        3      3       1      1          3       3       3
reviewer       4     3     3     1       1        1      2       2      0          2       2       1
officer_a      2     1     1     1       1        1      2       0      0          1       1       1
officer_b      1     1     1     1       1        1      2       0      0          1       1       1
outsider       0     1     0     0       0        0      0       0      0          0       0       0

(units: TV's 7 and VL's 3. users: the 8 personas, officer_c, admin_p2, officer_p2; each sees
themself and whoever holds a role in their scope. Drafts are seen only by officers and
subtree administrators; issued plans reach the issuer's subtree. The editor's inbox holds
C's dossier, waiting at TV; the reviewer's holds A's and B's. Stories are seen in the scope
of any role: TP's by the province's people, P2's by the system administrator only; the
officers' own dossiers have no story. Activities: a meeting of A, of B and of the school, and
TP's seminar with C taking part; each is seen in its unit's scope, the seminar also in C's.
Reports: the submitted ones of A, B and C (plan 57) and of the school (plan 12), each seen in
its unit's scope; the system administrator sees all four of each. Every plan has a rubric,
seen by whoever sees its plan.)
"""

import datetime
import functools
import io
from dataclasses import dataclass, field
from importlib import import_module

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dienhinh.accounts.domain import issue_token
from dienhinh.accounts.models import ApiToken, Role, RoleAssignment, User
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.nominations.models import Attachment, Nomination
from dienhinh.nominations.workflow import transition_nomination
from dienhinh.orgs.importing import store
from dienhinh.orgs.importing.views import SESSION_KEY
from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, GroupKind, OrgUnit, UnitKind
from dienhinh.plans.models import (
    Criterion,
    Movement,
    MovementKind,
    Plan,
    PlanField,
    PlanStatus,
    SubjectKind,
)
from dienhinh.publishing.editing import create_story, update_story
from dienhinh.publishing.models import (
    NewspaperBatch,
    NewspaperColumn,
    NewspaperProposal,
    Story,
    StoryDossier,
)
from dienhinh.publishing.photos import add_photo
from dienhinh.publishing.previews import create_preview_link
from dienhinh.publishing.workflow import transition_story
from tests.factories import UserFactory, grant, make_photo, make_unit
from tests.personas import World, build_world

COLUMNS = (
    "units",
    "users",
    "roles",
    "groups",
    "movements",
    "plans",
    "dossiers",
    "inbox",
    "stories",
    "activities",
    "reports",
    "rubrics",
)


def _totals_table() -> dict[str, dict[str, int]]:
    """The hand-written table of the module docstring, read back as numbers."""
    lines = __doc__.split("persona     units")[1].split("\n\n")[0].strip().splitlines()[1:]
    return {
        line.split()[0]: dict(zip(COLUMNS, map(int, line.split()[1:]), strict=True))
        for line in lines
    }


TOTALS = _totals_table()

# The branches whose objects each persona is swept against. The system administrator sees
# everything: its run is the control that the URLs reach real objects, on a grassroots
# branch and on the branch holding every kind of object.
SWEPT_BRANCHES = {
    "sysadmin": ("B", "P2"),
    "fed_admin": ("P2",),
    "monitor": ("P2",),
    "editor": ("P2",),
    "reviewer": ("TP",),
    "officer_a": ("B", "TP"),
    "officer_b": ("A", "TP"),
    "outsider": ("TP",),
    "anonymous": ("P2",),
}


@dataclass
class Branch:
    """One branch of the tree and the objects in it that the sweep fetches."""

    name: str
    unit: OrgUnit  # the unit whose pages are swept
    user: User  # someone who holds a role only inside this branch
    role: RoleAssignment
    token: ApiToken
    draft: Nomination
    submitted: Nomination
    plans: list[Plan] = field(default_factory=list)  # draft first, then issued
    movement: Movement | None = None
    group: EmulationGroup | None = None
    story: Story | None = None
    activity: object = None  # an activity of the branch with a photo and minutes
    report: object = None  # the submitted report of the branch's nominating unit
    # Scoring: an item of the rubric of one of the branch's plans, a finalised version of
    # one, and the self-score entry (with its evidence file) of the report's unit.
    rubric_item: object = None
    scoring_version: object = None
    score_entry: object = None


@dataclass
class SweepWorld:
    people: World
    plan57: Plan
    branches: dict[str, Branch]
    import_token: str
    import_session_key: str
    extras: dict = field(default_factory=dict)  # objects of the admin's own tables

    def persona(self, name: str):
        return self.people.persona(name)


@functools.cache
def jpeg_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (16, 12), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


@functools.cache
def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _plan(unit, number: int, title: str, status=PlanStatus.ISSUED) -> Plan:
    today = datetime.date.today()
    plan = Plan.objects.create(
        issuing_unit=unit,
        year=2017,
        number=number,
        symbol="KH-LĐLĐ",
        title=title,
        issued_on=datetime.date(2017, 6, 29),
        place="Trà Vinh",
        nomination_deadline=today + datetime.timedelta(days=30),
        report_deadline=today + datetime.timedelta(days=60),
        status=status,
    )
    PlanField.objects.create(plan=plan, name="Lao động sản xuất")
    Criterion.objects.create(plan=plan, group="Tiêu chí chung", text="Có sáng kiến", max_points=10)
    return plan


def _dossier(plan: Plan, unit: OrgUnit, officer: User, name: str, *, submit: bool) -> Nomination:
    nomination = Nomination.objects.create(
        plan=plan,
        nominating_unit=unit,
        subject_kind=SubjectKind.INDIVIDUAL,
        full_name=name,
        birth_year=1984,
        headline=f"{name}: lao động giỏi nhiều năm liền",
        field=plan.plan_fields.get(),
        created_by=officer,
    )
    make_photo(nomination, caption=f"Ảnh của {name}")
    Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(pdf_bytes(), "d.pdf"),
        content_type="application/pdf",
        size=100,
        original_name=f"Báo cáo thành tích {name}.pdf",
    )
    nomination.consent_recorded_at = datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)
    nomination.consent_recorded_by = officer
    nomination.consent_scan.save("consent.pdf", ContentFile(pdf_bytes()), save=False)
    nomination.consent_scan_type = "application/pdf"
    nomination.save()
    if submit:
        transition_nomination(nomination, action="submit", by=officer)
        nomination.refresh_from_db()
    return nomination


def _group(name: str, organizer: OrgUnit, leader: OrgUnit, members) -> EmulationGroup:
    group = EmulationGroup.objects.create(
        name=name, kind=GroupKind.CLUSTER, year=2025, organizer=organizer, leader=leader
    )
    EmulationGroupMember.objects.bulk_create(
        [EmulationGroupMember(group=group, unit=unit) for unit in members]
    )
    return group


def _movement(name: str, unit: OrgUnit) -> Movement:
    return Movement.objects.create(
        name=name, kind=MovementKind.THEMATIC, launched_by=unit, starts_on=datetime.date(2025, 1, 1)
    )


def _branch(name, unit, user, plan, nominating_unit, names, **objects) -> Branch:
    token, _key = issue_token(user=user, name="Điện thoại")
    return Branch(
        name=name,
        unit=unit,
        user=user,
        role=user.role_assignments.get(),
        token=token,
        draft=_dossier(plan, nominating_unit, user, names[0], submit=False),
        submitted=_dossier(plan, nominating_unit, user, names[1], submit=True),
        **objects,
    )


def _story(unit: OrgUnit, about: Nomination, by: User, headline: str, *, publish: bool) -> Story:
    """A story of ``unit`` telling about ``about``, with a photo and a preview link; when
    ``publish``, published and then changed (the public reads version 2 of 3)."""
    story = create_story(unit=unit, by=by, headline=headline, body=f"<p>{headline}.</p>")
    StoryDossier.objects.create(story=story, nomination=about)  # the world's shortcut
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    add_photo(story, by=by, upload=upload, alt_text="Ảnh", people_consent=PeopleConsent.AGREED)
    create_preview_link(story, by=by, label="Người trong bài")
    if publish:
        story.refresh_from_db()
        transition_story(story, action="publish", by=by)
        update_story(story, by=by, headline=f"{headline} (sửa)")
    story.refresh_from_db()
    # A newspaper column of the unit with the story proposed and sent in a batch (the
    # world's shortcut: a draft is never proposed through publishing.newspaper).
    column = NewspaperColumn.objects.create(unit=unit, newspaper="Báo Vĩnh Long", name="Công đoàn")
    batch = NewspaperBatch.objects.create(column=column, created_by=by)
    version = story.live_version or story.draft_version
    NewspaperProposal.objects.create(
        column=column, story=story, version=version, state="sent", batch=batch, proposed_by=by
    )
    return story


def _activity(unit: OrgUnit, by: User, plan: Plan, **seminar):
    """A meeting of ``unit`` (a seminar of the group when ``seminar`` names one), with a
    photo and minutes."""
    from dienhinh.activities.domain import ActivityInput, add_photo, create_activity

    kind = "seminar" if seminar else "meeting"
    activity = create_activity(
        ActivityInput(
            kind=kind,
            unit=unit,
            title=f"Sinh hoạt lan tỏa điển hình tại {unit.name}",
            held_on=datetime.date(2017, 9, 15),
            participants=30,
            plan=plan,
            **seminar,
        ),
        by=by,
        minutes=SimpleUploadedFile("bien-ban.pdf", pdf_bytes(), content_type="application/pdf"),
    )
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    add_photo(activity, by=by, upload=upload, caption="Toàn cảnh buổi sinh hoạt")
    return activity


def _report(plan: Plan, unit: OrgUnit, by: User):
    """The unit's report, submitted, with an attachment and the signed scan."""
    from dienhinh.reports.domain import add_attachment, add_scan, report_for, save_narrative
    from dienhinh.reports.workflow import transition_report

    report = report_for(plan, unit)
    save_narrative(report, by=by, results=f"Kết quả thực hiện của {unit.name}")
    upload = SimpleUploadedFile("phu-luc.pdf", pdf_bytes(), content_type="application/pdf")
    add_attachment(report, by=by, upload=upload)
    transition_report(report, action="submit", by=by)
    report.refresh_from_db()
    scan = SimpleUploadedFile("ban-ky.pdf", pdf_bytes(), content_type="application/pdf")
    add_scan(report.last_version, by=by, upload=scan)
    report.refresh_from_db()
    return report


def _scoring(w: World, plan57: Plan, branches: dict) -> None:
    """A rubric for every plan (a computed item; plan 57 and 12 an entered item too), the
    self-score with evidence of each branch's reporting unit, plan 5 and plan 12 finalised."""
    from decimal import Decimal

    from dienhinh.scoring import rubric as rubrics
    from dienhinh.scoring.entries import (
        OfficialInput,
        SelfInput,
        save_official_scores,
        save_self_scores,
    )
    from dienhinh.scoring.models import ScoreEntry
    from dienhinh.scoring.workflow import transition_scoring

    tp, p2 = branches["TP"], branches["P2"]
    entered = {}
    for plan in {plan57, *tp.plans, *p2.plans}:
        rubric = rubrics.rubric_for(plan, create=True)
        rubrics.add_item(
            rubric,
            by=w.sysadmin,
            kind="computed",
            title="Buổi sinh hoạt",
            max_points=10,
            source="meetings",
            formula="per_occurrence",
            points_each=2,
        )
        if plan in (plan57, p2.plans[1]):
            entered[plan.pk] = rubrics.add_item(
                rubric, by=w.sysadmin, kind="points", title="Chất lượng", max_points=90
            )
    for branch in branches.values():
        report = branch.report
        item = entered[report.plan_id]
        upload = SimpleUploadedFile("minh-chung.pdf", pdf_bytes(), "application/pdf")
        evidence = f"Minh chứng chất lượng của {report.unit.name}"
        save_self_scores(
            item.rubric,
            report.unit,
            by=branch.user,
            entries={item.pk: SelfInput(Decimal(80), evidence, upload=upload)},
        )
        branch.score_entry = ScoreEntry.objects.get(score__unit=report.unit, item=item)
    plan12 = p2.plans[1]
    item12 = entered[plan12.pk]
    issuer = plan12.issuing_unit
    for unit in OrgUnit.objects.filter(path__startswith=issuer.path).exclude(pk=issuer.pk):
        save_official_scores(
            item12.rubric,
            unit,
            by=w.sysadmin,
            entries={item12.pk: OfficialInput(Decimal(80))},
        )
    p2.rubric_item = item12
    p2.scoring_version = transition_scoring(
        item12.rubric, action="finalise", by=w.sysadmin
    ).last_version
    plan5 = tp.plans[1]
    tp.rubric_item = plan5.rubric.items.get()
    tp.scoring_version = transition_scoring(
        plan5.rubric, action="finalise", by=w.sysadmin
    ).last_version


def _pending_import(owner: User) -> tuple[str, str]:
    """An uploaded unit file waiting for ``owner``'s confirmation: the file on the server and
    its token in ``owner``'s session, as the upload page leaves them."""
    data = "code,name,parent_code,kind\nVL-LH-B,CĐCS Trạm Y tế xã Phú Đức,VL-LH,grassroots\n"
    token = store.save_upload(data.encode(), "csv")
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session["_auth_user_id"] = str(owner.pk)
    session[SESSION_KEY] = {token: {"parent": None, "file_name": "donvi.csv", "digest": "x"}}
    session.save()
    return token, session.session_key


def build_sweep_world() -> SweepWorld:
    w = build_world()
    plan57 = _plan(w.province, 57, "Tuyên truyền các điển hình tiên tiến")
    _movement("Phong trào thi đua Lao động giỏi, lao động sáng tạo", w.province)
    _group("Cụm thi đua số 1", w.district, w.unit_a, [w.unit_a, w.unit_b])

    officer_c = UserFactory(email="officer_c@example.vn", full_name="Trương Văn Cường")
    grant(officer_c, w.unit_c, Role.OFFICER)
    tp = _branch(
        "TP",
        w.other_district,
        officer_c,
        plan57,
        w.unit_c,
        ("Đoàn Thị Cúc", "Lý Văn Chiến"),
        plans=[
            _plan(w.other_district, 6, "Kế hoạch thành phố (dự thảo)", PlanStatus.DRAFT),
            _plan(w.other_district, 5, "Tuyên truyền điển hình thành phố Trà Vinh"),
        ],
        movement=_movement("Phong trào Xanh - Sạch - Đẹp thành phố Trà Vinh", w.other_district),
        group=_group("Khối doanh nghiệp thành phố", w.other_district, w.unit_c, [w.unit_c]),
    )

    province2 = make_unit(
        "Liên đoàn Lao động tỉnh Vĩnh Long", kind=UnitKind.PROVINCE, code="VL", short_name="LĐLĐ VL"
    )
    district2 = make_unit(
        "Liên đoàn Lao động huyện Long Hồ", parent=province2, kind=UnitKind.DISTRICT, code="VL-LH"
    )
    school = make_unit("Công đoàn cơ sở Trường THPT Phạm Hùng", parent=district2, code="VL-LH-A")
    province2.refresh_from_db()
    admin_p2 = UserFactory(email="admin_p2@example.vn", full_name="Trịnh Thị Vĩnh")
    grant(admin_p2, province2, Role.SUBTREE_ADMIN)
    officer_p2 = UserFactory(email="officer_p2@example.vn", full_name="Lâm Văn Hồ")
    grant(officer_p2, school, Role.OFFICER)
    plan12 = _plan(province2, 12, "Tuyên truyền gương điển hình tiên tiến tỉnh Vĩnh Long")
    p2 = _branch(
        "P2",
        province2,
        officer_p2,
        plan12,
        school,
        ("Võ Thị Hạnh", "Huỳnh Văn Lực"),
        plans=[_plan(province2, 13, "Kế hoạch Vĩnh Long (dự thảo)", PlanStatus.DRAFT), plan12],
        movement=_movement("Phong trào Lao động giỏi tỉnh Vĩnh Long", province2),
        group=_group("Cụm thi đua các huyện phía Bắc", province2, district2, [district2, school]),
    )

    tp.story = _story(
        w.other_district, tp.submitted, w.sysadmin, "Gương sáng Lý Văn Chiến", publish=True
    )
    p2.story = _story(
        province2, p2.submitted, w.sysadmin, "Gương sáng Huỳnh Văn Lực", publish=False
    )
    a = _branch("A", w.unit_a, w.officer_a, plan57, w.unit_a, ("Trần Văn Nháp", "Lê Thị Nộp"))
    b = _branch("B", w.unit_b, w.officer_b, plan57, w.unit_b, ("Phan Thị Bé", "Mai Văn Bền"))
    a.activity = _activity(a.draft.nominating_unit, w.officer_a, plan57)
    b.activity = _activity(b.draft.nominating_unit, w.officer_b, plan57)
    tp.activity = _activity(
        w.other_district, w.sysadmin, plan57, group=tp.group, participating_units=[w.unit_c]
    )
    p2.activity = _activity(school, officer_p2, plan12)
    for branch, plan in ((a, plan57), (b, plan57), (tp, plan57), (p2, plan12)):
        branch.report = _report(plan, branch.draft.nominating_unit, branch.user)
    _scoring(w, plan57, {"A": a, "B": b, "TP": tp, "P2": p2})
    token, session_key = _pending_import(admin_p2)
    return SweepWorld(
        people=w,
        plan57=plan57,
        branches={"A": a, "B": b, "TP": tp, "P2": p2},
        import_token=token,
        import_session_key=session_key,
    )
