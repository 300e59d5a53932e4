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
    # The plan gives no nomination deadline of its own: it took dossiers until it was closed.
    "nomination_deadline": None,
    "report_deadline": datetime.date(2017, 12, 15),
}

# The plan's text as written (sections with their paragraphs, one per line; ``**words**`` are
# bold as in the document). The reference's transcription slip ("…Hồ Chí Minh”. Minh” theo
# tinh thần…") is held once: point 2.2 is one sentence.
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "",
        [
            (
                "Thực hiện Kế hoạch số 09/KH- HĐTĐKT ngày 27/4/2017 của Hội đồng Thi đua - "
                "Khen thưởng tỉnh Trà Vinh về tuyên truyền các phong trào thi đua yêu nước, "
                "các điển hình tiên tiến, mô hình mới, nhân tố mới năm 2017, Ban Thường vụ "
                "Liên đoàn Lao động tỉnh xây dựng kế hoạch tuyên truyền các điển hình tiên "
                "tiến, mô hình mới, nhân tố mới trong các phong trào thi đua yêu nước với "
                "những nội dung cụ thể như sau:"
            ),
        ],
    ),
    (
        "I. MỤC ĐÍCH YÊU CẦU",
        [
            (
                "1. Nhân rộng, biểu dương, tôn vinh gương điển hình tiên tiến trong các phong"
                " trào thi đua yêu nước nhằm tạo động lực giúp CNVCLĐ phấn đấu nhiều hơn nữa "
                "để hoàn thành tốt nhiệm vụ góp phần vào sự phát triển kinh tế, xã hội của "
                "tỉnh nhà."
            ),
            (
                "2. Các cấp công đoàn phát hiện, bồi dưỡng và lựa chọn những điển hình tiêu "
                "biểu của tập thể, cá nhân có nhiều sáng tạo, sáng kiến trên các lĩnh vực của"
                " đời sống xã hội nhằm tuyên truyền, phổ biến những kinh nghiệm, nhân rộng "
                "cách làm hay và tôn vinh, nêu gương thi đua học tập các điển hình tiên tiến."
            ),
        ],
    ),
    (
        "II. NỘI DUNG VÀ HÌNH THỨC TUYÊN TRUYỀN",
        [
            "**1. Nội dung tuyên truyền**",
            (
                "- Tập trung đẩy mạnh tuyên truyền trong CNVCLĐ: tư tưởng thi đua yêu nước "
                "của Chủ tịch Hồ Chí Minh; các chủ trương của Đảng, chính sách pháp luật của "
                "Nhà nước về thi đua khen thưởng."
            ),
            (
                "- Tuyên truyền các phong trào thi đua do Tổng Liên đoàn Lao động Việt Nam và"
                " tỉnh phát động."
            ),
            ("- Tuyên truyền các gương điển hình, mô hình tiên tiến tiêu biểu trên các lĩnh vực."),
            (
                "**2. Công tác phát hiện, lựa chọn điển hình tiên tiến, mô hình mới, nhân tố "
                "mới tiêu biểu**"
            ),
            (
                "2.1. **Đối tượng:** Những tập thể, đoàn viên, CNVCLĐ tiêu biểu, là nhân tố "
                "mới, điển hình tiêu biểu trong các phong trào thi đua yêu nước."
            ),
            (
                "2.2. **Tiêu chí chung:** Những tập thể, đoàn viên, CNVCLĐ có thành tích xuất"
                " sắc, tiêu biểu trong công tác, lao động sản xuất; có sáng tạo, sáng kiến "
                "cải tiến kỹ thuật, phương pháp quản lý, ứng dụng khoa học kỹ thuật, công "
                "nghệ cao; là nhân tố nổi trội, dẫn đầu trong các phong trào thi đua, gương "
                "mẫu chấp hành tốt chủ trương đường lối của Đảng, chính sách, pháp luật của "
                "Nhà nước, gắn với việc “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, "
                "phong cách Hồ Chí Minh” theo tinh thần Chỉ thị số 05-CT/TW ngày 15/5/2016 "
                "của Bộ Chính trị; có tinh thần tương thân tương ái, giúp đỡ mọi người cùng "
                "tiến bộ; tích cực tham gia các hoạt động xã hội; các hoạt động nhân đạo từ "
                "thiện, góp phần thực hiện tốt công tác an sinh xã hội."
            ),
            (
                "Về tuyên truyền gương người tốt, việc tốt, điển hình tiên tiến trong các "
                "phong trào học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh "
                "(tiếp tục thực hiện tốt tinh thần Kế hoạch số 21 /KH-LĐLĐ ngày 24/6/2016 của"
                " Ban Thường vụ Liên đoàn Lao động tỉnh)."
            ),
            (
                "2.3. Lựa chọn điển hình tiên tiến, mô hình mới trên các lĩnh vực: Trên cơ sở"
                " kết quả các phong trào thi đua, các cấp công đoàn lựa chọn điển hình tiêu "
                "biểu trong công tác, sản xuất, trong xây dựng nông thôn mới, gương người "
                "tốt, việc tốt, dạy tốt, điển hình trong học tập và làm theo tư tưởng, đạo "
                "đức, phong cách Hồ Chí Minh."
            ),
            "**3. Hình thức tuyên truyền**",
            (
                "- Các cấp công đoàn thông tin về hình ảnh, thành tích của tập thể, cá nhân "
                "tiêu biểu, điển hình trong các phong trào thi đua yêu nước về Liên đoàn Lao "
                "động tỉnh để Liên đoàn Lao động tỉnh xem xét, lựa chọn đăng trên trang thông"
                " tin điện tử của Liên đoàn Lao động tỉnh hoặc chuyên trang “Lao động và Công"
                " đoàn” trên Báo Trà Vinh, bên cạnh đó Ban Chấp hành công đoàn phối hợp với "
                "chính quyền, chuyên môn tuyên truyền trên website của cơ quan, đơn vị, "
                "ngành, địa phương (nếu có) đồng thời phổ biến trong các buổi sinh hoạt công "
                "đoàn. . ."
            ),
            (
                "- Các cụm, khối thi đua do Liên đoàn Lao động tỉnh quản lý tổ chức trao đổi,"
                " giao lưu các điển hình tiên tiến thông qua hình thức tọa đàm, giao lưu kinh"
                " nghiệm nhằm nhân rộng mô hình, điển hình tiên tiến trong các phong trào thi"
                " đua."
            ),
        ],
    ),
    (
        "III. TỔ CHỨC THỰC HIỆN",
        [
            (
                "Căn cứ vào Kế hoạch của Liên đoàn Lao động tỉnh, các cấp công đoàn triển "
                "khai thực hiện với nội dung và hình thức phù hợp với tình hình thực tế của "
                "cơ quan, đơn vị, ngành, địa phương, sau đó báo cáo kết quả thực hiện về Liên"
                " đoàn Lao động tỉnh (qua email của Ban Chính sách - Pháp luật: "
                "banscktxhtv@yahoo.com.vn) chậm nhất vào ngày **15/12/2017** để theo dõi, "
                "tổng hợp."
            ),
            (
                "Đây là một trong những tiêu chí xét thi đua, đề nghị Ban Chấp hành công đoàn"
                " các cấp triển khai thực hiện đạt hiệu quả."
            ),
        ],
    ),
]

# Header, recipients and signature block of the document.
DOCUMENT: dict[str, str] = {
    "superior_name": "",
    "recipients": "\n".join(
        [
            "- Tổng Liên đoàn Lao động Việt Nam;",
            "- Hội đồng Thi đua-Khen thưởng tỉnh;",
            "- Đ/c Chủ tịch, các Phó Chủ tịch và các ban Liên đoàn Lao động tỉnh;",
            "- Các cấp công đoàn;",
            "- Lưu VP, Ban CSPL.",
        ]
    ),
    "authority_line": "TM. BAN THƯỜNG VỤ",
    "signer_title": "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
    "signer_name": "Trần Trung Truyền",
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
