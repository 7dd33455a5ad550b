"""The deadline parser: phrasings read with their date, kind and exact offsets; sentences that must
yield nothing; the working-day calendar behind weeks and working-day counts; properties."""

from __future__ import annotations

import itertools
import unicodedata
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from phongtrao.common.calendar import add_working_days, calendar_day_create
from phongtrao.common.deadlines import (
    MONTHLY,
    POINT,
    RANGE_END,
    RECURRENCE,
    Deadline,
    find_deadlines,
    parse_deadline,
)

pytestmark = pytest.mark.django_db

SEED = date(2023, 5, 23)  # Tuesday: the meeting of the seed article
WED = date(2025, 9, 10)  # Wednesday
SAT = date(2025, 9, 13)  # Saturday
PR = RANGE_END
SEED_ARTICLE = Path("/work/shared/seed/article-2023-05-23.txt")

# (text, base, date, kind, phrase)
POSITIVES = [
    # explicit days: a point, whatever the cue
    ("đúng ngày 15/6 phải hoàn thành", SEED, date(2023, 6, 15), POINT, "đúng ngày 15/6"),
    ("trước ngày 30/9/2023", SEED, date(2023, 9, 30), POINT, "trước ngày 30/9/2023"),
    ("chậm nhất ngày 20/10", SEED, date(2023, 10, 20), POINT, "chậm nhất ngày 20/10"),
    ("chậm nhất là ngày 20/10/2025", WED, date(2025, 10, 20), POINT, "chậm nhất là ngày 20/10/2025"),
    ("trước 19/8", SEED, date(2023, 8, 19), POINT, "trước 19/8"),
    ("Hạn chót: 30/9/2025", WED, date(2025, 9, 30), POINT, "Hạn chót: 30/9/2025"),
    ("hạn cuối là ngày 25/9", WED, date(2025, 9, 25), POINT, "hạn cuối là ngày 25/9"),
    ("không quá ngày 15/11", WED, date(2025, 11, 15), POINT, "không quá ngày 15/11"),
    ("muộn nhất ngày 05/12/2025", WED, date(2025, 12, 5), POINT, "muộn nhất ngày 05/12/2025"),
    ("vào ngày 5 tháng 7 năm 2023", SEED, date(2023, 7, 5), POINT, "vào ngày 5 tháng 7 năm 2023"),
    ("Hoàn thành trước 15.6.2023", SEED, date(2023, 6, 15), POINT, "trước 15.6.2023"),
    ("15-6-2023 phải hoàn thành", SEED, date(2023, 6, 15), POINT, "15-6-2023"),
    ("ngày 05/3/2024 phải xong", SEED, date(2024, 3, 5), POINT, "ngày 05/3/2024"),
    ("trước 17h00 ngày 15/10", WED, date(2025, 10, 15), POINT, "trước 17h00 ngày 15/10"),
    ("chậm nhất 16 giờ 30 phút ngày 20/10/2025", WED, date(2025, 10, 20), POINT, "chậm nhất 16 giờ 30 phút ngày 20/10/2025"),
    ("trong ngày 12/9", WED, date(2025, 9, 12), POINT, "trong ngày 12/9"),
    ("Thời hạn hoàn thành: trước ngày 30/9.", WED, date(2025, 9, 30), POINT, "Thời hạn hoàn thành: trước ngày 30/9"),
    ("Tổ chức hội nghị vào thứ Năm, ngày 25/9/2025.", WED, date(2025, 9, 25), POINT, "vào thứ Năm, ngày 25/9/2025"),
    ("trước 31/12", WED, date(2025, 12, 31), POINT, "trước 31/12"),
    ("trước ngày 25 tháng này", WED, date(2025, 9, 25), POINT, "trước ngày 25 tháng này"),
    ("chậm nhất ngày 5 tháng sau", WED, date(2025, 10, 5), POINT, "chậm nhất ngày 5 tháng sau"),
    ("trước ngày 20", WED, date(2025, 9, 20), POINT, "trước ngày 20"),
    ("trước ngày 5", WED, date(2025, 10, 5), POINT, "trước ngày 5"),
    ("trước ngày 10/10 năm sau", WED, date(2026, 10, 10), POINT, "trước ngày 10/10 năm sau"),
    ("Yêu cầu hoàn thành trước ngày 30/9 năm nay.", WED, date(2025, 9, 30), POINT, "trước ngày 30/9 năm nay"),
    # ranges that end on a day
    ("đến hết ngày 30/9", WED, date(2025, 9, 30), PR, "đến hết ngày 30/9"),
    ("từ nay đến ngày 31/10", WED, date(2025, 10, 31), PR, "từ nay đến ngày 31/10"),
    ("từ ngày 15/9 đến ngày 15/10/2025", WED, date(2025, 10, 15), PR, "từ ngày 15/9 đến ngày 15/10/2025"),
    (
        "Thời gian thực hiện: từ ngày 15/6/2023 đến hết ngày 15/8/2023.",
        SEED,
        date(2023, 8, 15),
        PR,
        "từ ngày 15/6/2023 đến hết ngày 15/8/2023",
    ),
    ("từ tháng 10 đến tháng 12/2025", WED, date(2025, 12, 31), PR, "từ tháng 10 đến tháng 12/2025"),
    # months
    ("trong tháng 7", SEED, date(2023, 7, 31), PR, "trong tháng 7"),
    ("trong tháng 10/2025", WED, date(2025, 10, 31), PR, "trong tháng 10/2025"),
    ("trong tháng 2 năm 2024", SEED, date(2024, 2, 29), PR, "trong tháng 2 năm 2024"),
    ("trong tháng này", WED, date(2025, 9, 30), PR, "trong tháng này"),
    ("cuối tháng", WED, date(2025, 9, 30), PR, "cuối tháng"),
    ("trong tháng tới", WED, date(2025, 10, 31), PR, "trong tháng tới"),
    ("tháng sau phải hoàn thành", WED, date(2025, 10, 31), PR, "tháng sau"),
    ("hết tháng 11", WED, date(2025, 11, 30), PR, "hết tháng 11"),
    ("đầu tháng 8", SEED, date(2023, 8, 10), PR, "đầu tháng 8"),
    ("giữa tháng 10", WED, date(2025, 10, 15), PR, "giữa tháng 10"),
    ("hạ tuần tháng 9", SEED, date(2023, 9, 30), PR, "hạ tuần tháng 9"),
    ("thượng tuần tháng 11", WED, date(2025, 11, 10), PR, "thượng tuần tháng 11"),
    ("trung tuần tháng 11", WED, date(2025, 11, 20), PR, "trung tuần tháng 11"),
    ("trước tháng 7", SEED, date(2023, 6, 30), PR, "trước tháng 7"),
    ("Thời gian hoàn thành: tháng 10/2025.", WED, date(2025, 10, 31), PR, "Thời gian hoàn thành: tháng 10/2025"),
    ("trong tháng Mười", WED, date(2025, 10, 31), PR, "trong tháng Mười"),
    # quarters and parts of the year
    ("trong quý III", SEED, date(2023, 9, 30), PR, "trong quý III"),
    ("trong quý 3 năm 2024", SEED, date(2024, 9, 30), PR, "trong quý 3 năm 2024"),
    ("trong quý ba", SEED, date(2023, 9, 30), PR, "trong quý ba"),
    ("trong quý IV/2025", WED, date(2025, 12, 31), PR, "trong quý IV/2025"),
    ("cuối quý", WED, date(2025, 9, 30), PR, "cuối quý"),
    ("trong quí IV", WED, date(2025, 12, 31), PR, "trong quí IV"),
    ("trong quý tới", WED, date(2025, 12, 31), PR, "trong quý tới"),
    ("trong quý I năm sau", WED, date(2026, 3, 31), PR, "trong quý I năm sau"),
    ("đầu quý IV", WED, date(2025, 10, 31), PR, "đầu quý IV"),
    ("trước quý IV", SEED, date(2023, 9, 30), PR, "trước quý IV"),
    ("hoàn thành trước cuối quý III", SEED, date(2023, 9, 30), PR, "trước cuối quý III"),
    ("Thời gian hoàn thành: quý IV/2025", WED, date(2025, 12, 31), PR, "Thời gian hoàn thành: quý IV/2025"),
    ("hoàn thành trong 6 tháng đầu năm", SEED, date(2023, 6, 30), PR, "trong 6 tháng đầu năm"),
    ("trong 6 tháng cuối năm", SEED, date(2023, 12, 31), PR, "trong 6 tháng cuối năm"),
    ("trong sáu tháng cuối năm 2025", WED, date(2025, 12, 31), PR, "trong sáu tháng cuối năm 2025"),
    ("trong 9 tháng đầu năm", SEED, date(2023, 9, 30), PR, "trong 9 tháng đầu năm"),
    ("trong nửa cuối năm", WED, date(2025, 12, 31), PR, "trong nửa cuối năm"),
    # years
    ("từ nay đến cuối năm", SEED, date(2023, 12, 31), PR, "từ nay đến cuối năm"),
    ("trong năm 2023", SEED, date(2023, 12, 31), PR, "trong năm 2023"),
    ("cuối năm", WED, date(2025, 12, 31), PR, "cuối năm"),
    ("trong năm nay", WED, date(2025, 12, 31), PR, "trong năm nay"),
    ("trong năm sau", WED, date(2026, 12, 31), PR, "trong năm sau"),
    ("đến cuối năm 2026", WED, date(2026, 12, 31), PR, "đến cuối năm 2026"),
    ("trước cuối năm", WED, date(2025, 12, 31), PR, "trước cuối năm"),
    ("từ nay đến hết năm", WED, date(2025, 12, 31), PR, "từ nay đến hết năm"),
    ("trước năm 2027", WED, date(2026, 12, 31), PR, "trước năm 2027"),
    # counts
    ("trong 10 ngày làm việc", SEED, date(2023, 6, 6), PR, "trong 10 ngày làm việc"),
    ("trong vòng 10 ngày làm việc", WED, date(2025, 9, 24), PR, "trong vòng 10 ngày làm việc"),
    ("trong mười ngày làm việc", WED, date(2025, 9, 24), PR, "trong mười ngày làm việc"),
    ("trong 15 ngày", WED, date(2025, 9, 25), PR, "trong 15 ngày"),
    ("15 ngày tới", WED, date(2025, 9, 25), PR, "15 ngày tới"),
    ("sau 15 ngày", WED, date(2025, 9, 25), POINT, "sau 15 ngày"),
    ("3 ngày nữa", WED, date(2025, 9, 13), POINT, "3 ngày nữa"),
    ("trong 2 tuần", WED, date(2025, 9, 24), PR, "trong 2 tuần"),
    ("trong 3 tháng", WED, date(2025, 12, 10), PR, "trong 3 tháng"),
    ("trong 2 tháng tới phải triển khai xong", SEED, date(2023, 7, 23), PR, "trong 2 tháng tới"),
    ("trong hai mươi ngày", WED, date(2025, 9, 30), PR, "trong hai mươi ngày"),
    ("trong mười lăm ngày", WED, date(2025, 9, 25), PR, "trong mười lăm ngày"),
    ("trong ba mươi ngày", WED, date(2025, 10, 10), PR, "trong ba mươi ngày"),
    ("trong năm ngày", WED, date(2025, 9, 15), PR, "trong năm ngày"),
    ("trong hai mươi mốt ngày", WED, date(2025, 10, 1), PR, "trong hai mươi mốt ngày"),
    ("trong 1 tháng kể từ ngày 31/1/2024", date(2024, 1, 20), date(2024, 2, 29), PR, "trong 1 tháng kể từ ngày 31/1/2024"),
    (
        "Trong thời hạn 15 ngày kể từ ngày 01/10/2025, các đơn vị gửi hồ sơ.",
        WED,
        date(2025, 10, 16),
        PR,
        "Trong thời hạn 15 ngày kể từ ngày 01/10/2025",
    ),
    ("Thời hạn: 30 ngày kể từ ngày ký.", WED, date(2025, 10, 10), PR, "Thời hạn: 30 ngày"),
    # immediacy
    ("ngay trong ngày", WED, WED, POINT, "ngay trong ngày"),
    ("trong ngày hôm nay", WED, WED, POINT, "trong ngày hôm nay"),
    ("báo cáo kết quả trong ngày.", WED, WED, POINT, "trong ngày"),
    ("chậm nhất ngày mai", WED, date(2025, 9, 11), POINT, "chậm nhất ngày mai"),
    ("sáng mai phải gửi báo cáo", WED, date(2025, 9, 11), POINT, "sáng mai"),
    ("khẩn trương triển khai ngay các biện pháp", WED, WED, POINT, "ngay"),
    ("báo cáo ngay lập tức", WED, WED, POINT, "ngay lập tức"),
    ("Phải xử lý ngay.", WED, WED, POINT, "ngay"),
    # weeks and weekdays
    ("ngay trong tuần này", WED, date(2025, 9, 12), PR, "ngay trong tuần này"),
    ("ngay trong tuần này", SAT, date(2025, 9, 14), PR, "ngay trong tuần này"),
    ("ngay trong tuần này phải hoàn thành dự thảo", SEED, date(2023, 5, 26), PR, "ngay trong tuần này"),
    ("cuối tuần", WED, date(2025, 9, 12), PR, "cuối tuần"),
    ("trong tuần tới", WED, date(2025, 9, 19), PR, "trong tuần tới"),
    ("hoàn thành trong tuần sau", SAT, date(2025, 9, 19), PR, "trong tuần sau"),
    ("đầu tuần sau", WED, date(2025, 9, 15), PR, "đầu tuần sau"),
    ("thứ Sáu tuần sau", WED, date(2025, 9, 19), POINT, "thứ Sáu tuần sau"),
    ("trước thứ Hai tuần tới", WED, date(2025, 9, 15), POINT, "trước thứ Hai tuần tới"),
    ("vào thứ Năm", WED, date(2025, 9, 11), POINT, "vào thứ Năm"),
    ("trước thứ 6", WED, date(2025, 9, 12), POINT, "trước thứ 6"),
    # Tết
    ("trước Tết Nguyên đán", WED, date(2026, 2, 13), PR, "trước Tết Nguyên đán"),
    ("Trước Tết Nguyên đán Giáp Thìn 2024 phải hoàn thành.", SEED, date(2024, 2, 7), PR, "Trước Tết Nguyên đán Giáp Thìn 2024"),
    ("trước Tết Dương lịch", WED, date(2025, 12, 31), PR, "trước Tết Dương lịch"),
    # without diacritics, in capitals, with odd spacing
    ("truoc ngay 30/9/2023", SEED, date(2023, 9, 30), POINT, "truoc ngay 30/9/2023"),
    ("tu nay den cuoi nam", SEED, date(2023, 12, 31), PR, "tu nay den cuoi nam"),
    ("trong 10 ngay lam viec", SEED, date(2023, 6, 6), PR, "trong 10 ngay lam viec"),
    ("ngay trong tuan nay", WED, date(2025, 9, 12), PR, "ngay trong tuan nay"),
    ("cham nhat ngay 20/10", WED, date(2025, 10, 20), POINT, "cham nhat ngay 20/10"),
    ("trong quy III", SEED, date(2023, 9, 30), PR, "trong quy III"),
    ("thang sau phai hoan thanh", WED, date(2025, 10, 31), PR, "thang sau"),
    ("TRƯỚC NGÀY 30/9", WED, date(2025, 9, 30), POINT, "TRƯỚC NGÀY 30/9"),
    ("Trước   ngày\u00a030 / 9", WED, date(2025, 9, 30), POINT, "Trước   ngày\u00a030 / 9"),
    # the past window: 60 days back, then a year forward
    ("trước ngày 20/12", date(2024, 1, 10), date(2023, 12, 20), POINT, "trước ngày 20/12"),
    ("trước ngày 10/1", date(2023, 12, 15), date(2024, 1, 10), POINT, "trước ngày 10/1"),
    ("trước ngày 15/5", SEED, date(2023, 5, 15), POINT, "trước ngày 15/5"),
    ("trước ngày 15/3", SEED, date(2024, 3, 15), POINT, "trước ngày 15/3"),
    ("trước ngày 29/2", date(2025, 4, 25), date(2025, 2, 28), POINT, "trước ngày 29/2"),  # 56 days back: in the window
    ("trước ngày 29/2", date(2023, 5, 1), date(2024, 2, 29), POINT, "trước ngày 29/2"),
]

# (text, base, date, recurrence, day_of_period, phrase)
RECURRENCES = [
    ("hằng tháng, trước ngày 20", WED, date(2025, 9, 20), MONTHLY, 20, "hằng tháng, trước ngày 20"),
    ("hang thang, truoc ngay 20", WED, date(2025, 9, 20), MONTHLY, 20, "hang thang, truoc ngay 20"),
    ("định kỳ hằng tháng (trước ngày 20)", SEED, date(2023, 6, 20), MONTHLY, 20, "định kỳ hằng tháng (trước ngày 20"),
    ("Báo cáo trước ngày 25 hằng tháng.", WED, date(2025, 9, 25), MONTHLY, 25, "trước ngày 25 hằng tháng"),
    ("hằng tháng, trước ngày 10", WED, WED, MONTHLY, 10, "hằng tháng, trước ngày 10"),
    ("hằng tháng, trước ngày 31", WED, date(2025, 9, 30), MONTHLY, 31, "hằng tháng, trước ngày 31"),
    ("hàng tháng, chậm nhất ngày 5", WED, date(2025, 10, 5), MONTHLY, 5, "hàng tháng, chậm nhất ngày 5"),
    ("báo cáo định kì hằng tháng trước ngày 5", WED, date(2025, 10, 5), MONTHLY, 5, "định kì hằng tháng trước ngày 5"),
    ("báo cáo 1 lần/tháng", WED, date(2025, 9, 30), MONTHLY, None, "1 lần/tháng"),
    ("báo cáo hằng quý", WED, date(2025, 9, 30), "quarterly", None, "hằng quý"),
    (
        "hằng quý, chậm nhất ngày 15 của tháng cuối quý",
        WED,
        date(2025, 9, 15),
        "quarterly",
        15,
        "hằng quý, chậm nhất ngày 15 của tháng cuối quý",
    ),
    (
        "hằng quý, trước ngày 10 của tháng đầu quý sau",
        WED,
        date(2025, 10, 10),
        "quarterly",
        10,
        "hằng quý, trước ngày 10 của tháng đầu quý sau",
    ),
    (
        "báo cáo quý gửi trước ngày 20 của tháng cuối quý",
        WED,
        date(2025, 9, 20),
        "quarterly",
        20,
        "trước ngày 20 của tháng cuối quý",
    ),
    (
        "báo cáo năm gửi chậm nhất ngày 15 của tháng đầu năm sau",
        WED,
        date(2026, 1, 15),
        "yearly",
        15,
        "chậm nhất ngày 15 của tháng đầu năm sau",
    ),
    ("hằng tuần phải báo cáo", WED, date(2025, 9, 12), "weekly", None, "hằng tuần"),
    ("giao ban vào thứ Hai hằng tuần", WED, date(2025, 9, 15), "weekly", 1, "vào thứ Hai hằng tuần"),
    ("hằng tuần, vào chiều thứ Năm", WED, date(2025, 9, 11), "weekly", 4, "hằng tuần, vào chiều thứ Năm"),
    ("hằng năm trước ngày 15/12", WED, date(2025, 12, 15), "yearly", 15, "hằng năm trước ngày 15/12"),
    ("tổng kết hằng năm", WED, date(2025, 12, 31), "yearly", None, "hằng năm"),
    ("6 tháng một lần", WED, date(2025, 12, 31), "half_yearly", None, "6 tháng một lần"),
    (
        "định kỳ 6 tháng, chậm nhất ngày 15 của tháng cuối kỳ",
        SEED,
        date(2023, 6, 15),
        "half_yearly",
        15,
        "định kỳ 6 tháng, chậm nhất ngày 15 của tháng cuối kỳ",
    ),
    (
        "Hằng tháng, Công an các xã gửi báo cáo về Công an tỉnh (qua Phòng PV05) trước ngày 22.",
        WED,
        date(2025, 9, 22),
        MONTHLY,
        22,
        "Hằng tháng, Công an các xã gửi báo cáo về Công an tỉnh (qua Phòng PV05) trước ngày 22",
    ),
]

# Sentences that hold no deadline, with the base date they are read against.
NEGATIVES = [
    ("Ngày 06/03/2023 đã kiểm tra tại Ban cán sự đảng Bộ Giáo dục và Đào tạo.", SEED),
    ("Công an tỉnh đã tổ chức thành công ngày 14/8/2023 Ngày hội toàn dân bảo vệ ANTQ.", SEED),
    ("Báo cáo kết quả, tiến độ thực hiện các nhiệm vụ công tác từ đầu năm 2023 đến nay.", SEED),
    ("Báo cáo đã nêu rõ kết quả 14 công tác trọng tâm trong XDPT.", SEED),
    ("Đồng thời, vạch ra 9 mặt công tác tiếp tục đẩy mạnh.", SEED),
    ("Dự kiến năm nay, chúng ta sẽ lựa chọn 25-30 điểm tổ chức Ngày hội.", SEED),
    ("Đối với 3 đề án thành phần thực hiện Nghị quyết 12 Bộ Chính trị.", SEED),
    ("Kiểm tra việc triển khai Kết luận số 44- KL/TW ngày 22/01/2019 của Ban Bí thư.", SEED),
    ("Hội nghị biểu dương điển hình tiên tiến, giai đoạn 2018 – 2023.", SEED),
    ("Tổng kết 10 năm thực hiện Chương trình phối hợp số 09 (2013 – 2023).", SEED),
    ("Trong tháng 4, lực lượng Công an toàn tỉnh đã tổ chức 15 hội nghị.", SEED),
    ("Trong năm 2022, toàn tỉnh xây dựng được 120 mô hình.", SEED),
    ("Hội nghị diễn ra trong 2 ngày 14 và 15/8.", SEED),
    ("Trong 10 ngày qua, Công an huyện đã bắt giữ 5 đối tượng.", SEED),
    ("Sau 5 năm thực hiện, mô hình phát huy hiệu quả.", SEED),
    ("Tính đến ngày 30/6/2023, toàn tỉnh có 1.200 tổ bảo vệ dân phố.", SEED),
    ("Luật có hiệu lực thi hành từ ngày 01/7/2025.", SEED),
    ("Các đơn vị phải thực hiện nghiêm Kế hoạch số 125/KH-CAT ngày 10/6/2023 của Công an tỉnh.", SEED),
    ("Chiến lược bảo vệ an ninh quốc gia định hướng đến năm 2030.", SEED),
    ("Trong tháng 3 vừa qua, đơn vị đã hoàn thành 100% chỉ tiêu.", SEED),
    ("Đơn vị đã duy trì giao ban hằng tháng theo quy định.", SEED),
    ("Mỗi năm toàn tỉnh xảy ra hàng trăm vụ cháy nổ.", SEED),
    ("Ngày hội toàn dân bảo vệ ANTQ năm 2023 ngày càng có tính lan toả mạnh mẽ.", SEED),
    ("Cục đã có sự chủ động chuẩn bị ngay từ đầu năm.", SEED),
    ("Ngày 14/8/2023, tại xã Tân Lập, Công an huyện tổ chức Ngày hội.", SEED),
    ("Trong quý I, toàn tỉnh đã tiếp nhận 320 tin báo.", SEED),
    ("Hà Nội, ngày 23 tháng 5 năm 2023", SEED),
    ("Kỷ niệm 78 năm Ngày truyền thống CAND (19/8/1945 - 19/8/2023).", SEED),
    ("Lần thứ hai, Ban Chỉ đạo đã họp bàn.", SEED),
    ("Quyết định số 1234/QĐ-BCA ngày 15/6/2023 quy định chức năng của Cục.", SEED),
    ("Từ ngày 1/7/2025, tỉnh Hưng Yên và tỉnh Thái Bình hợp nhất.", SEED),
    ("Báo cáo số 45/BC-CAT ngày 20/5/2023 đánh giá kết quả 5 tháng đầu năm.", SEED),
    ("Kết quả đạt được trong 3 tháng đầu năm rất đáng khích lệ.", WED),
    ("Xem tại https://cand.com.vn/ra-soat-tien-do-xay-dung-phong-trao-va-chuan-bi-to-chuc-ngay-hoi-i694461/", SEED),
    ("Trong quy định về quản lý kinh phí có nêu rõ trách nhiệm.", SEED),
    ("trong quy dinh ve quan ly kinh phi co neu ro trach nhiem", SEED),
    ("Kết quả năm sau cao hơn năm trước.", SEED),
    ("Ngày 15/6 vừa qua, Ban Chỉ đạo tổ chức sơ kết.", SEED),
    ("Sau 3 tháng triển khai, mô hình đã phát huy hiệu quả.", SEED),
    ("Trong năm học 2023-2024, nhà trường phối hợp tốt với Công an xã.", SEED),
    ("Năm 2022, lực lượng Công an tỉnh đã triệt phá 45 băng nhóm.", SEED),
    ("Đồng chí dự Hội nghị lần thứ 5 Ban Chấp hành Đảng bộ.", SEED),
    ("Số vụ giảm 15 vụ so với cùng kỳ năm trước (giảm 3,5%).", SEED),
    ("Đoàn công tác đã làm việc trong 3 ngày tại tỉnh.", SEED),
    ("Thời gian qua đã thực hiện rất tốt việc tổ chức các đoàn kiểm tra tại 8 địa phương.", SEED),
]


def one(text: str, base: date) -> Deadline:
    found = find_deadlines(text, base)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "base", "expected", "kind", "phrase"), POSITIVES)
def test_phrasings(text, base, expected, kind, phrase):
    deadline = one(text, base)
    assert (deadline.date, deadline.kind, deadline.phrase) == (expected, kind, phrase)
    assert text[deadline.start : deadline.end] == deadline.phrase
    assert (deadline.recurrence, deadline.day_of_period) == ("", None)


@pytest.mark.parametrize(("text", "base", "expected", "recurrence", "day", "phrase"), RECURRENCES)
def test_recurrences(text, base, expected, recurrence, day, phrase):
    deadline = one(text, base)
    assert (deadline.date, deadline.kind, deadline.recurrence, deadline.day_of_period) == (expected, RECURRENCE, recurrence, day)
    assert deadline.phrase == phrase == text[deadline.start : deadline.end]
    assert deadline.date >= base


@pytest.mark.parametrize(("text", "base"), NEGATIVES)
def test_sentences_without_a_deadline(text, base):
    assert find_deadlines(text, base) == []
    assert parse_deadline(text, base) is None


def test_there_are_enough_cases():
    assert len(POSITIVES) + len(RECURRENCES) >= 80
    assert len(NEGATIVES) >= 25


# --- the working-day calendar --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("base", "n", "expected"),
    [
        (date(2024, 2, 5), 10, date(2024, 2, 26)),  # across the Tết break 08/02–14/02/2024
        (date(2025, 1, 22), 3, date(2025, 2, 3)),  # Tết 2025: 25/01–02/02
        (date(2025, 4, 28), 5, date(2025, 5, 8)),  # 30/4, 1/5 and the swapped 2/5
        (date(2025, 8, 29), 3, date(2025, 9, 5)),  # Quốc khánh 1–2/9/2025
    ],
)
def test_working_days_skip_holidays(base, n, expected):
    deadline = one(f"Hoàn thành trong {n} ngày làm việc.", base)
    assert deadline.date == expected == add_working_days(base, n)
    assert deadline.kind == RANGE_END


def test_this_week_ends_on_the_last_working_day_before_a_holiday_friday():
    # Tết 2024: Thursday 08/02 to Wednesday 14/02 are off, so the week of Monday 05/02 ends on Wednesday.
    assert one("ngay trong tuần này", date(2024, 2, 5)).date == date(2024, 2, 7)
    # Quốc khánh 2025 falls on Monday–Tuesday: the next week still ends on Friday 05/09.
    assert one("trong tuần tới", date(2025, 8, 27)).date == date(2025, 9, 5)


def test_this_week_follows_calendar_exceptions():
    calendar_day_create(actor=None, day=date(2025, 9, 12), kind="holiday", name="Nghỉ thử")
    assert one("trong tuần này", WED).date == date(2025, 9, 11)
    assert one("trong 2 ngày làm việc", WED).date == date(2025, 9, 15)


# --- texts with several deadlines, offsets ---------------------------------------------------------


def test_several_deadlines_in_order():
    text = (
        "Yêu cầu Công an các đơn vị, địa phương báo cáo kết quả về Cục trước ngày 15/6 và hoàn thành toàn bộ "
        "trong quý III; riêng dự thảo Thông tư phải xong ngay trong tuần này."
    )
    found = find_deadlines(text, SEED)
    assert [(d.phrase, d.date, d.kind) for d in found] == [
        ("trước ngày 15/6", date(2023, 6, 15), POINT),
        ("trong quý III", date(2023, 9, 30), RANGE_END),
        ("ngay trong tuần này", date(2023, 5, 26), RANGE_END),
    ]
    assert all(text[d.start : d.end] == d.phrase for d in found)
    assert parse_deadline(text, SEED) == found[0]


def test_a_document_date_next_to_a_deadline_is_not_read():
    text = "Theo Kế hoạch số 125/KH-CAT ngày 10/3/2025, các đơn vị phải hoàn thành trước ngày 30/6/2025."
    assert [d.phrase for d in find_deadlines(text, date(2025, 3, 20))] == ["trước ngày 30/6/2025"]


def test_offsets_refer_to_the_original_text_even_when_decomposed():
    text = unicodedata.normalize("NFD", "Đề nghị hoàn thành trước ngày 30/9, báo cáo hằng tháng trước ngày 20.")
    found = find_deadlines(text, WED)
    assert [(d.date, d.kind) for d in found] == [(date(2025, 9, 30), POINT), (date(2025, 9, 20), RECURRENCE)]
    for deadline in found:
        assert text[deadline.start : deadline.end] == deadline.phrase
    assert unicodedata.normalize("NFC", found[0].phrase) == "trước ngày 30/9"


def test_the_seed_article():
    """The three deadlines set by the Vice Minister, and nothing from the report parts."""
    if not SEED_ARTICLE.exists():
        pytest.skip("seed article not available")
    found = find_deadlines(SEED_ARTICLE.read_text(encoding="utf-8"), SEED)
    assert [(d.phrase, d.date, d.kind) for d in found] == [
        ("từ nay đến cuối năm", date(2023, 12, 31), RANGE_END),
        ("đúng ngày 15/6", date(2023, 6, 15), POINT),
        ("ngay trong tuần này", date(2023, 5, 26), RANGE_END),
    ]


def test_empty_text():
    assert find_deadlines("", WED) == []
    assert parse_deadline("   ", WED) is None


# --- properties ----------------------------------------------------------------------------------

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
BASES = st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31))
DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
FORMS = ("trước ngày {d}/{m}", "truoc ngay {d:02d}/{m:02d}", "Trước {d}-{m}", "chậm nhất ngày {d}.{m}", "TRƯỚC NGÀY {d} / {m}")


def one_year_after(day: date) -> date:
    return day.replace(year=day.year + 1) if (day.month, day.day) != (2, 29) else date(day.year + 1, 3, 1)


@PROPERTY
@given(base=BASES, month=st.integers(1, 12), day=st.integers(1, 31), form=st.sampled_from(FORMS))
def test_before_day_month_is_within_a_year_from_sixty_days_back(base, month, day, form):
    assume(day <= DAYS_IN_MONTH[month - 1])
    deadline = parse_deadline(form.format(d=day, m=month), base)
    assert deadline is not None and deadline.kind == POINT
    if (day, month) == (29, 2) and deadline.date.day == 28:
        assert deadline.date.year % 4 != 0 or deadline.date.year % 100 == 0  # no 29/2 that year
    else:
        assert (deadline.date.day, deadline.date.month) == (day, month)
    floor = base - timedelta(days=60)
    assert floor <= deadline.date < one_year_after(floor)


FILLERS = st.sampled_from(
    [
        "",
        "Đồng chí Thứ trưởng yêu cầu ",
        "Công an các đơn vị, địa phương ",
        "Về công tác xây dựng phong trào, ",
        "Cục XDPT bảo vệ ANTQ chủ trì, phối hợp ",
        "  \u00a0",
    ]
)
PHRASES = st.sampled_from(
    [
        ("hoàn thành trước ngày 30/9", "trước ngày 30/9"),
        ("báo cáo trong 10 ngày làm việc", "trong 10 ngày làm việc"),
        ("xong trong quý tới", "trong quý tới"),
        ("triển khai từ nay đến cuối năm", "từ nay đến cuối năm"),
    ]
)


@PROPERTY
@given(prefix=FILLERS, phrase=PHRASES, suffix=st.sampled_from(["", ".", "; đồng thời báo cáo kết quả về Bộ."]), base=BASES)
def test_the_phrase_is_found_where_it_is(prefix, phrase, suffix, base):
    sentence, read = phrase
    text = prefix + sentence + suffix
    deadline = parse_deadline(text, base)
    assert deadline is not None
    assert deadline.phrase == read
    assert deadline.start == len(prefix) + sentence.index(read)


@PROPERTY
@given(text=st.text(alphabet=st.sampled_from(list("ngàyđếtrươcháqu0123456789/.-, \u0301\u0300hằkỳ")), max_size=80), base=BASES)
def test_any_text_gives_ordered_non_overlapping_substrings(text, base):
    found = find_deadlines(text, base)
    for deadline in found:
        assert text[deadline.start : deadline.end] == deadline.phrase
        assert deadline.phrase.strip()
    assert all(a.end <= b.start for a, b in itertools.pairwise(found))
