"""The subject's details of some demo dossiers, as an office fills the achievement-report forms
of Decree 98/2023/NĐ-CP (Mẫu số 01 and 02): home town, residence, positions, levels, past
titles and awards with their decisions; ethnicity and Party membership for a few (four of
the people are Khmer, as many in Trà Vinh are). Keyed by the subject's name in
dossiers_current / dossiers_2017; a date of birth is used only when its year is the
dossier's year of birth.
"""

import datetime

from dienhinh.nominations.models import PastAward

D = datetime.date
KINH, KHMER = "01", "05"


def _award(title, year, number, day, issued_by):
    return {
        "title": title,
        "year": year,
        "decision_number": number,
        "decision_date": day,
        "issued_by": issued_by,
    }


UBND_TINH = "UBND tỉnh Trà Vinh"
UBND_CL = "UBND huyện Càng Long"
LDLD_TINH = "Liên đoàn Lao động tỉnh Trà Vinh"

DETAILS: dict[str, dict] = {
    "Lê Thị Mỹ Duyên": {
        "date_of_birth": D(1990, 4, 12),
        "ethnicity": KINH,
        "home_town": "xã Long Đức, thành phố Trà Vinh, tỉnh Trà Vinh",
        "residence": "khóm 4, thị trấn Càng Long, huyện Càng Long, tỉnh Trà Vinh",
        "union_position": "Tổ trưởng tổ công đoàn khối 4-5",
        "professional_level": "Cử nhân Sư phạm Tiếng Anh",
        "political_theory_level": "Sơ cấp",
        "party_member": True,
        "party_joined_on": D(2017, 5, 19),
        "awards": [
            _award("Lao động tiên tiến", 2022, "1876/QĐ-UBND", D(2022, 7, 28), UBND_CL),
            _award(
                "Giáo viên dạy giỏi cấp huyện",
                2023,
                "245/QĐ-PGDĐT",
                D(2023, 4, 10),
                "Phòng Giáo dục và Đào tạo huyện Càng Long",
            ),
        ],
    },
    "Nguyễn Văn Tính": {
        "date_of_birth": D(1975, 9, 2),
        "ethnicity": KINH,
        "home_town": "xã An Trường, huyện Càng Long, tỉnh Trà Vinh",
        "residence": "ấp Kinh Xáng, xã An Trường, huyện Càng Long, tỉnh Trà Vinh",
        "party_position": "Bí thư Chi bộ",
        "government_position": "Phó Hiệu trưởng",
        "union_position": "Chủ tịch Công đoàn cơ sở",
        "professional_level": "Thạc sĩ Quản lý giáo dục",
        "political_theory_level": "Trung cấp",
        "academic_titles": "Thạc sĩ",
        "party_member": True,
        "party_joined_on": D(2001, 2, 3),
        "awards": [
            _award("Chiến sĩ thi đua cơ sở", 2016, "1234/QĐ-UBND", D(2016, 5, 12), UBND_TINH),
            _award(
                "Bằng khen của Chủ tịch UBND tỉnh", 2019, "1502/QĐ-UBND", D(2019, 8, 20), UBND_TINH
            ),
            _award(
                "Bằng khen của Ban Chấp hành LĐLĐ tỉnh",
                2021,
                "318/QĐ-LĐLĐ",
                D(2021, 11, 5),
                LDLD_TINH,
            ),
        ],
    },
    "Trần Thị Kim Xuyến": {
        "date_of_birth": D(1988, 1, 23),
        "home_town": "xã Tân An, huyện Càng Long, tỉnh Trà Vinh",
        "residence": "ấp Xuân Thạnh, xã An Trường, huyện Càng Long, tỉnh Trà Vinh",
        "professional_level": "Bác sĩ đa khoa",
        "awards": [
            _award(
                "Lao động tiên tiến", 2023, "2011/QĐ-SYT", D(2023, 12, 26), "Sở Y tế tỉnh Trà Vinh"
            ),
        ],
    },
    "Nguyễn Thanh Phong": {
        "home_town": "xã Huyền Hội, huyện Càng Long, tỉnh Trà Vinh",
        "residence": "ấp Trà Ốp, xã Huyền Hội, huyện Càng Long, tỉnh Trà Vinh",
        "party_position": "Phó Bí thư Đảng ủy xã",
        "government_position": "Chủ tịch UBND xã",
        "professional_level": "Cử nhân Luật",
        "political_theory_level": "Cao cấp",
        "awards": [
            _award("Chiến sĩ thi đua cơ sở", 2020, "2456/QĐ-UBND", D(2020, 12, 30), UBND_CL),
        ],
    },
    "Kim Thị Ra Ni": {
        "date_of_birth": D(1992, 11, 8),
        "ethnicity": KHMER,
        "home_town": "xã Kim Sơn, huyện Trà Cú, tỉnh Trà Vinh",
        "residence": "ấp Chợ, xã Kim Sơn, huyện Trà Cú, tỉnh Trà Vinh",
        "professional_level": "Cử nhân Giáo dục Tiểu học (song ngữ Việt - Khmer)",
        "party_member": False,
        "awards": [
            _award(
                "Giáo viên chủ nhiệm giỏi cấp huyện",
                2022,
                "96/QĐ-PGDĐT",
                D(2022, 3, 15),
                "Phòng Giáo dục và Đào tạo huyện Trà Cú",
            ),
        ],
    },
    "Thạch Thị Sa Vươl": {
        "date_of_birth": D(1987, 6, 30),
        "ethnicity": KHMER,
        "home_town": "xã Đôn Xuân, huyện Trà Cú, tỉnh Trà Vinh",
        "residence": "khóm 2, phường 5, thành phố Trà Vinh, tỉnh Trà Vinh",
        "union_position": "Ủy viên Ban Chấp hành Công đoàn Bệnh viện",
        "professional_level": "Cử nhân Điều dưỡng",
        "political_theory_level": "Sơ cấp",
        "party_member": True,
        "party_joined_on": D(2014, 9, 2),
        "awards": [
            _award(
                "Lao động tiên tiến", 2021, "1890/QĐ-SYT", D(2021, 12, 28), "Sở Y tế tỉnh Trà Vinh"
            ),
            _award(
                "Giấy khen của Công đoàn ngành Y tế",
                2023,
                "57/QĐ-CĐN",
                D(2023, 7, 24),
                "Công đoàn ngành Y tế tỉnh Trà Vinh",
            ),
        ],
    },
    "Danh Văn Sa Ren": {
        "ethnicity": KHMER,
        "home_town": "xã Long Sơn, huyện Cầu Ngang, tỉnh Trà Vinh",
        "residence": "ấp Long Bình, xã Long Đức, thành phố Trà Vinh, tỉnh Trà Vinh",
        "professional_level": "Công nhân kỹ thuật bậc 4/7",
    },
    "Tổ công đoàn Văn phòng Trường Tiểu học Thị trấn Càng Long": {
        "collective_address": "Khóm 4, thị trấn Càng Long, huyện Càng Long, tỉnh Trà Vinh",
        "collective_phone": "0294 3882 145",
        "founded_year": 2004,
        "women_count": 5,
        "organisation_structure": "Tổ trưởng, tổ phó và 4 đoàn viên: văn thư, kế toán, "
        "thủ quỹ, nhân viên thư viện, nhân viên thiết bị.",
        "functions_and_tasks": "Quản lý hồ sơ, sổ sách, tài chính, thư viện và thiết bị "
        "dạy học của nhà trường; tiếp nhận và trả kết quả cho phụ huynh.",
        "awards": [
            _award("Tổ lao động xuất sắc", 2023, "1530/QĐ-UBND", D(2023, 8, 14), UBND_CL),
        ],
    },
    "Chuyền may số 3 Công ty TNHH May mặc Tân An": {
        "collective_address": "Khu công nghiệp Cổ Chiên, xã Đại Phước, huyện Càng Long, "
        "tỉnh Trà Vinh",
        "collective_phone": "0294 3885 678",
        "collective_email": "congdoan@maytanan.vn",
        "founded_year": 2012,
        "women_count": 27,
        "organisation_structure": "1 chuyền trưởng, 2 tổ phó, 29 công nhân may và hoàn thiện.",
        "functions_and_tasks": "May hoàn thiện áo sơ mi xuất khẩu, kiểm tra chất lượng "
        "trên chuyền.",
        "awards": [
            _award(
                "Giấy khen của Ban Chấp hành LĐLĐ huyện",
                2022,
                "45/QĐ-LĐLĐ",
                D(2022, 12, 20),
                "Liên đoàn Lao động huyện Càng Long",
            ),
        ],
    },
    "Tập thể Trạm Y tế xã An Trường": {
        "collective_address": "Ấp 2, xã An Trường, huyện Càng Long, tỉnh Trà Vinh",
        "collective_phone": "0294 3883 115",
        "founded_year": 1978,
        "women_count": 5,
        "organisation_structure": "Trạm trưởng, 1 bác sĩ, 2 y sĩ, 1 nữ hộ sinh, 1 dược sĩ, "
        "1 điều dưỡng.",
        "functions_and_tasks": "Khám chữa bệnh ban đầu, tiêm chủng mở rộng, chăm sóc sức khỏe "
        "bà mẹ và trẻ em, phòng chống dịch bệnh trên địa bàn xã.",
        "awards": [
            _award("Tập thể lao động tiên tiến", 2021, "2240/QĐ-UBND", D(2021, 12, 29), UBND_CL),
            _award(
                "Bằng khen của Chủ tịch UBND tỉnh", 2022, "1876/QĐ-UBND", D(2022, 9, 9), UBND_TINH
            ),
        ],
    },
}


def subject_fields(name: str, born: int | None) -> dict:
    """The details of the subject called ``name`` for Nomination(...), without its awards."""
    details = {key: value for key, value in DETAILS.get(name, {}).items() if key != "awards"}
    born_on = details.get("date_of_birth")
    if born_on is not None and born is not None and born_on.year != born:
        del details["date_of_birth"]
    return details


def add_past_awards(nomination, name: str) -> None:
    """The past titles and awards of the subject called ``name``. Side effect: inserts them."""
    PastAward.objects.bulk_create(
        PastAward(nomination=nomination, **award)
        for award in DETAILS.get(name, {}).get("awards", [])
    )
