from datetime import date

import pytest

from phongtrao.documents.model import Authority, Column, Recipients, Signature, Table, vietnamese_date

from .samples import sample_document


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        (15, "BC-BCA-V05", "Số: 15/BC-BCA-V05"),
        (5, "BC-BCA-V05", "Số: 05/BC-BCA-V05"),
        (123, "kh-v05", "Số: 123/KH-V05"),
        (None, "BC-BCA-V05", "Số:      /BC-BCA-V05"),
    ],
)
def test_number_line(number, symbol, expected):
    assert sample_document(number=number, symbol=symbol).number_line == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 1, 5), "ngày 05 tháng 01 năm 2026"),
        (date(2025, 2, 28), "ngày 28 tháng 02 năm 2025"),
        (date(2025, 3, 9), "ngày 09 tháng 3 năm 2025"),
        (date(2025, 12, 10), "ngày 10 tháng 12 năm 2025"),
    ],
)
def test_vietnamese_date_pads_days_below_10_and_months_1_and_2(day, expected):
    assert vietnamese_date(day) == expected


def test_date_line_puts_the_place_first():
    document = sample_document(place="Đắk Lắk", issued_on=date(2025, 7, 1))
    assert document.date_line == "Đắk Lắk, ngày 01 tháng 7 năm 2025"


def test_title_and_bodies_are_capitals():
    document = sample_document(kind="Kế hoạch", parent_body="Bộ Công an", issuing_body="Công an tỉnh Đắk Lắk")
    assert (document.title, document.parent_body_text, document.issuing_body_text) == (
        "KẾ HOẠCH",
        "BỘ CÔNG AN",
        "CÔNG AN TỈNH ĐẮK LẮK",
    )


def test_legal_bases_end_with_semicolons_and_a_final_full_stop():
    document = sample_document(legal_bases=("Căn cứ A.", "Căn cứ B", "Căn cứ C;"))
    assert document.legal_basis_lines() == ("Căn cứ A;", "Căn cứ B;", "Căn cứ C.")
    assert sample_document(legal_bases=()).legal_basis_lines() == ()


def test_one_addressee_stays_on_the_line_several_get_dashes():
    assert sample_document(addressees=("Bộ Công an.",)).addressee_items() == ("Bộ Công an",)
    assert sample_document(addressees=("Bộ Công an", "Cục V05")).addressee_items() == ("- Bộ Công an;", "- Cục V05.")


def test_recipients_end_with_the_archive_line():
    assert Recipients(names=("Như trên;", "Cục V05"), drafting_unit="CAT66").lines() == (
        "- Như trên;",
        "- Cục V05;",
        "- Lưu: VT, CAT66.",
    )
    assert Recipients().lines() == ("- Lưu: VT.",)


def test_signature_lines_carry_the_authority_marker_in_capitals():
    deputy = Signature(position="Phó Cục trưởng", authority=Authority.DEPUTY, principal="Cục trưởng")
    assert deputy.heading_lines() == ("KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG")
    collective = Signature(position="Trưởng ban", authority=Authority.ON_BEHALF_OF, principal="Ban Chỉ đạo")
    assert collective.heading_lines() == ("TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN")
    assert Signature(position="Giám đốc").heading_lines() == ("GIÁM ĐỐC",)


def test_stamps_put_secrecy_before_urgency():
    assert sample_document().stamps == ("MẬT", "KHẨN")
    assert sample_document(urgency=None, secrecy=None).stamps == ()


def test_table_rows_must_match_the_columns():
    with pytest.raises(ValueError, match="2 cells for 3 columns"):
        Table(columns=(Column(), Column(), Column()), header_rows=(("a", "b"),), rows=())
    assert Table(columns=(Column(1), Column(3)), header_rows=(), rows=()).fractions() == (0.25, 0.75)
