"""Words the national data generator draws from: Vietnamese names, ranks, titles of work, report
sentences, festival sites and models. Plausible, not real: no name here refers to a person."""

from __future__ import annotations

# Family names with their rough shares in the population (percent).
FAMILY_NAMES: list[tuple[str, float]] = [
    ("Nguyễn", 38.0), ("Trần", 11.0), ("Lê", 9.5), ("Phạm", 7.0), ("Hoàng", 4.0), ("Huỳnh", 2.0),
    ("Phan", 4.5), ("Vũ", 3.0), ("Võ", 2.0), ("Đặng", 2.1), ("Bùi", 2.0), ("Đỗ", 1.4), ("Hồ", 1.3),
    ("Ngô", 1.3), ("Dương", 1.0), ("Lý", 0.5), ("Đinh", 0.8), ("Trương", 0.8), ("Lò", 0.3), ("Cầm", 0.2),
    ("Quàng", 0.1), ("Giàng", 0.2), ("Vàng", 0.1), ("Thạch", 0.2), ("Lâm", 0.4), ("Mai", 0.4), ("Tô", 0.3),
]  # fmt: skip
MALE_MIDDLE = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Công", "Thành", "Xuân", "Ngọc", "Anh", "Mạnh", "Trung"]
FEMALE_MIDDLE = ["Thị", "Thu", "Ngọc", "Thanh", "Thị Thu", "Kim", "Hồng", "Phương", "Mỹ", "Bích"]
MALE_GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Giang", "Hải", "Hào", "Hiếu", "Hoàng", "Hùng", "Huy",
    "Khang", "Khánh", "Kiên", "Lâm", "Long", "Lực", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang",
    "Quân", "Sơn", "Tài", "Tâm", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh",
]  # fmt: skip
FEMALE_GIVEN = [
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Huyền", "Hương", "Lan",
    "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Trang",
    "Tuyết", "Uyên", "Vân", "Yến",
]  # fmt: skip

RANKS = ["Thiếu úy", "Trung úy", "Thượng úy", "Đại úy", "Thiếu tá", "Trung tá", "Thượng tá", "Đại tá"]
RANK_WEIGHTS = [6, 14, 18, 22, 18, 12, 7, 3]

POSITIONS = {
    ("v05", "leader"): ["Phó Cục trưởng", "Trưởng phòng", "Phó Trưởng phòng"],
    ("v05", "other"): ["Cán bộ", "Cán bộ Phòng Tham mưu tổng hợp", "Cán bộ Phòng Hướng dẫn xây dựng phong trào"],
    ("province", "leader"): ["Phó Giám đốc Công an tỉnh", "Trưởng phòng Tham mưu", "Phó Trưởng phòng Tham mưu"],
    ("province", "other"): ["Cán bộ Phòng Tham mưu", "Cán bộ Đội Xây dựng phong trào", "Cán bộ quản trị hệ thống"],
    ("commune", "leader"): ["Trưởng Công an xã", "Phó Trưởng Công an xã"],
    ("commune", "other"): ["Cán bộ Công an xã", "Cảnh sát khu vực", "Cán bộ phụ trách phong trào"],
}

# Titles of assignments, by who gives them. {year} is the programme's year.
V05_TITLES = [
    "Hướng dẫn tổ chức Ngày hội toàn dân bảo vệ ANTQ năm {year}",
    "Sơ kết 6 tháng đầu năm {year} công tác xây dựng phong trào toàn dân bảo vệ ANTQ",
    "Tổng kết công tác xây dựng phong trào toàn dân bảo vệ ANTQ năm {year}",
    "Triển khai thực hiện Chỉ thị số 09-CT/TW về tăng cường sự lãnh đạo của Đảng đối với phong trào",
    "Kiện toàn lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
    "Rà soát, đánh giá, phân loại phong trào toàn dân bảo vệ ANTQ năm {year}",
    "Xây dựng, nhân rộng mô hình tự phòng, tự quản, tự bảo vệ, tự hòa giải ở cơ sở",
    "Phối hợp với Ủy ban MTTQ Việt Nam cùng cấp thực hiện Nghị quyết liên tịch 01/2012",
    "Tập huấn nghiệp vụ công tác xây dựng phong trào cho cán bộ Công an cơ sở",
    "Báo cáo kết quả thực hiện Đề án nâng cao hiệu quả phong trào toàn dân bảo vệ ANTQ",
    "Vận động quần chúng giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ năm {year}",
    "Khen thưởng tập thể, cá nhân có thành tích xuất sắc trong phong trào năm {year}",
]
PROVINCE_TITLES = [
    "Xây dựng kế hoạch tổ chức Ngày hội toàn dân bảo vệ ANTQ cấp tỉnh năm {year}",
    "Tham mưu Ban Chỉ đạo tỉnh sơ kết công tác xây dựng phong trào",
    "Kiểm tra công tác xây dựng phong trào tại Công an các xã, phường",
    "Tổ chức hội nghị điển hình tiên tiến phong trào toàn dân bảo vệ ANTQ",
    "Tổng hợp báo cáo kết quả phân loại phong trào toàn dân bảo vệ ANTQ năm {year}",
    "Phối hợp Sở Giáo dục và Đào tạo tuyên truyền phòng, chống tội phạm trong trường học",
    "Hướng dẫn xây dựng, củng cố mô hình tự quản về an ninh, trật tự",
    "Tập huấn lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở",
]
COMMUNE_TITLES = [
    "Tổ chức Ngày hội toàn dân bảo vệ ANTQ tại khu dân cư năm {year}",
    "Tuyên truyền, phổ biến pháp luật về phòng, chống tội phạm tại khu dân cư",
    "Củng cố, duy trì hoạt động của Tổ bảo vệ an ninh, trật tự ở cơ sở",
    "Rà soát, phân loại phong trào toàn dân bảo vệ ANTQ tại các khu dân cư",
    "Vận động nhân dân lắp đặt camera an ninh tại khu dân cư",
    "Xây dựng mô hình \u201cKhu dân cư an toàn về an ninh, trật tự\u201d",
    "Vận động giao nộp vũ khí, vật liệu nổ, công cụ hỗ trợ",
    "Tổ chức ký cam kết không vi phạm pháp luật của hộ gia đình",
    "Tuần tra, kiểm soát bảo đảm an ninh, trật tự dịp cao điểm",
    "Hòa giải mâu thuẫn, tranh chấp tại cộng đồng dân cư",
    "Báo cáo kết quả thực hiện phong trào toàn dân bảo vệ ANTQ quý {quarter}/{year}",
    "Phối hợp Ban công tác Mặt trận khu dân cư xây dựng phong trào",
]

REPORT_TEXTS = [
    "Đã tổ chức {n} buổi tuyên truyền tại các khu dân cư, thu hút {m} lượt người tham dự.",
    "Đã ban hành kế hoạch triển khai, phân công cán bộ phụ trách từng khu dân cư.",
    "Đã rà soát {n} khu dân cư, tổng hợp kết quả phân loại gửi cấp trên.",
    "Tổ chức {n} cuộc họp với Ban công tác Mặt trận, thống nhất nội dung phối hợp.",
    "Đã vận động {m} hộ gia đình ký cam kết; đang tiếp tục triển khai.",
    "Đã kiểm tra {n} mô hình tự quản, hướng dẫn khắc phục tồn tại.",
    "Tiếp nhận {n} vụ việc, hòa giải thành {n} vụ tại cộng đồng.",
    "Đang tổng hợp số liệu, dự kiến hoàn thành báo cáo trong tuần tới.",
    "Đã tập huấn cho {m} thành viên lực lượng tham gia bảo vệ an ninh, trật tự ở cơ sở.",
    "Khó khăn: kinh phí hạn chế; đã đề xuất hỗ trợ để tiếp tục thực hiện.",
]
COMPLETION_TEXTS = [
    "Đã hoàn thành nhiệm vụ, gửi báo cáo kết quả kèm theo.",
    "Hoàn thành toàn bộ nội dung theo kế hoạch; báo cáo kết quả đã gửi.",
    "Đã hoàn thành, đề nghị đơn vị giao nhiệm vụ xem xét, đánh giá.",
]
REFUSAL_REASONS = [
    "Nội dung không thuộc chức năng, nhiệm vụ của đơn vị.",
    "Nhiệm vụ trùng với nội dung đã được giao trong kế hoạch khác.",
]
RECALL_REASONS = ["Điều chỉnh kế hoạch công tác.", "Giao lại cho đơn vị khác chủ trì."]
RETURN_REASONS = ["Báo cáo còn thiếu số liệu, đề nghị bổ sung.", "Chưa đánh giá đầy đủ kết quả, đề nghị hoàn thiện."]
EXTENSION_REASONS = ["Địa bàn rộng, cần thêm thời gian tổ chức.", "Trùng đợt cao điểm bảo đảm an ninh, trật tự."]

# Festival sites that are neither a commune nor a residential area, by kind.
AGENCIES = ["Ủy ban nhân dân", "Trạm Y tế", "Bưu điện văn hóa", "Trung tâm Văn hóa - Thể thao", "Nhà văn hóa"]
SCHOOLS = ["Trường Mầm non", "Trường Tiểu học", "Trường Trung học cơ sở", "Trường Trung học phổ thông"]
ENTERPRISES = ["Công ty TNHH", "Công ty cổ phần", "Hợp tác xã", "Nhà máy"]
ENTERPRISE_NAMES = ["Hòa Bình", "Thành Công", "Phú Thịnh", "An Phát", "Đại Thành", "Minh Long", "Việt Tiến", "Thắng Lợi"]
MODELS = [
    "Camera an ninh",
    "Tổ tự quản về an ninh, trật tự",
    "Dòng họ bình yên",
    "Tổ liên gia tự quản",
    "Khu dân cư an toàn về an ninh, trật tự",
    "Tổ tuần tra nhân dân",
    "Câu lạc bộ phòng, chống tội phạm",
    "Nhóm Zalo an ninh, trật tự",
    "Tiếng kẻng an ninh",
    "Tôn giáo bình yên",
]
NOMINATION_REASONS = [
    "Phong trào phát triển đều, nhiều mô hình hiệu quả được nhân rộng.",
    "Địa bàn trọng điểm, có ý nghĩa chính trị, được nhân dân đồng tình ủng hộ.",
    "Điển hình tiên tiến nhiều năm liền, phù hợp làm điểm chỉ đạo.",
    "Vùng đồng bào dân tộc thiểu số, cần động viên, khích lệ phong trào.",
]
FESTIVAL_THEME = "Toàn dân chung sức bảo vệ an ninh Tổ quốc, xây dựng cơ sở vững mạnh"
