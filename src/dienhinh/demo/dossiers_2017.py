"""Dossiers filed under plan 57/KH-LĐLĐ in 2017 (people and enterprises invented).

By now every one of them has run its course: selected, not selected, withdrawn, or returned
and never filed again before the deadline.
"""

from dienhinh.demo.dossiers import (
    CONG_TAC,
    DAY_TOT,
    HO_CHI_MINH,
    LAO_DONG_SAN_XUAT,
    NGUOI_TOT_VIEC_TOT,
    NONG_THON_MOI,
    Dossier,
    Initiative,
    forward,
    reject,
    select,
    send_back,
    submit,
    withdraw,
)

DISTRICT_OK = "Hồ sơ đầy đủ, thành tích được đơn vị xác nhận; đề nghị LĐLĐ tỉnh xem xét."
PORTAL = "Chọn đăng trên trang thông tin điện tử của Liên đoàn Lao động tỉnh."
NEWSPAPER = "Chọn đăng trên chuyên trang “Lao động và Công đoàn” của Báo Trà Vinh."

DOSSIERS: list[Dossier] = [
    Dossier(
        unit="TV-CL-001",
        name="Nguyễn Thị Hồng Nhung",
        gender="female",
        born=1981,
        position="Giáo viên lớp 3",
        workplace="Trường Tiểu học Thị trấn Càng Long",
        member_since=2003,
        field=DAY_TOT,
        headline="Bảy năm liền đạt giáo viên dạy giỏi cấp tỉnh",
        achievements=(
            "Cô Nhung có 14 năm đứng lớp, bảy năm liền đạt danh hiệu giáo viên dạy giỏi cấp "
            "tỉnh; lớp chủ nhiệm nhiều năm có 100% học sinh hoàn thành chương trình.",
            "Cô chủ động soạn bộ trò chơi học tập môn Toán, được tổ chuyên môn nhân rộng cho "
            "toàn khối 3 và chia sẻ tại hội thảo cấp huyện.",
        ),
        initiatives=(
            Initiative(
                "Sử dụng trò chơi học tập trong dạy Toán lớp 3",
                2016,
                None,
                "Phòng Giáo dục và Đào tạo huyện Càng Long",
            ),
        ),
        met=(0, 1, 2),
        steps=(submit(), forward(DISTRICT_OK), select(PORTAL)),
    ),
    Dossier(
        unit="TV-CL-002",
        name="Huỳnh Thị Thu Trang",
        gender="female",
        born=1986,
        position="Nữ hộ sinh",
        workplace="Trạm Y tế xã An Trường",
        member_since=2009,
        field=NGUOI_TOT_VIEC_TOT,
        headline="Tận tụy chăm sóc sức khỏe bà mẹ, trẻ em vùng nông thôn",
        achievements=(
            "Chị Trang trực tiếp đỡ đẻ an toàn hơn 300 ca, không để xảy ra tai biến; nhiều "
            "đêm mưa bão vẫn đến tận nhà sản phụ ở các ấp xa.",
            "Chị vận động đoàn viên góp tiền mua sữa cho 25 trẻ suy dinh dưỡng của xã.",
        ),
        met=(0, 4, 5),
        steps=(
            submit(),
            send_back("Đề nghị bổ sung xác nhận của Trưởng trạm về số ca đỡ đẻ an toàn."),
            submit(),
            forward(DISTRICT_OK),
            select(NEWSPAPER),
        ),
    ),
    Dossier(
        unit="TV-CL-003",
        collective="Bộ phận Một cửa Ủy ban nhân dân xã Huyền Hội",
        headcount=6,
        field=CONG_TAC,
        headline="Giải quyết đúng hẹn 100% hồ sơ thủ tục hành chính",
        achievements=(
            "Năm 2016 bộ phận tiếp nhận 2.140 hồ sơ, trả đúng hẹn 100%, không có khiếu nại; "
            "niêm yết công khai toàn bộ thủ tục bằng hai thứ tiếng Việt - Khmer.",
            "Các thành viên luân phiên trực sáng thứ bảy để người dân đi làm xa kịp làm giấy tờ.",
        ),
        steps=(submit(), forward(DISTRICT_OK), select(PORTAL)),
    ),
    Dossier(
        unit="TV-CL-010",
        name="Lê Văn Hậu",
        gender="male",
        born=1988,
        position="Tổ trưởng tổ cắt",
        workplace="Công ty TNHH May mặc Tân An",
        member_since=2010,
        field=LAO_DONG_SAN_XUAT,
        headline="Cải tiến bàn cắt vải, nâng năng suất tổ cắt thêm 20%",
        achievements=(
            "Anh Hậu tự thiết kế bàn cắt vải bán tự động từ vật tư có sẵn, giúp tổ cắt tăng "
            "năng suất 20% và giảm vải hao hụt.",
            "Anh kèm cặp 12 công nhân mới đạt tay nghề bậc 2 trong năm.",
        ),
        initiatives=(
            Initiative(
                "Bàn cắt vải bán tự động",
                2017,
                85_000_000,
                "Hội đồng sáng kiến Công ty TNHH May mặc Tân An",
            ),
        ),
        met=(0, 1, 2),
        steps=(submit(), forward(DISTRICT_OK), select(NEWSPAPER)),
    ),
    Dossier(
        unit="TV-CL-005",
        collective="Tổ Toán - Tin Trường Trung học cơ sở Bình Phú",
        headcount=8,
        field=DAY_TOT,
        headline="Tổ chuyên môn có nhiều học sinh giỏi cấp huyện",
        achievements=(
            "Năm học 2016 - 2017 tổ có 9 học sinh giỏi cấp huyện môn Toán và Tin học.",
            "Tổ xây dựng ngân hàng đề kiểm tra dùng chung cho toàn trường.",
        ),
        steps=(
            submit(),
            forward(DISTRICT_OK),
            reject(
                "Thành tích chưa nổi bật so với các điển hình khác của ngành giáo dục; đề "
                "nghị tiếp tục bồi dưỡng."
            ),
        ),
    ),
    Dossier(
        unit="TV-TP-003",
        name="Phan Thị Thanh Thủy",
        gender="female",
        born=1979,
        position="Giáo viên lớp 1",
        workplace="Trường Tiểu học Phường 6, thành phố Trà Vinh",
        member_since=2001,
        field=DAY_TOT,
        headline="Hai mươi năm gieo chữ cho học sinh lớp 1",
        achievements=(
            "Cô Thủy dạy lớp 1 liên tục 18 năm; cô mở lớp phụ đạo miễn phí buổi tối cho học "
            "sinh đọc chậm ở khu phố.",
            "Cô được Chủ tịch UBND tỉnh tặng Bằng khen năm 2016.",
        ),
        met=(0, 4),
        steps=(submit(), select(PORTAL)),
    ),
    Dossier(
        unit="TV-TP-005",
        collective="Công đoàn cơ sở Công ty TNHH Thương mại Dịch vụ Phước Hưng",
        headcount=42,
        field=CONG_TAC,
        headline="Thỏa ước lao động tập thể có nhiều điều khoản có lợi cho người lao động",
        achievements=(
            "Công đoàn thương lượng được thỏa ước với 6 điều khoản có lợi hơn luật: hỗ trợ "
            "tiền nhà trọ, quà sinh nhật, khám sức khỏe hai lần mỗi năm.",
        ),
        steps=(
            submit(),
            reject(
                "Hồ sơ chưa nêu kết quả cụ thể sau khi thực hiện thỏa ước; đề nghị gửi lại "
                "trong đợt sau."
            ),
        ),
    ),
    Dossier(
        unit="TV-CK-001",
        name="Thạch Thị Sô Phia",
        gender="female",
        born=1984,
        position="Công chức Văn hóa - Xã hội",
        workplace="Ủy ban nhân dân xã Hòa Ân, huyện Cầu Kè",
        member_since=2008,
        field=NONG_THON_MOI,
        headline="Vận động đồng bào Khmer hiến đất làm đường giao thông nông thôn",
        achievements=(
            "Chị Sô Phia đến từng nhà vận động 47 hộ đồng bào Khmer hiến hơn 5.000 m² đất để "
            "mở rộng 3 tuyến đường liên ấp.",
            "Xã Hòa Ân đạt chuẩn tiêu chí giao thông nông thôn mới năm 2017.",
        ),
        met=(0, 2, 5),
        steps=(submit(), select(NEWSPAPER)),
    ),
    Dossier(
        unit="TV-TCU-002",
        name="Sơn Thị Chanh Đa",
        gender="female",
        born=1990,
        position="Giáo viên dạy song ngữ Việt - Khmer",
        workplace="Trường Tiểu học Kim Sơn, huyện Trà Cú",
        member_since=2012,
        field=DAY_TOT,
        headline="Giúp học sinh dân tộc Khmer đến lớp đều, đọc thông viết thạo",
        achievements=(
            "Cô Chanh Đa soạn tài liệu song ngữ cho học sinh lớp 1; tỷ lệ học sinh bỏ học ở "
            "lớp cô phụ trách giảm về 0.",
        ),
        steps=(submit(), select(PORTAL)),
    ),
    Dossier(
        unit="TV-TCA-003",
        name="Dương Văn Nhỏ",
        gender="male",
        born=1976,
        position="Y sĩ, Trưởng trạm",
        workplace="Trạm Y tế xã Phú Cần, huyện Tiểu Cần",
        member_since=2000,
        field=NGUOI_TOT_VIEC_TOT,
        headline="Trưởng trạm y tế tận tụy với người bệnh",
        achievements=("Anh Nhỏ tổ chức khám bệnh miễn phí hằng tháng cho người cao tuổi neo đơn.",),
        steps=(submit(), withdraw()),
    ),
    Dossier(
        unit="TV-GD-002",
        name="Trần Minh Khoa",
        gender="male",
        born=1983,
        position="Giáo viên Vật lý",
        workplace="Trường THPT Chuyên Nguyễn Thiện Thành",
        member_since=2006,
        field=DAY_TOT,
        headline="Tự làm thiết bị thí nghiệm, học sinh đạt giải quốc gia",
        achievements=(
            "Thầy Khoa hướng dẫn 4 học sinh đạt giải học sinh giỏi quốc gia môn Vật lý năm 2017.",
            "Thầy tự làm bộ thí nghiệm đo gia tốc trọng trường, tiết kiệm kinh phí mua sắm "
            "cho nhà trường.",
        ),
        initiatives=(
            Initiative(
                "Bộ thí nghiệm đo gia tốc trọng trường tự làm",
                2016,
                15_000_000,
                "Sở Giáo dục và Đào tạo tỉnh Trà Vinh",
            ),
        ),
        met=(0, 1, 2),
        steps=(submit(), select(PORTAL)),
    ),
    Dossier(
        unit="TV-GD-002",
        collective="Tổ Ngữ văn Trường THPT Chuyên Nguyễn Thiện Thành",
        headcount=11,
        field=HO_CHI_MINH,
        headline="Đưa tấm gương đạo đức Hồ Chí Minh vào từng tiết dạy",
        achievements=(
            "Tổ xây dựng 24 bài giảng lồng ghép nội dung học tập và làm theo tư tưởng, đạo "
            "đức, phong cách Hồ Chí Minh.",
        ),
        met=(3,),
        steps=(
            submit(),
            send_back(
                "Đề nghị bổ sung minh chứng kết quả (số tiết dạy lồng ghép, nhận xét của "
                "Ban Giám hiệu)."
            ),
        ),
    ),
    Dossier(
        unit="TV-YT-002",
        name="Nguyễn Hoàng Phúc",
        gender="male",
        born=1978,
        position="Bác sĩ chuyên khoa II, Trưởng khoa Hồi sức tích cực - Chống độc",
        workplace="Bệnh viện Đa khoa tỉnh Trà Vinh",
        member_since=2004,
        field=CONG_TAC,
        headline="Làm chủ kỹ thuật lọc máu liên tục, giảm chuyển viện lên tuyến trên",
        achievements=(
            "Bác sĩ Phúc cùng khoa triển khai lọc máu liên tục cho 46 bệnh nhân sốc nhiễm "
            "khuẩn ngay tại tỉnh, người bệnh không phải chuyển lên Cần Thơ hay TP. Hồ Chí Minh.",
        ),
        initiatives=(
            Initiative(
                "Quy trình lọc máu liên tục cho bệnh nhân sốc nhiễm khuẩn",
                2016,
                320_000_000,
                "Hội đồng khoa học Sở Y tế tỉnh Trà Vinh",
            ),
        ),
        met=(0, 1, 2),
        steps=(submit(), select(NEWSPAPER)),
    ),
    Dossier(
        unit="TV-YT-002",
        collective="Khoa Nhi Bệnh viện Đa khoa tỉnh Trà Vinh",
        headcount=38,
        field=NGUOI_TOT_VIEC_TOT,
        headline="“Nồi cháo tình thương” cho bệnh nhi nghèo",
        achievements=(
            "Đoàn viên khoa góp tiền và vận động nhà hảo tâm nấu cháo miễn phí mỗi sáng; năm "
            "2016 phát hơn 9.000 suất cho bệnh nhi và người nhà.",
        ),
        met=(4, 5),
        steps=(submit(), select(PORTAL)),
    ),
    Dossier(
        unit="TV-KKT-002",
        name="Lâm Văn Đức",
        gender="male",
        born=1991,
        position="Công nhân Phân xưởng Đế",
        workplace="Công ty TNHH Giày da Long Đức",
        member_since=2013,
        field=LAO_DONG_SAN_XUAT,
        headline="Công nhân trẻ với sáng kiến khuôn ép đế giảm phế phẩm",
        achievements=("Anh Đức cải tiến khuôn ép đế giày, tỷ lệ phế phẩm giảm từ 4% xuống 1,5%.",),
        initiatives=(
            Initiative(
                "Khuôn ép đế cải tiến giảm phế phẩm",
                2017,
                120_000_000,
                "Hội đồng sáng kiến Công ty TNHH Giày da Long Đức",
            ),
        ),
        met=(0, 1),
        steps=(submit(), select(NEWSPAPER)),
    ),
    Dossier(
        unit="TV-KKT-002",
        collective="Tổ công đoàn Phân xưởng May",
        headcount=65,
        field=LAO_DONG_SAN_XUAT,
        headline="Tổ công đoàn vượt kế hoạch sản lượng sáu tháng đầu năm",
        achievements=("Tổ vượt 12% kế hoạch sản lượng, không có tai nạn lao động.",),
        steps=(
            submit(),
            reject("Đã được biểu dương trong đợt tuyên truyền năm 2016; ưu tiên điển hình mới."),
        ),
    ),
    Dossier(
        unit="TV-CTH-003",
        name="Đặng Thị Hồng",
        gender="female",
        born=1985,
        position="Kỹ thuật viên KCS",
        workplace="Công ty TNHH Chế biến Dừa Cửu Long",
        member_since=2009,
        field=LAO_DONG_SAN_XUAT,
        headline="Cải tiến quy trình tách vỏ dừa, tăng chất lượng cơm dừa xuất khẩu",
        achievements=(
            "Chị Hồng đề xuất thay đổi trình tự tách vỏ và rửa, tỷ lệ cơm dừa đạt loại 1 "
            "tăng từ 82% lên 91%.",
        ),
        initiatives=(
            Initiative(
                "Cải tiến quy trình tách vỏ dừa",
                2017,
                60_000_000,
                "Hội đồng sáng kiến Công ty TNHH Chế biến Dừa Cửu Long",
            ),
        ),
        met=(0, 1),
        steps=(submit(), select(PORTAL)),
    ),
    Dossier(
        unit="TV-CN-001",
        collective="Công đoàn cơ sở Ủy ban nhân dân xã Vinh Kim",
        headcount=24,
        field=NONG_THON_MOI,
        headline="Đoàn viên góp ngày công xây dựng cầu giao thông nông thôn",
        achievements=(
            "Đoàn viên góp hơn 600 ngày công và 35 triệu đồng cùng nhân dân xây dựng 4 cây "
            "cầu bê tông thay cầu khỉ.",
        ),
        met=(2, 5),
        steps=(submit(), select(NEWSPAPER)),
    ),
    Dossier(
        unit="TV-CL-001",
        collective="Tổ chuyên môn Khối 5 Trường Tiểu học Thị trấn Càng Long",
        headcount=7,
        field=DAY_TOT,
        headline="Tổ chuyên môn đổi mới sinh hoạt theo nghiên cứu bài học",
        achievements=("Tổ tổ chức 12 buổi sinh hoạt chuyên môn theo nghiên cứu bài học.",),
        steps=(
            submit(),
            forward(DISTRICT_OK),
            reject("Mô hình đã phổ biến ở nhiều trường; chưa phải nhân tố mới."),
        ),
    ),
    Dossier(
        unit="TV-CL-002",
        name="Phan Văn Lực",
        gender="male",
        born=1972,
        position="Y sĩ đa khoa",
        workplace="Trạm Y tế xã An Trường",
        member_since=1996,
        field=NGUOI_TOT_VIEC_TOT,
        headline="Hơn hai mươi năm gắn bó với y tế cơ sở",
        achievements=("Anh Lực nhiều năm liền đạt chiến sĩ thi đua cơ sở.",),
        steps=(submit(), withdraw()),
    ),
]
