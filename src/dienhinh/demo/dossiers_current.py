"""Dossiers of this year's plan (people and enterprises invented), in every state a demo
visitor should find: drafts to finish, dossiers waiting at Càng Long (xetduyet) and at the
federation (bientap), returned ones to revise, and a few decisions already made.
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

DISTRICT_OK = "Đã kiểm tra hồ sơ và ảnh; đề nghị LĐLĐ tỉnh lựa chọn."
PORTAL = "Chọn đăng trên trang thông tin điện tử của Liên đoàn Lao động tỉnh."


def dossiers(year: int) -> list[Dossier]:
    last = year - 1
    return [
        # Trường Tiểu học Thị trấn Càng Long (coso1): a draft, a returned one, one waiting.
        Dossier(
            unit="TV-CL-001",
            name="Lê Thị Mỹ Duyên",
            gender="female",
            born=1990,
            position="Giáo viên Tiếng Anh",
            workplace="Trường Tiểu học Thị trấn Càng Long",
            member_since=2013,
            field=DAY_TOT,
            headline="Câu lạc bộ tiếng Anh miễn phí cho học sinh vùng nông thôn",
            achievements=(
                "Cô Duyên mở câu lạc bộ tiếng Anh mỗi chiều thứ sáu, thu hút 60 học sinh.",
            ),
        ),
        Dossier(
            unit="TV-CL-001",
            collective="Tổ công đoàn Văn phòng Trường Tiểu học Thị trấn Càng Long",
            headcount=6,
            field=CONG_TAC,
            headline="Số hóa hồ sơ học sinh, tiết kiệm giấy in",
            achievements=(
                "Tổ số hóa toàn bộ hồ sơ học sinh từ năm 2010, tra cứu nhanh khi phụ huynh "
                "cần xác nhận.",
            ),
            steps=(
                submit(),
                send_back(
                    "Đề nghị bổ sung số liệu kinh phí tiết kiệm được và ảnh hoạt động của tổ."
                ),
            ),
        ),
        Dossier(
            unit="TV-CL-001",
            name="Nguyễn Văn Tính",
            gender="male",
            born=1975,
            position="Nhân viên bảo vệ",
            workplace="Trường Tiểu học Thị trấn Càng Long",
            member_since=2002,
            field=NGUOI_TOT_VIEC_TOT,
            headline="Nhặt được túi tiền 45 triệu đồng, trả lại người đánh rơi",
            achievements=(
                "Anh Tính nhặt được túi xách có 45 triệu đồng trước cổng trường và tìm trả "
                "lại cho một phụ huynh ngay trong ngày.",
            ),
            met=(4,),
            steps=(submit(),),
        ),
        Dossier(
            unit="TV-CL-002",
            name="Trần Thị Kim Xuyến",
            gender="female",
            born=1988,
            position="Điều dưỡng",
            workplace="Trạm Y tế xã An Trường",
            member_since=2011,
            field=NGUOI_TOT_VIEC_TOT,
            headline="Chăm sóc tại nhà cho người cao tuổi neo đơn",
            achievements=("Chị Xuyến thăm khám tại nhà mỗi tuần cho 18 cụ già neo đơn của xã.",),
            met=(4, 5),
            steps=(submit(),),
        ),
        Dossier(
            unit="TV-CL-003",
            name="Nguyễn Thanh Phong",
            gender="male",
            born=1980,
            position="Công chức Địa chính - Xây dựng",
            workplace="Ủy ban nhân dân xã Huyền Hội, huyện Càng Long",
            member_since=2006,
            field=NONG_THON_MOI,
            headline="Cán bộ địa chính gần dân trong xây dựng nông thôn mới nâng cao",
            achievements=(
                "Anh Phong hướng dẫn hơn 300 hộ làm thủ tục cấp giấy chứng nhận quyền sử "
                "dụng đất, không để hồ sơ trễ hẹn.",
            ),
            met=(0, 2),
            steps=(
                submit(),
                send_back("Thiếu xác nhận của Chủ tịch Công đoàn cơ sở; đề nghị bổ sung."),
                submit(),
            ),
        ),
        Dossier(
            unit="TV-CL-010",
            collective="Chuyền may số 3 Công ty TNHH May mặc Tân An",
            headcount=32,
            field=LAO_DONG_SAN_XUAT,
            headline="Chuyền may đạt năng suất cao nhất công ty mười tháng liền",
            achievements=(
                "Chuyền áp dụng bố trí lại công đoạn theo dòng chảy, năng suất tăng 15%.",
                "Không có tai nạn lao động; 100% công nhân tham gia tổ tiết kiệm tương trợ.",
            ),
            initiatives=(
                Initiative(
                    "Bố trí công đoạn may theo dòng chảy",
                    last,
                    150_000_000,
                    "Hội đồng sáng kiến Công ty TNHH May mặc Tân An",
                ),
            ),
            met=(0, 1, 2),
            steps=(submit(), forward(DISTRICT_OK)),
        ),
        Dossier(
            unit="TV-CL-005",
            name="Huỳnh Thị Bích Tuyền",
            gender="female",
            born=1987,
            position="Giáo viên Ngữ văn",
            workplace="Trường Trung học cơ sở Bình Phú, huyện Càng Long",
            member_since=2010,
            field=HO_CHI_MINH,
            headline="Kể chuyện Bác Hồ trong giờ chào cờ đầu tuần",
            achievements=(
                "Cô Tuyền duy trì mục “Kể chuyện Bác Hồ” trong giờ chào cờ suốt ba năm học.",
            ),
            met=(3,),
            steps=(submit(), forward(DISTRICT_OK)),
        ),
        Dossier(
            unit="TV-CL-002",
            collective="Tập thể Trạm Y tế xã An Trường",
            headcount=7,
            field=CONG_TAC,
            headline="Trạm y tế đạt chuẩn quốc gia, khám chữa bệnh bảo hiểm y tế tăng gấp đôi",
            achievements=(
                "Trạm đạt Bộ tiêu chí quốc gia về y tế xã; số lượt khám bảo hiểm y tế tăng "
                "từ 3.100 lên 6.400 lượt mỗi năm.",
            ),
            met=(0, 2, 5),
            steps=(
                submit(),
                forward(DISTRICT_OK),
                select(PORTAL, scores=(22, 14, 13, 18, 9, 9)),
            ),
        ),
        Dossier(
            unit="TV-TP-003",
            name="Đoàn Thị Hồng Vân",
            gender="female",
            born=1983,
            position="Tổng phụ trách Đội",
            workplace="Trường Tiểu học Phường 6, thành phố Trà Vinh",
            member_since=2005,
            field=HO_CHI_MINH,
            headline="Tổng phụ trách Đội sáng tạo",
            achievements=("Chị Vân tổ chức phong trào “Kế hoạch nhỏ” thu gom giấy vụn.",),
        ),
        Dossier(
            unit="TV-TP-005",
            name="Nguyễn Hữu Lộc",
            gender="male",
            born=1985,
            position="Thủ kho",
            workplace="Công ty TNHH Thương mại Dịch vụ Phước Hưng",
            member_since=2012,
            field=LAO_DONG_SAN_XUAT,
            headline="Quản lý kho bằng mã vạch, không để thất thoát hàng hóa",
            achievements=(
                "Anh Lộc đề xuất dùng mã vạch quản lý kho, thời gian kiểm kê giảm từ 3 ngày "
                "xuống nửa ngày.",
            ),
            initiatives=(
                Initiative(
                    "Quản lý kho bằng mã vạch",
                    last,
                    40_000_000,
                    "Giám đốc Công ty TNHH Thương mại Dịch vụ Phước Hưng",
                ),
            ),
            met=(0, 1),
            steps=(submit(),),
        ),
        Dossier(
            unit="TV-CK-001",
            collective="Công đoàn cơ sở Ủy ban nhân dân xã Hòa Ân",
            headcount=21,
            field=NONG_THON_MOI,
            headline="Công đoàn đồng hành xây dựng xã nông thôn mới nâng cao",
            achievements=("Đoàn viên nhận đỡ đầu 5 hộ nghèo thoát nghèo bền vững.",),
            steps=(
                submit(),
                reject(
                    "Thành tích chủ yếu là của chính quyền xã; đề nghị làm rõ vai trò của "
                    "công đoàn.",
                    scores=(15, 5, 8, 15, 7, 8),
                ),
            ),
        ),
        Dossier(
            unit="TV-TCU-002",
            name="Kim Thị Ra Ni",
            gender="female",
            born=1992,
            position="Giáo viên lớp 2",
            workplace="Trường Tiểu học Kim Sơn, huyện Trà Cú",
            member_since=2015,
            field=DAY_TOT,
            headline="Dạy tiếng Việt cho học sinh Khmer bằng truyện tranh tự vẽ",
            achievements=(
                "Cô Ra Ni vẽ hơn 40 truyện tranh song ngữ giúp học sinh lớp 2 đọc tốt hơn.",
            ),
            met=(0, 1),
            steps=(
                submit(),
                send_back("Ảnh chưa rõ mặt; đề nghị gửi ảnh chân dung khác."),
            ),
        ),
        Dossier(
            unit="TV-TCA-003",
            name="Trương Thị Kiều Oanh",
            gender="female",
            born=1989,
            position="Nữ hộ sinh",
            workplace="Trạm Y tế xã Phú Cần, huyện Tiểu Cần",
            member_since=2012,
            field=NGUOI_TOT_VIEC_TOT,
            headline="Nữ hộ sinh hiến máu tình nguyện 15 lần",
            achievements=("Chị Oanh hiến máu tình nguyện 15 lần.",),
        ),
        Dossier(
            unit="TV-GD-002",
            name="Nguyễn Thị Thanh Tuyền",
            gender="female",
            born=1986,
            position="Giáo viên Hóa học",
            workplace="Trường THPT Chuyên Nguyễn Thiện Thành",
            member_since=2009,
            field=DAY_TOT,
            headline="Phòng thí nghiệm xanh từ hóa chất tái sử dụng",
            achievements=(
                "Cô Tuyền xây dựng quy trình thu hồi, tái sử dụng hóa chất thí nghiệm.",
                "Hai học sinh của cô đạt giải Ba học sinh giỏi quốc gia môn Hóa học.",
            ),
            initiatives=(
                Initiative(
                    "Thu hồi và tái sử dụng hóa chất thí nghiệm",
                    last,
                    25_000_000,
                    "Sở Giáo dục và Đào tạo tỉnh Trà Vinh",
                ),
            ),
            met=(0, 1, 2),
            steps=(submit(),),
        ),
        Dossier(
            unit="TV-YT-002",
            name="Thạch Thị Sa Vươl",
            gender="female",
            born=1987,
            position="Điều dưỡng trưởng Khoa Nội tổng hợp",
            workplace="Bệnh viện Đa khoa tỉnh Trà Vinh",
            member_since=2010,
            field=CONG_TAC,
            headline="Bảng kiểm chăm sóc song ngữ Việt - Khmer cho người bệnh",
            achievements=(
                "Chị Sa Vươl biên soạn bảng kiểm chăm sóc song ngữ, giúp người bệnh Khmer lớn "
                "tuổi hiểu và phối hợp điều trị.",
            ),
            initiatives=(
                Initiative(
                    "Bảng kiểm chăm sóc người bệnh song ngữ Việt - Khmer",
                    last,
                    None,
                    "Hội đồng khoa học Bệnh viện Đa khoa tỉnh Trà Vinh",
                ),
            ),
            met=(0, 1, 4),
            steps=(submit(), select(PORTAL, scores=(23, 17, 12, 18, 10, 8))),
        ),
        Dossier(
            unit="TV-YT-002",
            collective="Khoa Cấp cứu Bệnh viện Đa khoa tỉnh Trà Vinh",
            headcount=29,
            field=CONG_TAC,
            headline="Cấp cứu kịp thời, không để người bệnh chờ",
            achievements=("Khoa tiếp nhận hơn 30.000 lượt cấp cứu mỗi năm.",),
            steps=(submit(), withdraw()),
        ),
        Dossier(
            unit="TV-KKT-002",
            name="Danh Văn Sa Ren",
            gender="male",
            born=1993,
            position="Công nhân Phân xưởng May",
            workplace="Công ty TNHH Giày da Long Đức",
            member_since=2016,
            field=LAO_DONG_SAN_XUAT,
            headline="Thợ may giỏi, nhiệt tình kèm cặp công nhân mới",
            achievements=("Anh Sa Ren kèm cặp 20 công nhân mới trong năm.",),
        ),
        Dossier(
            unit="TV-CTH-003",
            collective="Tổ Kỹ thuật Công ty TNHH Chế biến Dừa Cửu Long",
            headcount=9,
            field=LAO_DONG_SAN_XUAT,
            headline="Thu hồi nhiệt lò sấy cơm dừa, tiết kiệm củi đốt",
            achievements=("Tổ lắp hệ thống thu hồi nhiệt cho lò sấy, lượng củi đốt giảm 30%.",),
            initiatives=(
                Initiative(
                    "Hệ thống thu hồi nhiệt lò sấy cơm dừa",
                    last,
                    240_000_000,
                    "Hội đồng sáng kiến Công ty TNHH Chế biến Dừa Cửu Long",
                ),
            ),
            met=(0, 1, 2),
            steps=(submit(), select(PORTAL, scores=(24, 19, 13, 17, 8, 7))),
        ),
        Dossier(
            unit="TV-CN-001",
            name="Kiên Văn Nhân",
            gender="male",
            born=1979,
            position="Phó Chủ tịch Ủy ban nhân dân xã",
            workplace="Ủy ban nhân dân xã Vinh Kim, huyện Cầu Ngang",
            member_since=2004,
            field=NONG_THON_MOI,
            headline="Vận động bà con chuyển đổi sang trồng màu trên đất giồng cát",
            achievements=(
                "Anh Nhân vận động 120 hộ chuyển sang trồng màu, thu nhập tăng gấp đôi so với "
                "trồng lúa.",
            ),
            met=(0, 2),
            steps=(
                submit(),
                send_back("Đề nghị bổ sung số liệu thu nhập có xác nhận của xã."),
                submit(),
            ),
        ),
        Dossier(
            unit="TV-CL-010",
            name="Võ Thị Kim Ngân",
            gender="female",
            born=1994,
            position="Công nhân chuyền may số 5",
            workplace="Công ty TNHH May mặc Tân An",
            member_since=2015,
            field=LAO_DONG_SAN_XUAT,
            headline="Công nhân trẻ đạt bậc thợ giỏi",
            achievements=("Chị Ngân đạt bậc thợ giỏi sau hai năm vào nghề.",),
            steps=(withdraw(),),
        ),
        Dossier(
            unit="TV-GD-002",
            collective="Tổ Tiếng Anh Trường THPT Chuyên Nguyễn Thiện Thành",
            headcount=9,
            field=DAY_TOT,
            headline="Tổ chuyên môn với câu lạc bộ hùng biện tiếng Anh",
            achievements=("Tổ duy trì câu lạc bộ hùng biện tiếng Anh hằng tháng.",),
        ),
        Dossier(
            unit="TV-CL-005",
            collective="Tổ công đoàn Trường Trung học cơ sở Bình Phú",
            headcount=14,
            field=NGUOI_TOT_VIEC_TOT,
            headline="Quỹ “Áo trắng đến trường” cho học sinh nghèo",
            achievements=(
                "Tổ công đoàn quyên góp mua 150 bộ đồng phục cho học sinh có hoàn cảnh khó khăn.",
            ),
            met=(4, 5),
            steps=(
                submit(),
                forward(DISTRICT_OK),
                send_back("Đề nghị bổ sung danh sách học sinh được hỗ trợ có xác nhận của trường."),
            ),
        ),
    ]
