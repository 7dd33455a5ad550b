from hypothesis import given
from hypothesis import strategies as st

from phongtrao.common.text import fold, person_sort_key, sort_key


def test_fold_removes_diacritics_and_d_stroke():
    assert fold("Tỉnh Đắk Lắk") == "tinh dak lak"
    assert fold("  Tây   Nguyên ") == "tay nguyen"
    assert fold("Hoà Bình") == fold("Hòa Bình") == "hoa binh"


def test_fold_treats_decomposed_and_precomposed_text_alike():
    import unicodedata

    text = "Quảng Trị"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text)


def test_vietnamese_alphabetical_order():
    words = ["Tà", "Ơn", "Ô", "Ia", "Ea", "Đồng", "Dương", "Bắc", "Ba", "Âu", "Ân", "An"]
    expected = ["An", "Ân", "Âu", "Ba", "Bắc", "Dương", "Đồng", "Ea", "Ia", "Ô", "Ơn", "Tà"]
    assert sorted(words, key=sort_key) == expected


def test_tones_order_after_letters():
    assert sorted(["Bạ", "Bá", "Ba", "Bà", "Bả", "Bã"], key=sort_key) == ["Ba", "Bà", "Bá", "Bả", "Bã", "Bạ"]
    # Letters decide before tones: "Bà Rịa" comes before "Bắc" although à > a.
    assert sort_key("Bà Rịa") < sort_key("Bắc Ninh")


def test_people_sort_by_given_name():
    names = ["Nguyễn Văn Bình", "Trần Thị An", "Lê Quốc Hùng"]
    assert sorted(names, key=person_sort_key) == ["Trần Thị An", "Nguyễn Văn Bình", "Lê Quốc Hùng"]


@given(st.text(alphabet="aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậ ", min_size=0, max_size=30))
def test_sort_key_is_ascii_and_deterministic(text):
    key = sort_key(text)
    assert key.isascii()
    assert key == sort_key(text)
    assert fold(text) == fold(fold(text))
