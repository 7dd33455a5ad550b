"""The directive extraction: the seed article, sentence splitting, unit names, deadlines, bad input."""

import datetime
import io
import zipfile
from pathlib import Path

import docx
import pytest

from phongtrao.meetings.extraction import (
    MAX_FILE_BYTES,
    ExtractionInputError,
    check_text,
    extract,
    extract_for_meeting,
    read_upload,
)
from phongtrao.meetings.sentences import normalise, sentences
from phongtrao.meetings.unitmatch import UnitMatcher, matcher_for

from .conftest import SEED, SEED_DATE


def _seed_text() -> str:
    path = Path(SEED)
    if not path.exists():
        pytest.skip(f"The seed article {SEED} is not on this machine.")
    return path.read_text(encoding="utf-8")


def _find(proposals, *words):
    return [p for p in proposals if all(w in f"{p.text} {p.action}" for w in words)]


def test_seed_article(world, units, seed_meeting):
    proposals = extract_for_meeting(world.central, seed_meeting, _seed_text())

    schemes = _find(proposals, "3 đề án thành phần", "Nghị quyết 12")
    assert len(schemes) == 1
    assert schemes[0].deadline.date == datetime.date(2023, 6, 15)
    assert schemes[0].responsible.code == "V05"
    assert "V01" in {c.code for c in schemes[0].coordinators}  # Văn phòng Bộ prepares the submission

    draft = _find(proposals, "dự thảo", "Cổng thông tin điện tử")
    assert len(draft) == 1
    assert "tuần này" in draft[0].deadline.phrase
    assert draft[0].deadline.date == datetime.date(2023, 5, 26)  # the Friday of the meeting's week
    assert _find(proposals, "Thông tư", "kinh phí")  # the circular itself, a task of its own

    conferences = _find(proposals, "Hội nghị Tổng kết 10 năm")
    assert len(conferences) == 1
    assert "MTTQ" in {c.code for c in conferences[0].coordinators}
    assert conferences[0].deadline is None  # "(2013 – 2023)", "giai đoạn 2018 – 2023" are periods, not deadlines

    assert _find(proposals, "25-30 điểm", "Ngày hội")
    assert _find(proposals, "Ngày hội toàn dân bảo vệ ANTQ năm 2023", "sáng kiến mới")
    assert _find(proposals, "tập huấn", "cơ sở")
    assert all(p.responsible is not None and p.responsible.code == "V05" for p in proposals)

    for not_a_directive in (
        "Thời gian qua đã thực hiện rất tốt",
        "Trong đó có việc kiểm tra",
        "phát biểu tại buổi làm việc",
        "phát biểu chỉ đạo tại buổi làm việc",
        "Toàn cảnh buổi làm việc",
        "báo cáo kết quả, tiến độ",
        "các đại biểu đã tập trung thảo luận",
        "biểu dương Cục XDPT bảo vệ ANTQ đã có sự chủ động",
        "vạch ra 9 mặt công tác",
    ):
        assert not [p for p in proposals if not_a_directive in p.sentence], not_a_directive
    assert 6 <= len(proposals) <= 8


def test_sentences_keep_quotes_and_abbreviations_together():
    text = normalise(
        "Thứ trưởng lưu ý: “Năm nay chọn 25-30 điểm. Đặc biệt hướng về cơ sở…” – đồng chí nhấn mạnh. "
        "TP. Hồ Chí Minh báo cáo trước 15/6. Kết thúc…\nDòng mới không dấu chấm"
    )
    parts = [s.text for s in sentences(text)]
    assert parts == [
        "Thứ trưởng lưu ý: “Năm nay chọn 25-30 điểm. Đặc biệt hướng về cơ sở…” – đồng chí nhấn mạnh.",
        "TP. Hồ Chí Minh báo cáo trước 15/6.",
        "Kết thúc…",
        "Dòng mới không dấu chấm",
    ]
    assert all(text[s.start : s.end] == s.text for s in sentences(text))


def test_unit_names_abbreviations_aliases_and_groups(world, units):
    matcher = matcher_for(world.central)

    def codes(text):
        return [m.unit.code if m.unit else f"@{m.group}" for m in matcher.find(text) if not m.ignored]

    assert codes("Cục XDPT bảo vệ ANTQ phối hợp với Văn phòng Bộ") == ["V05", "V01"]
    assert codes("Cuc Xay dung phong trao bao ve an ninh To quoc") == ["V05"]  # typed without diacritics
    assert codes("Ủy ban Trung ương MTTQ và MTTQ Việt Nam") == ["MTTQ", "MTTQ"]
    assert codes("Yêu cầu Công an các đơn vị, địa phương") == ["@local_police"]
    assert codes("CA tỉnh Sơn La và Công an Đắk Lắk") == ["CAT14", "CAT66"]
    assert codes("Bộ Giáo dục và Đào taoj") == ["BGDDT"]  # one misspelt word in a long name
    assert codes("Văn phòng Bộ, Công an tỉnh Sơn La") == ["V01", "CAT14"]  # a comma ends a name
    assert codes("đăng lên Cổng thông tin điện tử Bộ Công an") == []  # not a unit


def test_units_outside_what_the_user_may_name_are_not_matched(world, units):
    """Officer A may name the top-level units and partner bodies, not the communes of province B."""
    matcher = matcher_for(world.officer_a)
    found = {m.unit.code for m in matcher.find("Công an xã Tà Xùa và Công an phường Buôn Hồ, Công an tỉnh Sơn La") if m.unit}
    assert found == {"CAX24305", "CAT14"}


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Yêu cầu Cục XDPT bảo vệ ANTQ chuẩn bị Hội nghị biểu dương giai đoạn 2018 – 2023.", None),
        ("Cục XDPT bảo vệ ANTQ cần sửa đổi Quyết định 510/QĐ-BCA-V05 ngày 20/01/2022.", None),
        ("Phòng Tuyên truyền, vận động quần chúng tiếp tục tuyên truyền về Ngày truyền thống 16/6.", None),
        ("Yêu cầu Cục XDPT bảo vệ ANTQ hoàn thành trước ngày 30/9/2023.", datetime.date(2023, 9, 30)),
        ("Công an các địa phương báo cáo trước ngày 20 hằng tháng.", datetime.date(2023, 6, 20)),
    ],
)
def test_what_is_not_a_deadline(world, units, sentence, expected):
    proposals = extract(sentence, base=SEED_DATE, matcher=matcher_for(world.central))
    assert len(proposals) == 1
    assert (proposals[0].deadline.date if proposals[0].deadline else None) == expected


def test_a_sentence_with_two_tasks_gives_two_directives(world, units):
    text = (
        "Đối với Công an tỉnh Sơn La: khẩn trương hoàn thiện hồ sơ mô hình, gửi về Cục trước ngày 15/8/2023; "
        "đối với Công an tỉnh Đắk Lắk: tiếp tục củng cố tổ tự quản, hoàn thành trong quý IV/2023."
    )
    proposals = extract(text, base=SEED_DATE, matcher=matcher_for(world.central))
    assert [(p.responsible.code, p.deadline.date) for p in proposals] == [
        ("CAT14", datetime.date(2023, 8, 15)),
        ("CAT66", datetime.date(2023, 12, 31)),
    ]
    assert proposals[0].action.startswith("Khẩn trương hoàn thiện hồ sơ")


def test_extraction_writes_nothing(world, units, seed_meeting):
    from phongtrao.audit.models import AuditEntry
    from phongtrao.meetings.models import Conclusion, Directive

    before = AuditEntry.objects.count()
    extract_for_meeting(world.central, seed_meeting, _seed_text())
    assert AuditEntry.objects.count() == before
    assert not Conclusion.objects.exists() and not Directive.objects.exists()


# --- bad input -----------------------------------------------------------------------------------


class Upload(io.BytesIO):
    def __init__(self, data: bytes, name: str):
        super().__init__(data)
        self.name = name
        self.size = len(data)


def _docx_bytes() -> bytes:
    document = docx.Document()
    document.add_paragraph("THÔNG BÁO KẾT LUẬN")
    document.add_paragraph("Giao Văn phòng Bộ Công an tổng hợp, báo cáo trước ngày 30/6/2023.")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "1"
    table.cell(0, 1).text = "Công an tỉnh Sơn La khẩn trương lựa chọn điểm tổ chức Ngày hội, xong trước ngày 20/6/2023."
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_paragraphs_and_tables_are_read(world, units):
    text = read_upload(Upload(_docx_bytes(), "ket-luan.docx"))
    proposals = extract(text, base=SEED_DATE, matcher=matcher_for(world.central))
    assert [(p.responsible.code, p.deadline.date) for p in proposals] == [
        ("V01", datetime.date(2023, 6, 30)),
        ("CAT14", datetime.date(2023, 6, 20)),
    ]


@pytest.mark.parametrize(
    ("data", "name", "field"),
    [
        (b"\x00\x01binary, not a zip" * 100, "ket-luan.docx", "file"),
        (b"PK\x03\x04 truncated", "ket-luan.docx", "file"),
        (b"\xd0\xcf\x11\xe0 old Word", "ket-luan.doc", "file"),
        (b"\xff\xfe\x00t", "ghi-chu.txt", "file"),
        (b"x" * (MAX_FILE_BYTES + 1), "lon.docx", "file"),
        (b"   \n  ", "trong.txt", "text"),
    ],
)
def test_bad_files_are_refused_clearly(data, name, field):
    with pytest.raises(ExtractionInputError) as caught:
        read_upload(Upload(data, name))
    assert caught.value.field == field
    assert caught.value.message


def test_a_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(ExtractionInputError):
        read_upload(Upload(buffer.getvalue(), "gia.docx"))


def test_empty_and_huge_text_are_refused():
    with pytest.raises(ExtractionInputError):
        check_text("  \n\t ")
    with pytest.raises(ExtractionInputError):
        check_text("Yêu cầu hoàn thành. " * 120_000)  # about 2.6 MB
    assert check_text(" Yêu cầu\r\nhoàn thành. ") == "Yêu cầu\nhoàn thành."


def test_a_long_text_is_analysed_in_reasonable_time(world, units):
    """About 1.9 MB of text, every sentence read (few directives): the extraction stays linear."""
    import time

    report = "Thời gian qua, Công an tỉnh Sơn La và Văn phòng Bộ Công an đã tổ chức 1.250 buổi tuyên truyền tại các xã. " * 30
    order = "Yêu cầu Cục XDPT bảo vệ ANTQ phối hợp với MTTQ Việt Nam hoàn thành trước ngày 15/6."
    block = f"{report}\n{order}\n"
    copies = 1_900_000 // len(block.encode("utf-8"))
    started = time.monotonic()
    proposals = extract(check_text(block * copies), base=SEED_DATE, matcher=matcher_for(world.central))
    elapsed = time.monotonic() - started
    assert len(proposals) == copies
    assert elapsed < 120, elapsed


def test_unit_matcher_prefers_the_longest_name():
    matcher = UnitMatcher(
        [
            {"id": 1, "code": "BCA", "name": "Bộ Công an", "short_name": ""},
            {"id": 2, "code": "V01", "name": "Văn phòng Bộ Công an", "short_name": ""},
        ]
    )
    assert [m.unit.code for m in matcher.find("Văn phòng Bộ Công an và Bộ Công an")] == ["V01", "BCA"]


def test_a_text_without_full_stops_does_not_stall(world, units):
    """2 MB of unit names separated by commas: cut into bounded pieces, read in linear time."""
    import time

    text = "Công an tỉnh Sơn La, Văn phòng Bộ Công an, " * 38_000
    started = time.monotonic()
    extract(check_text(text), base=SEED_DATE, matcher=matcher_for(world.central))
    assert time.monotonic() - started < 120


def test_long_sentences_are_cut_with_exact_offsets():
    text = normalise("Yêu cầu " + "Công an tỉnh Sơn La; " * 400 + "hoàn thành.")
    spans = sentences(text)
    assert len(spans) > 1
    assert all(len(s.text) <= 2000 and text[s.start : s.end] == s.text for s in spans)
