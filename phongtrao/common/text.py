"""Vietnamese text helpers: diacritic folding for search and a collation key for sorting.

Folding maps "Đắk Lắk" to "dak lak" so that a search typed without diacritics finds it.
The collation key orders names the Vietnamese way (a ă â b c d đ e ê ... o ô ơ ... u ư ...),
letters first and tones second, identically on SQLite and PostgreSQL because the key is a
plain ASCII string compared byte by byte.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# Base letters of the Vietnamese alphabet, in dictionary order. Letters outside it (f, j, w, z)
# are slotted where the Latin alphabet puts them.
_ALPHABET = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n",
    "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
]  # fmt: skip
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Tone marks as combining characters, in the conventional order: none, huyền, sắc, hỏi, ngã, nặng.
_TONES = {"\u0300": 1, "\u0301": 2, "\u0309": 3, "\u0303": 4, "\u0323": 5}
# Combining marks that make a distinct base letter (ă â ê ô ơ ư) rather than a tone.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_KEY_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def normalize(text: str) -> str:
    """NFC and single spaces: what we store for any name typed or imported."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text or "")).strip()


def fold(text: str) -> str:
    """Lower case, no diacritics, đ as d, single spaces: the form used for search."""
    decomposed = unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d").replace("Đ", "d"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped).strip()


def _split_letter(char_nfd: str) -> tuple[str, int]:
    """Return (base letter with its letter marks, tone rank) for one decomposed character cluster."""
    base = char_nfd[0]
    marks = char_nfd[1:]
    tone = 0
    letter_marks = ""
    for mark in marks:
        if mark in _TONES:
            tone = _TONES[mark]
        elif mark in _LETTER_MARKS:
            letter_marks += mark
    return unicodedata.normalize("NFC", base + letter_marks), tone


def _clusters(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFD", text)
    clusters: list[str] = []
    for ch in decomposed:
        if unicodedata.combining(ch) and clusters:
            clusters[-1] += ch
        else:
            clusters.append(ch)
    return clusters


def sort_key(text: str) -> str:
    """An ASCII key that sorts Vietnamese text in dictionary order.

    Primary level: letters by the Vietnamese alphabet (digits before letters, other
    characters as a separator). Secondary level, appended: tones per letter, so "Ba" < "Bà" < "Bá".
    """
    primary: list[str] = []
    secondary: list[str] = []
    for cluster in _clusters(normalize(text).lower()):
        letter, tone = _split_letter(cluster)
        if letter in _LETTER_RANK:
            rank = 12 + _LETTER_RANK[letter]
        elif letter.isdigit():
            rank = 2 + int(letter)
        elif letter == " ":
            rank = 1
        else:
            rank = 1  # punctuation behaves like a space
        primary.append(_KEY_DIGITS[rank // 36] + _KEY_DIGITS[rank % 36])
        secondary.append(str(tone))
    return ("".join(primary) + "0" + "".join(secondary))[:250]


def person_sort_key(full_name: str) -> str:
    """Vietnamese people are listed by given name (the last word), then the rest of the name."""
    parts = normalize(full_name).split(" ")
    if len(parts) > 1:
        parts = [parts[-1], *parts[:-1]]
    return sort_key(" ".join(parts))
