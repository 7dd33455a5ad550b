import pytest

from phongtrao.documents import layout, metrics


def test_widths_are_times_new_roman_metrics():
    # Times New Roman advance widths (Liberation Serif shares them): "M" is 0.889 em, bold "M" 0.944 em.
    assert metrics.text_width("M", 10) == pytest.approx(8.89, abs=0.01)
    assert metrics.text_width("M", 10, bold=True) == pytest.approx(9.44, abs=0.01)
    assert metrics.text_width("Độc lập - Tự do - Hạnh phúc", 14, bold=True) == pytest.approx(171.4, abs=0.5)


def test_decomposed_text_measures_like_composed_text():
    composed = "Quốc hiệu"
    decomposed = "Quo\u0302\u0301c hie\u0302\u0323u"
    assert metrics.text_width(decomposed, 13) == metrics.text_width(composed, 13)


def test_without_the_font_files_an_estimate_is_used(monkeypatch):
    monkeypatch.setattr(metrics, "FONT_DIRS", ())
    metrics._advances.cache_clear()
    try:
        assert metrics.text_width("abcd", 10) == pytest.approx(4 * metrics.FALLBACK_ADVANCE_EM * 10)
    finally:
        metrics._advances.cache_clear()


def test_a_long_issuing_body_is_split_into_two_balanced_lines_at_12pt():
    text, size = layout.masthead_name("CỤC XÂY DỰNG PHONG TRÀO BẢO VỆ AN NINH TỔ QUỐC", 13, bold=True)
    assert (text, size) == ("CỤC XÂY DỰNG PHONG TRÀO\nBẢO VỆ AN NINH TỔ QUỐC", 12)


def test_a_short_body_keeps_one_line_at_13pt_and_explicit_breaks_are_kept():
    assert layout.masthead_name("BỘ CÔNG AN", 13, bold=False) == ("BỘ CÔNG AN", 13)
    assert layout.masthead_name("CÔNG AN TỈNH\nĐẮK LẮK", 13, bold=True) == ("CÔNG AN TỈNH\nĐẮK LẮK", 13)


def test_a_name_that_fits_nowhere_wraps_by_itself_at_the_smallest_size():
    name = "BAN CHỈ ĐẠO PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC TỈNH ĐẮK LẮK VÀ CÁC XÃ BIÊN GIỚI"
    assert layout.masthead_name(name, 13, bold=True) == (name, 12)


def test_a_long_place_and_date_drops_to_13pt_to_stay_on_one_line():
    assert layout.date_size("Hà Nội, ngày 05 tháng 01 năm 2026") == 14
    assert layout.date_size("Thành phố Hồ Chí Minh, ngày 05 tháng 01 năm 2026") == 13
