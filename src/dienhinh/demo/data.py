"""The demo province as plain data: LĐLĐ tỉnh Trà Vinh as it was in 2017.

Each unit is a dict with the ``OrgUnit`` fields (``code``, ``kind``, ``name`` and optionally
``short_name``, ``email``, ``address``) and ``children``. State bodies and places are real;
the enterprises are invented. Schools up to lower secondary and commune offices belong to the
district federations; upper secondary schools, hospitals and enterprises to the industry
unions, as in the province's union structure of the time.
"""

from typing import Any

Unit = dict[str, Any]

DOMAIN = "demo.dienhinh.vn"
PROVINCE_CODE = "TV"
YEAR = 2017


def _unit(kind: str, code: str, name: str, *children: Unit, **fields: str) -> Unit:
    return {"kind": kind, "code": code, "name": name, **fields, "children": list(children)}


def _grassroots(code: str, name: str, *children: Unit, **fields: str) -> Unit:
    return _unit(
        "grassroots",
        code,
        f"Công đoàn cơ sở {name}",
        *children,
        short_name=f"CĐCS {name}",
        **fields,
    )


def _group(code: str, name: str) -> Unit:
    return _unit("group", code, f"Tổ công đoàn {name}")


def _district(code: str, place: str, slug: str, *children: Unit, address: str) -> Unit:
    # place: "huyện Càng Long", "thành phố Trà Vinh"…; slug builds the demo email address.
    return _unit(
        "district",
        code,
        f"Liên đoàn Lao động {place}",
        *children,
        short_name=f"LĐLĐ {place}",
        email=f"ldld{slug}@{DOMAIN}",
        address=address,
    )


def _industry(code: str, name: str, short_name: str, slug: str, *children: Unit) -> Unit:
    return _unit(
        "industry",
        code,
        name,
        *children,
        short_name=short_name,
        email=f"{slug}@{DOMAIN}",
    )


DISTRICTS: list[Unit] = [
    _district(
        "TV-TP",
        "thành phố Trà Vinh",
        "tptravinh",
        _grassroots("TV-TP-001", "Ủy ban nhân dân Phường 1"),
        _grassroots("TV-TP-002", "Ủy ban nhân dân Phường 7"),
        _grassroots("TV-TP-003", "Trường Tiểu học Phường 6"),
        _grassroots("TV-TP-004", "Trường Mầm non Hoa Sen"),
        _grassroots(
            "TV-TP-005",
            "Công ty TNHH Thương mại Dịch vụ Phước Hưng",
            email=f"cdcsphuochung@{DOMAIN}",
        ),
        address="Số 10 Lý Thường Kiệt, Phường 1, TP. Trà Vinh",
    ),
    _district(
        "TV-DHX",
        "thị xã Duyên Hải",
        "txduyenhai",
        _grassroots("TV-DHX-001", "Ủy ban nhân dân Phường 1, thị xã Duyên Hải"),
        _grassroots("TV-DHX-002", "Ủy ban nhân dân xã Trường Long Hòa"),
        _grassroots("TV-DHX-003", "Trường Tiểu học Long Toàn"),
        address="Khóm 1, Phường 1, thị xã Duyên Hải",
    ),
    _district(
        "TV-CL",
        "huyện Càng Long",
        "canglong",
        _grassroots(
            "TV-CL-001",
            "Trường Tiểu học Thị trấn Càng Long",
            _group("TV-CL-001-01", "Khối 1 - 2"),
            _group("TV-CL-001-02", "Khối 3 - 4 - 5"),
            _group("TV-CL-001-03", "Văn phòng"),
            email=f"thttcanglong@{DOMAIN}",
            address="Khóm 3, thị trấn Càng Long, huyện Càng Long",
        ),
        _grassroots(
            "TV-CL-002",
            "Trạm Y tế xã An Trường",
            email=f"tytantruong@{DOMAIN}",
            address="Ấp 1, xã An Trường, huyện Càng Long",
        ),
        _grassroots("TV-CL-003", "Ủy ban nhân dân xã Huyền Hội"),
        _grassroots("TV-CL-004", "Ủy ban nhân dân xã Tân An"),
        _grassroots("TV-CL-005", "Trường Trung học cơ sở Bình Phú"),
        _grassroots("TV-CL-006", "Trường Mầm non Nhị Long"),
        _grassroots("TV-CL-007", "Trạm Y tế xã Đại Phước"),
        _grassroots("TV-CL-008", "Ủy ban nhân dân xã Phương Thạnh"),
        _grassroots("TV-CL-009", "Cơ quan Huyện ủy Càng Long"),
        _grassroots("TV-CL-010", "Công ty TNHH May mặc Tân An"),
        address="Khóm 2, thị trấn Càng Long, huyện Càng Long",
    ),
    _district(
        "TV-CK",
        "huyện Cầu Kè",
        "cauke",
        _grassroots("TV-CK-001", "Ủy ban nhân dân xã Hòa Ân"),
        _grassroots("TV-CK-002", "Trường Tiểu học Phong Thạnh"),
        _grassroots("TV-CK-003", "Trạm Y tế xã Châu Điền"),
        _grassroots("TV-CK-004", "Ủy ban nhân dân thị trấn Cầu Kè"),
        _grassroots("TV-CK-005", "Trường Trung học cơ sở Ninh Thới"),
        address="Khóm 4, thị trấn Cầu Kè, huyện Cầu Kè",
    ),
    _district(
        "TV-TCA",
        "huyện Tiểu Cần",
        "tieucan",
        _grassroots("TV-TCA-001", "Ủy ban nhân dân xã Hiếu Tử"),
        _grassroots("TV-TCA-002", "Trường Tiểu học Tập Ngãi A"),
        _grassroots("TV-TCA-003", "Trạm Y tế xã Phú Cần"),
        _grassroots("TV-TCA-004", "Ủy ban nhân dân thị trấn Cầu Quan"),
        _grassroots("TV-TCA-005", "Trường Mầm non Long Thới"),
        address="Khóm 1, thị trấn Tiểu Cần, huyện Tiểu Cần",
    ),
    _district(
        "TV-CT",
        "huyện Châu Thành",
        "chauthanh",
        _grassroots("TV-CT-001", "Ủy ban nhân dân xã Hòa Thuận"),
        _grassroots("TV-CT-002", "Trường Tiểu học Lương Hòa A"),
        _grassroots("TV-CT-003", "Trạm Y tế xã Đa Lộc"),
        _grassroots("TV-CT-004", "Ủy ban nhân dân thị trấn Châu Thành"),
        _grassroots("TV-CT-005", "Trường Trung học cơ sở Nguyệt Hóa"),
        address="Khóm 2, thị trấn Châu Thành, huyện Châu Thành",
    ),
    _district(
        "TV-CN",
        "huyện Cầu Ngang",
        "caungang",
        _grassroots("TV-CN-001", "Ủy ban nhân dân xã Vinh Kim"),
        _grassroots("TV-CN-002", "Trường Tiểu học Kim Hòa"),
        _grassroots("TV-CN-003", "Trạm Y tế xã Nhị Trường"),
        _grassroots("TV-CN-004", "Ủy ban nhân dân thị trấn Mỹ Long"),
        address="Khóm Minh Thuận A, thị trấn Cầu Ngang, huyện Cầu Ngang",
    ),
    _district(
        "TV-TCU",
        "huyện Trà Cú",
        "tracu",
        _grassroots("TV-TCU-001", "Ủy ban nhân dân xã Ngãi Xuyên"),
        _grassroots("TV-TCU-002", "Trường Tiểu học Kim Sơn"),
        _grassroots("TV-TCU-003", "Trạm Y tế xã Hàm Giang"),
        _grassroots("TV-TCU-004", "Trường Trung học cơ sở Đại An"),
        _grassroots("TV-TCU-005", "Ủy ban nhân dân thị trấn Định An"),
        address="Khóm 1, thị trấn Trà Cú, huyện Trà Cú",
    ),
    _district(
        "TV-DH",
        "huyện Duyên Hải",
        "duyenhai",
        _grassroots("TV-DH-001", "Ủy ban nhân dân xã Long Khánh"),
        _grassroots("TV-DH-002", "Trường Tiểu học Ngũ Lạc"),
        _grassroots("TV-DH-003", "Trạm Y tế xã Đông Hải"),
        address="Ấp Chợ, xã Long Khánh, huyện Duyên Hải",
    ),
]

INDUSTRIES: list[Unit] = [
    _industry(
        "TV-GD",
        "Công đoàn ngành Giáo dục tỉnh Trà Vinh",
        "CĐ ngành Giáo dục",
        "cdgiaoduc",
        _grassroots("TV-GD-001", "Cơ quan Sở Giáo dục và Đào tạo"),
        _grassroots(
            "TV-GD-002",
            "Trường Trung học phổ thông Chuyên Nguyễn Thiện Thành",
            email=f"cdcsnguyenthienthanh@{DOMAIN}",
        ),
        _grassroots("TV-GD-003", "Trường Trung học phổ thông Phạm Thái Bường"),
        _grassroots("TV-GD-004", "Trường Trung học phổ thông Càng Long"),
        _grassroots("TV-GD-005", "Trường Trung học phổ thông Cầu Kè"),
        _grassroots("TV-GD-006", "Trường Phổ thông Dân tộc nội trú tỉnh"),
    ),
    _industry(
        "TV-YT",
        "Công đoàn ngành Y tế tỉnh Trà Vinh",
        "CĐ ngành Y tế",
        "cdyte",
        _grassroots("TV-YT-001", "Cơ quan Sở Y tế"),
        _grassroots(
            "TV-YT-002",
            "Bệnh viện Đa khoa tỉnh Trà Vinh",
            email=f"cdcsbvdk@{DOMAIN}",
        ),
        _grassroots("TV-YT-003", "Trung tâm Y tế huyện Càng Long"),
        _grassroots("TV-YT-004", "Trung tâm Y tế huyện Trà Cú"),
        _grassroots("TV-YT-005", "Bệnh viện Y dược cổ truyền tỉnh"),
    ),
    _industry(
        "TV-CTH",
        "Công đoàn ngành Công Thương tỉnh Trà Vinh",
        "CĐ ngành Công Thương",
        "cdcongthuong",
        _grassroots("TV-CTH-001", "Cơ quan Sở Công Thương"),
        _grassroots("TV-CTH-002", "Chi cục Quản lý thị trường tỉnh"),
        _grassroots("TV-CTH-003", "Công ty TNHH Chế biến Dừa Cửu Long"),
        _grassroots("TV-CTH-004", "Công ty Cổ phần Thủy sản Duyên Hải"),
    ),
    _industry(
        "TV-VC",
        "Công đoàn Viên chức tỉnh Trà Vinh",
        "CĐ Viên chức tỉnh",
        "cdvienchuc",
        _grassroots("TV-VC-001", "Văn phòng Ủy ban nhân dân tỉnh"),
        _grassroots("TV-VC-002", "Sở Tài nguyên và Môi trường"),
        _grassroots("TV-VC-003", "Sở Nông nghiệp và Phát triển nông thôn"),
        _grassroots("TV-VC-004", "Sở Lao động - Thương binh và Xã hội"),
    ),
    _industry(
        "TV-GT",
        "Công đoàn ngành Giao thông vận tải tỉnh Trà Vinh",
        "CĐ ngành Giao thông vận tải",
        "cdgiaothong",
        _grassroots("TV-GT-001", "Cơ quan Sở Giao thông vận tải"),
        _grassroots("TV-GT-002", "Công ty Cổ phần Vận tải Hành khách Trà Vinh"),
        _grassroots("TV-GT-003", "Công ty TNHH Xây dựng Cầu đường Hưng Long"),
    ),
    _industry(
        "TV-KKT",
        "Công đoàn các Khu kinh tế tỉnh Trà Vinh",
        "CĐ các Khu kinh tế",
        "cdkhukinhte",
        _grassroots("TV-KKT-001", "Ban Quản lý Khu kinh tế tỉnh"),
        _grassroots(
            "TV-KKT-002",
            "Công ty TNHH Giày da Long Đức",
            _group("TV-KKT-002-01", "Phân xưởng May"),
            _group("TV-KKT-002-02", "Phân xưởng Đế"),
            email=f"cdcsgiaydalongduc@{DOMAIN}",
            address="Khu công nghiệp Long Đức, xã Long Đức, TP. Trà Vinh",
        ),
        _grassroots("TV-KKT-003", "Công ty TNHH May mặc Định An"),
        _grassroots("TV-KKT-004", "Công ty TNHH Dệt may Trà Vinh"),
    ),
]

PROVINCE: Unit = _unit(
    "province",
    PROVINCE_CODE,
    "Liên đoàn Lao động tỉnh Trà Vinh",
    *DISTRICTS,
    *INDUSTRIES,
    short_name="LĐLĐ tỉnh Trà Vinh",
    email=f"ldldtravinh@{DOMAIN}",
    address="Số 1 Lê Lợi, Phường 1, TP. Trà Vinh",
)

# The national confederation is the root; an existing unit with this code is reused.
NATIONAL: Unit = _unit(
    "national",
    "TLD",
    "Tổng Liên đoàn Lao động Việt Nam",
    short_name="Tổng LĐLĐ Việt Nam",
    address="Số 82 Trần Hưng Đạo, quận Hoàn Kiếm, Hà Nội",
)

# Cụm / khối thi đua of the provincial federation for the year of plan 57/KH-LĐLĐ.
EMULATION_GROUPS: list[dict[str, Any]] = [
    {
        "name": "Cụm thi đua số 1 (các LĐLĐ huyện phía Bắc)",
        "kind": "cluster",
        "leader": "TV-TP",
        "members": ["TV-TP", "TV-CL", "TV-CT"],
    },
    {
        "name": "Cụm thi đua số 2 (các LĐLĐ huyện phía Nam)",
        "kind": "cluster",
        "leader": "TV-TCA",
        "members": ["TV-CK", "TV-TCA", "TV-TCU", "TV-CN", "TV-DH", "TV-DHX"],
    },
    {
        "name": "Khối thi đua Công đoàn ngành",
        "kind": "block",
        "leader": "TV-GD",
        "members": ["TV-GD", "TV-YT", "TV-CTH", "TV-VC", "TV-GT", "TV-KKT"],
    },
]

# Demo accounts: email, full name, role, unit code, and what the login is for (shown by the
# command and in README.md). Every role covers the unit's subtree.
USERS: list[dict[str, Any]] = [
    {
        "email": f"quantri@{DOMAIN}",
        "full_name": "Nguyễn Văn Hùng",
        "role": "subtree_admin",
        "unit": PROVINCE_CODE,
    },
    {
        "email": f"theodoi@{DOMAIN}",
        "full_name": "Trần Thị Thu Hà",
        "role": "monitor",
        "unit": PROVINCE_CODE,
    },
    {
        "email": f"bientap@{DOMAIN}",
        "full_name": "Lê Minh Tuấn",
        "role": "editor",
        "unit": PROVINCE_CODE,
    },
    {
        "email": f"xetduyet@{DOMAIN}",
        "full_name": "Thạch Thị Sa Rây",
        "role": "reviewer",
        "unit": "TV-CL",
    },
    {
        "email": f"coso1@{DOMAIN}",
        "full_name": "Nguyễn Thị Kim Loan",
        "role": "officer",
        "unit": "TV-CL-001",
    },
    {
        "email": f"coso2@{DOMAIN}",
        "full_name": "Huỳnh Văn Phúc",
        "role": "officer",
        "unit": "TV-CL-002",
    },
    {
        "email": f"admin@{DOMAIN}",
        "full_name": "Phạm Quốc Bảo",
        "role": "system_admin",
        "unit": "TLD",
        "is_superuser": True,
    },
]


def all_units() -> list[Unit]:
    """Every unit of the demo tree (the national root first), parents before children."""
    found: list[Unit] = []

    def walk(unit: Unit) -> None:
        found.append(unit)
        for child in unit["children"]:
            walk(child)

    walk(NATIONAL)
    walk(PROVINCE)
    return found
