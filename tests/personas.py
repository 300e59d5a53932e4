"""The people every permission test talks about, on one small tree.

LĐLĐ tỉnh (province)                 fed_admin (subtree admin), monitor, editor
├── LĐLĐ huyện Càng Long (district)  reviewer (subtree)
│   ├── CĐCS Trường A (grassroots)   officer_a
│   │   └── Tổ công đoàn A1 (group)
│   └── CĐCS Trạm y tế B             officer_b (sibling of A)
└── LĐLĐ TP. Trà Vinh (district)
    └── CĐCS Công ty C
sysadmin: system administrator; outsider: an account with no role.
"""

import dataclasses
from dataclasses import dataclass

from dienhinh.accounts.models import Role, User
from dienhinh.orgs.models import OrgUnit, UnitKind
from tests.factories import UserFactory, grant, make_unit

PASSWORD = "secret-pass-123"


@dataclass
class World:
    province: OrgUnit
    district: OrgUnit
    unit_a: OrgUnit
    group_a1: OrgUnit
    unit_b: OrgUnit
    other_district: OrgUnit
    unit_c: OrgUnit
    sysadmin: User
    fed_admin: User
    monitor: User
    editor: User
    reviewer: User
    officer_a: User
    officer_b: User
    outsider: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)

    def fresh(self) -> "World":
        """The same world read again from the database, as new instances."""
        values = {field.name: getattr(self, field.name) for field in dataclasses.fields(self)}
        units = OrgUnit.objects.in_bulk([v.pk for v in values.values() if isinstance(v, OrgUnit)])
        users = User.objects.in_bulk([v.pk for v in values.values() if isinstance(v, User)])
        return World(
            **{
                name: (units if isinstance(value, OrgUnit) else users)[value.pk]
                for name, value in values.items()
            }
        )


PERSONAS = [
    "sysadmin",
    "fed_admin",
    "monitor",
    "editor",
    "reviewer",
    "officer_a",
    "officer_b",
    "outsider",
    "anonymous",
]


def build_world() -> World:
    province = make_unit(
        "Liên đoàn Lao động tỉnh Trà Vinh",
        kind=UnitKind.PROVINCE,
        code="TV",
        short_name="LĐLĐ tỉnh",
    )
    district = make_unit(
        "Liên đoàn Lao động huyện Càng Long",
        parent=province,
        kind=UnitKind.DISTRICT,
        code="TV-CL",
        short_name="LĐLĐ Càng Long",
    )
    unit_a = make_unit(
        "Công đoàn cơ sở Trường Tiểu học Thị trấn Càng Long", parent=district, code="TV-CL-A"
    )
    group_a1 = make_unit(
        "Tổ công đoàn Khối 1", parent=unit_a, kind=UnitKind.GROUP, code="TV-CL-A-1"
    )
    unit_b = make_unit("Công đoàn cơ sở Trạm Y tế xã An Trường", parent=district, code="TV-CL-B")
    other_district = make_unit(
        "Liên đoàn Lao động thành phố Trà Vinh",
        parent=province,
        kind=UnitKind.DISTRICT,
        code="TV-TP",
    )
    unit_c = make_unit("Công đoàn cơ sở Công ty Đồng Tâm", parent=other_district, code="TV-TP-C")
    for unit in (province, district, unit_a, unit_b, other_district):
        unit.refresh_from_db()

    def person(email: str, name: str) -> User:
        return UserFactory(email=email, full_name=name)

    sysadmin = person("sysadmin@example.vn", "Trần Quốc Hệ")
    grant(sysadmin, province, Role.SYSTEM_ADMIN)
    fed_admin = person("fed_admin@example.vn", "Lê Thị Quản")
    grant(fed_admin, province, Role.SUBTREE_ADMIN)
    monitor = person("monitor@example.vn", "Phạm Văn Dõi")
    grant(monitor, province, Role.MONITOR)
    editor = person("editor@example.vn", "Võ Thị Biên")
    grant(editor, province, Role.EDITOR)
    reviewer = person("reviewer@example.vn", "Huỳnh Văn Duyệt")
    grant(reviewer, district, Role.REVIEWER)
    officer_a = person("officer_a@example.vn", "Nguyễn Thị An")
    grant(officer_a, unit_a, Role.OFFICER)
    officer_b = person("officer_b@example.vn", "Đặng Văn Bình")
    grant(officer_b, unit_b, Role.OFFICER)
    outsider = person("outsider@example.vn", "Ngô Văn Ngoài")
    return World(
        province,
        district,
        unit_a,
        group_a1,
        unit_b,
        other_district,
        unit_c,
        sysadmin,
        fed_admin,
        monitor,
        editor,
        reviewer,
        officer_a,
        officer_b,
        outsider,
    )
