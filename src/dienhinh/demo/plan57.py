"""Plan 57/KH-LĐLĐ of 29/06/2017 as data, taken from shared/reference/ke-hoach-57-KH-LDLD-2017.txt,
plus this year's follow-up plan (invented) so that demo users can file dossiers today.
"""

import datetime
from decimal import Decimal
from typing import Any

# The movement the plan serves (section II.1: movements launched by the VGCL and the province).
MOVEMENT: dict[str, Any] = {
    "name": "Phong trào thi đua yêu nước",
    "kind": "regular",
    "starts_on": datetime.date(2017, 1, 1),
    "description": (
        "Phong trào thi đua yêu nước trong công nhân, viên chức, lao động do Liên đoàn Lao "
        "động tỉnh Trà Vinh phát động, thực hiện thường xuyên hằng năm theo tư tưởng thi đua "
        "yêu nước của Chủ tịch Hồ Chí Minh."
    ),
}

PLAN_57: dict[str, Any] = {
    "year": 2017,
    "number": 57,
    "symbol": "KH-LĐLĐ",
    "title": (
        "Tuyên truyền các điển hình tiên tiến, mô hình mới, nhân tố mới trong các phong trào "
        "thi đua yêu nước"
    ),
    "issued_on": datetime.date(2017, 6, 29),
    "place": "Trà Vinh",
    # Section I (Mục đích yêu cầu), both points.
    "purposes": (
        "1. Nhân rộng, biểu dương, tôn vinh gương điển hình tiên tiến trong các phong trào thi "
        "đua yêu nước nhằm tạo động lực giúp CNVCLĐ phấn đấu nhiều hơn nữa để hoàn thành tốt "
        "nhiệm vụ góp phần vào sự phát triển kinh tế, xã hội của tỉnh nhà.\n"
        "2. Các cấp công đoàn phát hiện, bồi dưỡng và lựa chọn những điển hình tiêu biểu của "
        "tập thể, cá nhân có nhiều sáng tạo, sáng kiến trên các lĩnh vực của đời sống xã hội "
        "nhằm tuyên truyền, phổ biến những kinh nghiệm, nhân rộng cách làm hay và tôn vinh, "
        "nêu gương thi đua học tập các điển hình tiên tiến."
    ),
    # The opening sentence ("Thực hiện Kế hoạch số 09/KH-HĐTĐKT ngày 27/4/2017 …").
    "bases": [
        "Kế hoạch số 09/KH-HĐTĐKT ngày 27/4/2017 của Hội đồng Thi đua - Khen thưởng tỉnh Trà "
        "Vinh về tuyên truyền các phong trào thi đua yêu nước, các điển hình tiên tiến, mô "
        "hình mới, nhân tố mới năm 2017"
    ],
    # Section 2.3: the fields in which examples are chosen.
    "fields": [
        "Công tác",
        "Lao động sản xuất",
        "Xây dựng nông thôn mới",
        "Gương người tốt, việc tốt",
        "Dạy tốt",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ],
    # The plan gives no nomination deadline of its own; the units' dossiers had to reach the
    # federation before the implementation reports (15/12/2017, section III).
    "nomination_deadline": datetime.date(2017, 11, 30),
    "report_deadline": datetime.date(2017, 12, 15),
}

# Section 2.2 (Tiêu chí chung) split into one criterion per requirement. The plan gives no
# points; this year's plan adds a 100-point rubric (CURRENT_POINTS).
CRITERIA_GROUP = "Tiêu chí chung"
CRITERIA: list[str] = [
    "Có thành tích xuất sắc, tiêu biểu trong công tác, lao động sản xuất",
    (
        "Có sáng tạo, sáng kiến cải tiến kỹ thuật, phương pháp quản lý, ứng dụng khoa học kỹ "
        "thuật, công nghệ cao"
    ),
    "Là nhân tố nổi trội, dẫn đầu trong các phong trào thi đua",
    (
        "Gương mẫu chấp hành tốt chủ trương đường lối của Đảng, chính sách, pháp luật của Nhà "
        "nước, gắn với việc “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí "
        "Minh” theo tinh thần Chỉ thị số 05-CT/TW ngày 15/5/2016 của Bộ Chính trị"
    ),
    "Có tinh thần tương thân tương ái, giúp đỡ mọi người cùng tiến bộ",
    (
        "Tích cực tham gia các hoạt động xã hội, các hoạt động nhân đạo từ thiện, góp phần "
        "thực hiện tốt công tác an sinh xã hội"
    ),
]
CURRENT_POINTS: list[Decimal] = [Decimal(p) for p in (25, 20, 15, 20, 10, 10)]


def current_plan(today: datetime.date) -> dict[str, Any]:
    """This year's plan, copied from plan 57 (invented for the demo): issued three weeks ago,
    open for nominations for three more weeks.

    The demo tree is the province as it was in 2017 (before the 2025 merger); the follow-up
    plan keeps that tree so the demo stays one consistent story.
    """
    return {
        "year": today.year,
        "number": 12,
        "title": (
            "Tuyên truyền điển hình tiên tiến, mô hình mới, nhân tố mới trong các phong trào "
            f"thi đua yêu nước năm {today.year}"
        ),
        "issued_on": today - datetime.timedelta(days=21),
        "nomination_deadline": today + datetime.timedelta(days=21),
        "report_deadline": today + datetime.timedelta(days=50),
        "bases": [
            f"Kế hoạch số 05/KH-HĐTĐKT ngày 15/3/{today.year} của Hội đồng Thi đua - Khen "
            "thưởng tỉnh về tuyên truyền các phong trào thi đua yêu nước, các điển hình tiên "
            f"tiến, mô hình mới, nhân tố mới năm {today.year}"
        ],
    }


# Officers of the grassroots unions that nominate in the demo, besides coso1 and coso2. They
# share the demo password but are not listed among the demo logins.
DOMAIN = "demo.dienhinh.vn"
OFFICERS: dict[str, tuple[str, str]] = {
    "TV-CL-003": (f"cdcs.huyenhoi@{DOMAIN}", "Trần Văn Thanh"),
    "TV-CL-005": (f"cdcs.thcsbinhphu@{DOMAIN}", "Lê Thị Ngọc Hân"),
    "TV-CL-010": (f"cdcs.maytanan@{DOMAIN}", "Phạm Thị Thúy"),
    "TV-TP-003": (f"cdcs.thphuong6@{DOMAIN}", "Võ Thị Bích Ngọc"),
    "TV-TP-005": (f"cdcs.phuochung@{DOMAIN}", "Đỗ Văn Tài"),
    "TV-CK-001": (f"cdcs.hoaan@{DOMAIN}", "Kim Thị Sa Ly"),
    "TV-TCU-002": (f"cdcs.thkimson@{DOMAIN}", "Sơn Thị Chanh Thu"),
    "TV-TCA-003": (f"cdcs.tytphucan@{DOMAIN}", "Nguyễn Văn Lợi"),
    "TV-CN-001": (f"cdcs.vinhkim@{DOMAIN}", "Thạch Thị Kim Chi"),
    "TV-GD-002": (f"cdcs.nguyenthienthanh@{DOMAIN}", "Huỳnh Thị Mỹ Dung"),
    "TV-YT-002": (f"cdcs.bvdk@{DOMAIN}", "Lý Văn Bình"),
    "TV-KKT-002": (f"cdcs.giaydalongduc@{DOMAIN}", "Trương Thị Diễm"),
    "TV-CTH-003": (f"cdcs.duacuulong@{DOMAIN}", "Châu Văn Tâm"),
}
