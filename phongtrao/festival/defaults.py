"""What a new campaign starts with: the programme of a site (domain.md §1.5) and the result
figures seen in published summaries (§1.6). Both are copied into the campaign and editable
there; the official report template is UNCONFIRMED (domain.md §1.6, §11)."""

from __future__ import annotations

from .enums import ChecklistPart, ResultFieldGroup, ResultFieldKind

# (part, title, optional, days relative to the site's date)
CHECKLIST: list[tuple[str, str, bool, int]] = [
    (ChecklistPart.PREPARATION, "Ban hành kế hoạch tổ chức Ngày hội tại điểm", False, -30),
    (ChecklistPart.PREPARATION, "Thành lập Ban Tổ chức, phân công nhiệm vụ", False, -25),
    (ChecklistPart.PREPARATION, "Dự thảo báo cáo đánh giá kết quả phong trào 8 tháng đầu năm", False, -14),
    (ChecklistPart.PREPARATION, "Trình khen thưởng tập thể, cá nhân tiêu biểu", False, -14),
    (ChecklistPart.PREPARATION, "Gửi giấy mời đại biểu", False, -10),
    (ChecklistPart.PREPARATION, "Chuẩn bị địa điểm, khánh tiết, âm thanh, an ninh trật tự", False, -3),
    (ChecklistPart.PREPARATION, "Chuẩn bị quà tặng gia đình chính sách, hộ khó khăn", False, -3),
    (ChecklistPart.CEREMONY, "Văn nghệ chào mừng", True, 0),
    (ChecklistPart.CEREMONY, "Chào cờ", False, 0),
    (ChecklistPart.CEREMONY, "Tuyên bố lý do, giới thiệu đại biểu, thông qua chương trình", False, 0),
    (ChecklistPart.CEREMONY, "Diễn văn ôn lại truyền thống, báo cáo đánh giá kết quả phong trào", False, 0),
    (ChecklistPart.CEREMONY, "Thảo luận, trao đổi kinh nghiệm", False, 0),
    (ChecklistPart.CEREMONY, "Công bố quyết định và trao khen thưởng", False, 0),
    (ChecklistPart.CEREMONY, "Phát biểu và tặng quà của đại biểu cấp trên", False, 0),
    (ChecklistPart.CEREMONY, "Đáp từ của lãnh đạo đơn vị đăng cai", False, 0),
    (ChecklistPart.CEREMONY, "Ký kết giao ước thi đua, cam kết", False, 0),
    (ChecklistPart.FESTIVAL, "Thi tìm hiểu pháp luật", True, 0),
    (ChecklistPart.FESTIVAL, "Thể thao, trò chơi dân gian (kéo co, bắn nỏ, đẩy gậy)", True, 0),
    (ChecklistPart.FESTIVAL, "Giao lưu văn nghệ", True, 0),
    (ChecklistPart.FESTIVAL, "Ra mắt, giới thiệu mô hình", True, 0),
]

# (key, label, group, kind, required)
RESULT_FIELDS: list[tuple[str, str, str, str, bool]] = [
    ("participants", "Số người tham dự", ResultFieldGroup.PARTICIPATION, ResultFieldKind.COUNT, True),
    ("gifts_count", "Số suất quà tặng", ResultFieldGroup.GIFTS, ResultFieldKind.COUNT, False),
    ("gifts_value", "Giá trị quà tặng (đồng)", ResultFieldGroup.GIFTS, ResultFieldKind.MONEY, False),
    ("awards_minister", "Bằng khen của Bộ trưởng", ResultFieldGroup.AWARDS, ResultFieldKind.COUNT, False),
    ("awards_province", "Bằng khen, giấy khen cấp tỉnh", ResultFieldGroup.AWARDS, ResultFieldKind.COUNT, False),
    ("awards_director", "Giấy khen của Giám đốc Công an tỉnh", ResultFieldGroup.AWARDS, ResultFieldKind.COUNT, False),
    ("awards_medal", "Kỷ niệm chương", ResultFieldGroup.AWARDS, ResultFieldKind.COUNT, False),
    ("awards_commune", "Giấy khen cấp xã", ResultFieldGroup.AWARDS, ResultFieldKind.COUNT, False),
    ("propaganda_sessions", "Buổi tuyên truyền", ResultFieldGroup.PROPAGANDA, ResultFieldKind.COUNT, False),
    ("propaganda_attendees", "Lượt người nghe tuyên truyền", ResultFieldGroup.PROPAGANDA, ResultFieldKind.COUNT, False),
    ("articles", "Tin, bài", ResultFieldGroup.PROPAGANDA, ResultFieldKind.COUNT, False),
    ("reportages", "Phóng sự", ResultFieldGroup.PROPAGANDA, ResultFieldKind.COUNT, False),
    ("posters", "Pa nô, áp phích, băng rôn", ResultFieldGroup.PROPAGANDA, ResultFieldKind.COUNT, False),
    ("social_posts", "Bài đăng mạng xã hội", ResultFieldGroup.PROPAGANDA, ResultFieldKind.COUNT, False),
    ("models_launched", "Mô hình ra mắt, giới thiệu", ResultFieldGroup.OUTCOMES, ResultFieldKind.COUNT, False),
    ("commitments", "Bản cam kết, giao ước được ký", ResultFieldGroup.OUTCOMES, ResultFieldKind.COUNT, False),
    ("weapons", "Vũ khí, vật liệu nổ, công cụ hỗ trợ giao nộp", ResultFieldGroup.OUTCOMES, ResultFieldKind.COUNT, False),
]
