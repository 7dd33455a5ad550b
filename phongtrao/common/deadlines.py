"""Vietnamese deadline expressions read as dates, relative to the date of the meeting (the base date).

``find_deadlines(text, base)`` returns every deadline expression of a text, in order and without
overlaps; ``parse_deadline(text, base)`` the first one. Each `Deadline` carries the date, the exact
substring read (``text[start:end] == phrase``) and its kind:

* ``point``: a day ("đúng ngày 15/6", "trước ngày 30/9/2023", "ngày mai", "thứ Sáu tuần sau");
* ``range_end``: the last day of a period or a count ("trong tháng 7", "từ nay đến cuối năm",
  "trong 10 ngày làm việc");
* ``recurrence``: the first occurrence on or after the base date of a periodic obligation
  ("hằng tháng, trước ngày 20"), with ``recurrence`` (weekly, monthly, quarterly, half_yearly,
  yearly) and ``day_of_period``.

The rules (Vietnamese administrative usage)
-------------------------------------------
Explicit days: "15/6", "15-6-2023", "15.6.2023", "ngày 05/3/2023", "ngày 5 tháng 7 năm 2023",
optionally with a time ("trước 17h00 ngày 15/6") or a weekday ("thứ Sáu, ngày 15/6"):
  * "trước (ngày) X", "chậm nhất (là) (ngày) X", "muộn nhất X", "không quá (ngày) X",
    "hạn (chót|cuối) (là) X", "thời hạn: X", "đúng (ngày) X", "vào (ngày) X", "trong ngày X"
    → X, a point. "Trước ngày 30/9" is read as the deadline 30/9 itself, as in "hoàn thành trước
    ngày 30/9", not as 29/9.
  * "đến (hết) ngày X", "hết ngày X", "từ nay đến ngày X", "từ ngày A đến ngày X" → X, range_end.
  * A bare "ngày X" / "X" is a deadline only with a cue nearby: "hoàn thành", "xong", "phải",
    "hạn", "chậm nhất", "trước", "tiến độ", "thời gian hoàn thành" among the 8 words before it in
    the sentence, or "phải", "hoàn thành", "xong", "là hạn" among the 5 words after it.
  * "ngày 10/10 năm sau|năm nay|năm tới" → that day of the next (this) year.
  * "trước|chậm nhất|hạn ngày N" (a day without a month) → the next day N on or after the base
    date; "trước ngày N tháng này|tháng sau" → day N of that month.
Year of a date without one: the occurrence of that day and month in the year-long window that
starts ``PAST_WINDOW_DAYS`` (60) days before the base date. That is the base year's date unless it
lies more than 60 days in the past (then next year's); near New Year the window reaches back
into the previous year (base 10/01/2024: "20/12" is 20/12/2023). 29/2 in a year without one is
28/2. After "từ nay đến" the window starts at the base date itself (the future only).

Periods (all range_end, the last day of the period unless a position is given):
  * Weeks run Monday to Sunday. "trong tuần này", "ngay trong tuần này", "cuối tuần", "trong
    tuần" → the Friday of the base week, or when that Friday is not a working day (calendar) the
    last working day of that week; never before the base date: from the Saturday on (or when
    the week has no working day left) it is the Sunday that ends the week. "tuần sau|tuần tới|
    tuần tiếp theo" → the same day of the next week. "đầu tuần sau" → the first working day of
    the next week; "giữa tuần" → its Wednesday.
  * Months: "trong tháng 7", "tháng 7/2024", "cuối tháng 7", "hết tháng 7" → the last day;
    "trong tháng này|tháng", "cuối tháng" → the base month; "tháng sau|tháng tới" → the next.
    Position in the month: "đầu tháng 8" and "thượng tuần tháng 8" → 10/8, "giữa tháng 8" →
    15/8, "trung tuần" → 20/8, "hạ tuần" → the last day. Weeks of a month count from the 1st:
    "tuần đầu tháng 10" → 7/10, "tuần thứ hai của tháng này" → the 14th, "tuần cuối tháng 10"
    → 31/10.
  * Quarters: "trong quý III", "quý 3", "quý ba", "quý III/2023", "quý 3 năm 2024", "cuối quý"
    (the base quarter), "quý sau|tới" → the quarter's last day; "đầu quý" → the last day of its
    first month, "giữa quý" → of its second month.
  * Parts of the year: "6 tháng đầu năm", "nửa đầu năm" → 30/6; "6 tháng cuối năm" → 31/12;
    "N tháng đầu năm" → the last day of month N ("9 tháng đầu năm" → 30/9).
  * Years: "từ nay đến cuối năm", "trong năm (nay)", "cuối năm", "hết năm 2023", "trong năm
    2023", "đến năm 2025" → 31/12; "năm sau|năm tới" → 31/12 of the next year. A bare "năm 2023"
    is never read (it names a year's edition: "Ngày hội ... năm 2023").
  * "trước" + a period without a position means before it starts: "trước tháng 7" → 30/6,
    "trước quý IV" → 30/9, "trước năm 2025" → 31/12/2024; "trước cuối năm" → 31/12.
  * A month, quarter or part of the year without a prefix ("Thời gian hoàn thành: quý III/2025")
    needs a cue like a bare date. Years of periods follow the window rule of dates, applied to
    the resolved day.
  * "trước Tết (Nguyên đán)" → the last working day before the Tết break (calendar), range_end;
    "trước Tết Dương lịch" → 31/12.
Counts (from the base date, or from the date of "kể từ ngày X" when one follows):
  * "trong (vòng|thời hạn) N ngày làm việc" → ``calendar.add_working_days(base, N)``;
    "trong N ngày" / "N ngày tới" → base + N calendar days; "trong N tuần" → + 7N days;
    "trong N tháng" → + N months (clamped to the month's end); "trong N năm" → + N years.
    "Thời hạn: 30 ngày" likewise. These are range_end; "sau N ngày", "N ngày nữa" are points.
    N may be written in words (một … chín, mười, mười lăm, hai mươi, hai mươi mốt, ba mươi …).
  * Not counts: "trong 10 ngày qua", "3 tháng trước", "trong 2 ngày 14-15/8", "diễn ra trong
    3 ngày", "sau 10 năm thực hiện".
Immediacy (points): "ngay", "ngay lập tức", "ngay trong ngày", "trong ngày (hôm nay)",
  "hôm nay" → the base date; "ngày mai", "sáng|chiều mai" → base + 1. A lone "ngay" counts only
  after a verb of action ("triển khai ngay", "báo cáo ngay") and not before "từ", "sau", "khi"…
Weekdays: "trước|vào thứ Sáu", "thứ Hai tuần sau" → that day of the base week, of the next week
  ("tuần sau|tới"), the next one after the base ("tới"), or the next one on or after the base.
Recurrences ("hằng|hàng|mỗi|định kỳ" + tuần, tháng, quý, năm, 6 tháng; "6 tháng một lần",
  "quý một lần", "1 lần/tháng"), with an optional day in the same sentence, before or after:
  "hằng tháng, trước ngày 20", "định kỳ hằng tháng (trước ngày 20)", "trước ngày 20 hằng tháng",
  "hằng quý, chậm nhất ngày 15 của tháng cuối quý", "hằng năm trước ngày 15/12",
  "thứ Sáu hằng tuần"; also, without a recurrence word, the reporting-regime form "trước ngày 20
  của tháng cuối quý" (quarterly) or "… tháng cuối năm" (yearly). ``day_of_period`` is the day
  of the month (every month for monthly; of the last month of each quarter, half-year or year,
  unless a month is named as in "15/12" or "tháng đầu quý sau"), or the ISO weekday 1–7 for
  weekly; it is None when the text names no day, and the date then falls on the period's last
  day (Friday for weeks). "mỗi …" needs a day or "một lần"; a bare "hằng tuần|tháng|quý|năm"
  (no day, no "định kỳ") needs an activity word ("báo cáo", "tổ chức", "họp", "phải" …) in its
  sentence. Recurrence dates are nominal days: they are not moved off weekends or holidays.
Not deadlines:
  * past report sentences: "đã", "vừa", "vừa qua", "đạt được", "đến nay", "thời gian qua"
    before the expression in its clause (unless the clause also has an obligation word before
    the expression: "phải", "yêu cầu", "giao", "sẽ" …), in the two words after it, or in the
    next clause when the expression opens the sentence ("Trong tháng 7, Công an tỉnh đã …");
    "qua", "trước" right after it ("tháng 7 vừa qua", "3 tháng trước");
  * starts and cut-offs: "từ ngày X", "kể từ", "tính đến ngày X", "có hiệu lực từ";
  * "từ đầu năm 2023 đến nay", "định hướng đến năm 2030", "tầm nhìn đến năm 2045";
  * a document's date: a bare date after "Kết luận", "Nghị quyết", "Quyết định", "Kế hoạch",
    "số …", "ban hành", "ký" … with no cue word in between ("Kết luận số 44-KL/TW ngày
    22/01/2019");
  * numbers that are not dates ("14 công tác", "25-30 điểm", "Nghị quyết 12", "giai đoạn
    2018 – 2023") simply match no pattern;
  * an expression resolved before the base date is dropped unless it carries a strong cue
    ("trước", "chậm nhất", "muộn nhất", "không quá", "hạn", "đúng") or is a count.

How it reads
------------
The text is lower-cased and NFC-normalised character by character, keeping a map from each
position back to the original (so decomposed input and odd whitespace keep exact offsets). When
the text carries no diacritic at all, it is folded (đ → d, no tones) and the same patterns,
folded, are used: "truoc ngay 30/9" reads like "trước ngày 30/9". In that mode "tháng sau" is
"next month" (not June) and a lone "ngay" may be "ngày". A text mixing accented words with
unaccented deadline phrases is read in accented mode, where the unaccented phrases are missed.
Every pattern proposes candidates; the longest wins where they overlap; a candidate that is
blocked (past, document date, start date) still hides the shorter ones inside it.
dateparser is not used: it misses most of these phrasings and adds nothing the rules need.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from functools import cache

from . import calendar as working_calendar

__all__ = [
    "HALF_YEARLY",
    "KINDS",
    "MONTHLY",
    "PAST_WINDOW_DAYS",
    "POINT",
    "QUARTERLY",
    "RANGE_END",
    "RECURRENCE",
    "RECURRENCES",
    "WEEKLY",
    "YEARLY",
    "Deadline",
    "find_deadlines",
    "parse_deadline",
]

POINT = "point"
RANGE_END = "range_end"
RECURRENCE = "recurrence"
KINDS = (POINT, RANGE_END, RECURRENCE)

WEEKLY = "weekly"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
HALF_YEARLY = "half_yearly"
YEARLY = "yearly"
RECURRENCES = (WEEKLY, MONTHLY, QUARTERLY, HALF_YEARLY, YEARLY)

# A date without a year is the one in the year-long window starting this many days before the base.
PAST_WINDOW_DAYS = 60

_DAY = datetime.timedelta(days=1)
# How far a sentence or clause is looked into around an expression, in characters.
_SEGMENT_REACH = 300
_FRIDAY = 4
# Upper bounds of counts, so that no count leaves the calendar's range.
_MAX_COUNT = {"day": 3660, "workday": 1000, "week": 520, "month": 240, "year": 50}


@dataclass(frozen=True)
class Deadline:
    date: datetime.date  # the day itself (point), the last day (range_end), the first occurrence on/after base (recurrence)
    phrase: str  # the exact substring of the input that was read
    kind: str  # "point" | "range_end" | "recurrence"
    start: int  # character offsets of phrase in the input text
    end: int
    recurrence: str = ""  # for kind == "recurrence": "weekly" | "monthly" | "quarterly" | "half_yearly" | "yearly"
    day_of_period: int | None = None  # e.g. 20 for "hằng tháng, trước ngày 20"


# --- the text the patterns run on ------------------------------------------------------------------

_DASHES = {ord(char): "-" for char in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"}


def _fold_char(char: str) -> str:
    """One character without its diacritics (đ → d); always exactly one character."""
    if char == "đ":
        return "d"
    return unicodedata.normalize("NFD", char)[0]


def _fold(text: str) -> str:
    return "".join(_fold_char(char) for char in unicodedata.normalize("NFC", text.lower()))


@dataclass(frozen=True)
class _Text:
    original: str
    work: str  # lower-case NFC text, or its folded form when the input has no diacritics
    index: tuple[int, ...]  # work offset -> original offset, plus len(original) at the end
    accented: bool


# Older tone placements, read as the modern spelling the patterns use (same length).
_SPELLINGS = (
    (re.compile(r"(?<!\w)(?:quí|qúy|qúi)(?!\w)"), "quý"),
    (re.compile(r"(?<!\w)kì(?!\w)"), "kỳ"),
)


def _prepare(original: str) -> _Text:
    """Lower-case NFC, one work character per base character, dashes as "-", any space as " ",
    "quí" as "quý" and "kì" as "kỳ"."""
    chars: list[str] = []
    index: list[int] = []
    position, length = 0, len(original)
    while position < length:
        stop = position + 1
        while stop < length and unicodedata.combining(original[stop]):
            stop += 1
        for char in unicodedata.normalize("NFC", original[position:stop]).lower().translate(_DASHES):
            if not unicodedata.combining(char):
                chars.append(" " if char.isspace() else char)
                index.append(position)
        position = stop
    index.append(length)
    spelled = "".join(chars)
    for pattern, replacement in _SPELLINGS:  # same length: the offsets stay valid
        spelled = pattern.sub(replacement, spelled)
    chars = list(spelled)
    folded = [_fold_char(char) for char in chars]
    accented = folded != chars
    return _Text(original, "".join(chars if accented else folded), tuple(index), accented)


# --- the grammar, written with diacritics and folded for unaccented text ------------------------

_B = r"(?<!\w)"
_E = r"(?!\w)"
_TOD = (
    r"(?:(?:\d{1,2}\s*(?:h|giờ)(?:\s*\d{1,2}(?:\s*(?:phút|p|'))?)?|\d{1,2}:\d{2})(?!\w)\s*,?\s*)?"
    r"(?:(?:sáng|chiều|tối|trưa|đêm)\s*,?\s*)?"
)
_WEEKDAY = r"(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|bẩy|[2-7])|chủ\s+nhật)(?!\w)"
_DIGIT_WORD = r"(?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín)"
_NUMBER = (
    r"(?:\d{1,4}"
    r"|(?:hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín)\s+mươi(?:\s+(?:mốt|hai|ba|bốn|tư|lăm|nhăm|sáu|bảy|bẩy|tám|chín)(?!\w))?"
    r"|mười(?:\s+(?:một|hai|ba|bốn|lăm|nhăm|sáu|bảy|bẩy|tám|chín)(?!\w))?"
    rf"|{_DIGIT_WORD})(?!\w)"
)
_MONTH_NUMBER = r"(?:1[0-2]|0?[1-9])(?!\d)"
_QUARTER = r"(?:iv|iii|ii|i|[1-4]|một|hai|ba|bốn|tư|nhất)(?!\w)"
_RELATIVE = r"(?:này|nay|sau|tới|tiếp\s+theo|kế\s+tiếp)(?!\w)"
_LEAD = (
    r"(?:(?:thời\s+)?hạn(?:\s+(?:chót|cuối(?:\s+cùng)?|hoàn\s+thành|nộp|gửi|báo\s+cáo))?(?:\s+là)?\s*:?\s*"
    r"|thời\s+gian\s+hoàn\s+thành(?:\s+là)?\s*:?\s*)"
)
_CAN_CHI = (
    r"(?:giáp|ất|bính|đinh|mậu|kỷ|canh|tân|nhâm|quý|quí)\s+"
    r"(?:tý|tí|sửu|dần|mão|mẹo|thìn|tỵ|tị|ngọ|mùi|thân|dậu|tuất|hợi)(?!\w)"
)


def _core(accented: bool) -> str:
    # "tới" folds to "toi", which is also "tối" (evening): only accented text gets it as "until".
    until = r"đến|tới" if accented else r"đến"
    return (
        r"(?:ngay\s+trong|trước|chậm\s+nhất|muộn\s+nhất|trễ\s+nhất|không\s+quá|không\s+muộn\s+hơn|không\s+chậm\s+hơn"
        rf"|đúng|vào|trong|từ\s+(?:nay|bây\s+giờ|giờ)\s+(?:đến|tới)|{until}|hết)"
    )


def _prefix(accented: bool) -> str:
    fill = r"(?:\s+(?:là|vào|trong|hết|đến|tới))*"
    return rf"(?P<prefix>{_LEAD}?(?:{_core(accented)}{fill}\s+)?)"


def _month_word(accented: bool) -> str:
    # "sáu" and "tư" fold to "sau" (after, next) and "tu" (from): month names only with diacritics.
    words = r"giêng|chạp|mười\s+một|mười\s+hai|mười|một|hai|ba|bốn|năm(?!\s+(?:nay|này|sau|tới|\d))|bảy|bẩy|tám|chín"
    if accented:
        words += r"|sáu|tư"
    return rf"(?:{words})(?!\w)"


def _date_num(p: str) -> str:
    return (
        rf"(?<![\d/.\-])(?P<{p}d>\d{{1,2}})"
        rf"(?:\s*/\s*(?P<{p}m1>\d{{1,2}})(?:\s*/\s*(?P<{p}y1>\d{{4}}))?"
        rf"|-(?P<{p}m2>\d{{1,2}})(?:-(?P<{p}y2>\d{{4}}))?"
        rf"|\.(?P<{p}m3>\d{{1,2}})(?:\.(?P<{p}y3>\d{{4}}))?)"
        r"(?!\d|[/.\-]\d)"
    )


def _date_words(p: str, accented: bool) -> str:
    return (
        rf"(?P<{p}wd>\d{{1,2}})\s+tháng\s+(?P<{p}wm>{_MONTH_NUMBER}|{_month_word(accented)})"
        rf"(?:\s*,?\s+năm\s+(?P<{p}wy>\d{{4}}))?(?!\s*[/\-]?\s*\d)"
    )


def _year_spec(p: str) -> str:
    return (
        rf"(?:\s*[/\-]\s*(?P<{p}y>\d{{4}})|\s*,?\s+năm\s+(?P<{p}yn>\d{{4}})|\s+năm\s+(?P<{p}yr>{_RELATIVE}))?"
        r"(?!\s*[/\-]?\s*\d)"
    )


def _period_body(accented: bool) -> str:
    excluded = r"tra|lễ|học|hội|qua|trước|vừa|rồi|ngoái|làm|đầu|cuối|thứ"
    if not accented:  # folded words that are not the units: quy định, tuân thủ, thắng lợi, Nam bộ…
        excluded += r"|dinh|trinh|che|hoach|mo|tac|chuan|uoc|luat|pham|cach|trach|chu|tu|hoi|doi|thu|theo|loi|canh|bo|trung"
        excluded += r"|nu|gioi|y"
    return (
        rf"(?:(?P<month>tháng\s+(?P<mn>{_MONTH_NUMBER}|{_month_word(accented)}){_year_spec('m')})"
        rf"|(?P<mrel>tháng\s+(?P<mrelw>{_RELATIVE}))"
        rf"|(?P<quarter>quý\s+(?P<qn>{_QUARTER}){_year_spec('q')})"
        rf"|(?P<qrel>quý\s+(?P<qrelw>{_RELATIVE}))"
        rf"|(?P<part>(?P<pn>{_NUMBER})\s+tháng\s+(?P<pside>đầu|cuối)\s+năm(?:\s+(?P<py>\d{{4}})|\s+(?P<pyr>{_RELATIVE}))?)"
        rf"|(?P<half>nửa\s+(?P<hside>đầu|cuối)\s+năm(?:\s+(?P<hy>\d{{4}})|\s+(?P<hyr>{_RELATIVE}))?)"
        r"|(?P<year>năm\s+(?P<yn>\d{4})(?!\s*-\s*\d))"
        rf"|(?P<yrel>năm\s+(?P<yrelw>{_RELATIVE}))"
        rf"|(?P<wrel>tuần\s+(?P<wrelw>{_RELATIVE}))"
        rf"|(?P<unit>(?P<uw>tuần|tháng|quý|năm)(?!\w)(?!\s+(?:{excluded})(?!\w))))"
    )


_RECUR_UNIT = r"(?:tuần|tháng|quý|năm|(?:6|sáu)\s+tháng|nửa\s+năm)"
_RECUR = (
    r"(?P<rec>(?:định\s+kỳ\s+|định\s+kì\s+)?(?:hằng|hàng|mỗi)\s+(?P<u1>" + _RECUR_UNIT + r")(?!\w)(?P<once1>\s+(?:một|1)\s+lần)?"
    r"|định\s+k[ỳì]\s+(?P<u2>" + _RECUR_UNIT + r"|(?:3|ba)\s+tháng)(?!\w)(?:\s+(?:một|1)\s+lần)?"
    r"|(?P<n3>(?:1|một|3|ba|6|sáu|12|mười\s+hai)\s+)?(?P<u3>tuần|tháng|quý|năm)\s*(?:(?:một|1)\s+lần|/\s*lần)(?!\w)"
    r"|(?:một|1)\s+lần\s*/\s*(?P<u4>tuần|tháng|quý|năm)(?!\w))"
)
_RECUR_DAY_CUE = r"(?:trước|chậm\s+nhất(?:\s+là)?(?:\s+vào)?|muộn\s+nhất(?:\s+là)?|vào|không\s+quá|hạn(?:\s+chót)?(?:\s+là)?)"
_RECUR_DAY = (
    r"ngày\s+(?P<rd>\d{1,2})(?:\s*[/\-]\s*(?P<rm>\d{1,2}))?(?!\s*[/\-.]?\s*\d)"
    r"(?P<rtail>\s+(?:của\s+)?tháng\s+(?P<rtailw>cuối|đầu)(?:\s+của)?\s+(?:quý|kỳ|kì|năm)(?:\s+(?:sau|tiếp\s+theo|kế\s+tiếp))?(?!\w))?"
)


@dataclass(frozen=True)
class _Lexicon:
    past: re.Pattern[str]
    past_suffix: re.Pattern[str]
    obligation: re.Pattern[str]
    cue_before: re.Pattern[str]
    cue_after: re.Pattern[str]
    document: re.Pattern[str]
    start: re.Pattern[str]
    activity: re.Pattern[str]
    action_verb: re.Pattern[str]
    after_ngay: re.Pattern[str]
    count_after: re.Pattern[str]
    count_before: re.Pattern[str]
    since_verb: re.Pattern[str]
    sentence_end: re.Pattern[str]
    clause_end: re.Pattern[str]


def _compile(pattern: str, accented: bool) -> re.Pattern[str]:
    return re.compile(pattern if accented else "".join(_fold_char(char) for char in pattern))


@cache
def _lexicon(accented: bool) -> _Lexicon:
    def c(pattern: str) -> re.Pattern[str]:
        return _compile(pattern, accented)

    return _Lexicon(
        past=c(
            rf"{_B}(?:đã(?!\s+(?:dạng|số|năng|phương|chiều|cấp|mục|ngành|lĩnh|hình|khoa|diện|đoan)(?!\w))"
            rf"|vừa\s+qua|vừa|đạt\s+được|đến\s+nay|tới\s+nay|thời\s+gian\s+qua|năm\s+ngoái|trước\s+đây){_E}"
        ),
        past_suffix=c(r"^\s*(?:vừa\s+qua|qua|trước\s+đó|gần\s+đây|trước(?!\s+(?:khi|ngày|\d|hạn|thời|tết|dịp|k[ỳì])))(?!\w)"),
        obligation=c(
            rf"{_B}(?:phải|cần|yêu\s+cầu|đề\s+nghị|chỉ\s+đạo|giao(?!\s+(?:dục|ban|thông|lưu|tiếp|dịch|thương|hữu|lộ|nhau|diện))|khẩn\s+trương|bảo\s+đảm|đảm\s+bảo"
            rf"|phấn\s+đấu|sẽ|quyết\s+tâm|ấn\s+định){_E}"
        ),
        cue_before=c(
            rf"{_B}(?:hoàn\s+thành|xong|hạn(?!\s+chế)|phải|chậm\s+nhất|muộn\s+nhất|kịp|dứt\s+điểm|ấn\s+định|tiến\s+độ"
            rf"|trước(?!\s+(?:đây|đó|tình|yêu|thực|bối|hết|tiên|nhất)(?!\w))"
            rf"|thời\s+gian\s+(?:hoàn\s+thành|thực\s+hiện)){_E}"
        ),
        cue_after=c(rf"{_B}(?:phải|hoàn\s+thành|xong|là\s+(?:thời\s+)?hạn|là\s+mốc){_E}"),
        document=c(
            rf"{_B}(?:kết\s+luận|nghị\s+quyết|quyết\s+định|chỉ\s+thị|công\s+văn|công\s+điện|kế\s+hoạch|thông\s+báo"
            rf"|nghị\s+định|thông\s+tư|hướng\s+dẫn|tờ\s+trình|chương\s+trình|luật|văn\s+bản|thông\s+tri|quy\s+chế"
            rf"|điều\s+lệ|biên\s+bản|đề\s+án|số(?=\s*\d)|ban\s+hành|ký|kí|hiệu\s+lực){_E}"
        ),
        start=c(
            rf"(?:{_B}(?:kể\s+)?từ|{_B}tính(?:\s+(?:từ|đến|tới))?(?:\s+hết)?|{_B}bắt\s+đầu(?:\s+từ)?|{_B}khởi\s+công"
            rf"|{_B}hiệu\s+lực(?:\s+thi\s+hành)?(?:\s+(?:kể\s+)?từ)?)\s*$"
        ),
        activity=c(
            rf"{_B}(?:báo\s+cáo|gửi|nộp|tổ\s+chức|họp|giao\s+ban|sơ\s+kết|tổng\s+kết|kiểm\s+tra|rà\s+soát|cập\s+nhật"
            rf"|đánh\s+giá|thống\s+kê|duy\s+trì|thực\s+hiện|phải|cần|yêu\s+cầu|đề\s+nghị|tổng\s+hợp|kiểm\s+điểm"
            rf"|trao\s+đổi){_E}"
        ),
        action_verb=c(
            rf"{_B}(?:phải|cần|triển\s+khai|thực\s+hiện|báo\s+cáo|xử\s+lý|khắc\s+phục|chấn\s+chỉnh|giải\s+quyết"
            rf"|tiến\s+hành|tổ\s+chức|gửi|rà\s+soát|kiểm\s+tra|làm|điều\s+chỉnh|bổ\s+sung|hoàn\s+thành|hoàn\s+thiện"
            rf"|ban\s+hành|xác\s+minh|thông\s+báo|cung\s+cấp|nộp|vào\s+cuộc|có\s+mặt|bắt\s+tay|khẩn\s+trương"
            rf"|thu\s+hồi|dừng|ngừng|đình\s+chỉ|chỉ\s+đạo|xử\s+lí|truy\s+xét|điều\s+tra){_E}"
        ),
        after_ngay=c(
            r"^\s*(?:\d|(?:từ|sau|khi|lúc|tại|ở|cả|bên|trước|cạnh|đầu|giữa|cuối|trên|dưới|sát|gần|như|hội|lễ|càng"
            r"|đêm|thường|công|làm|nghỉ|tháng|nay|mai|kia|qua|hôm|đó|này|ấy|thứ|trong|mùng|truyền|thành|sinh)(?!\w))"
        ),
        count_after=c(
            r"^\s*(?:(?:vừa\s+qua|qua|gần\s+đây|gần\s+nhất|trước(?!\s+(?:khi|ngày|\d))|đầu|cuối|liền|liên\s+tục)(?!\w)"
            r"|,?\s*(?:ngày\s+)?\d)"
        ),
        count_before=c(r"(?:diễn\s+ra|kéo\s+dài|tổ\s+chức|suốt|mất|hơn|gần)\s*$"),
        since_verb=c(
            r"^\s*(?:thực\s+hiện|triển\s+khai|xây\s+dựng|hoạt\s+động|ra\s+mắt|thành\s+lập|áp\s+dụng|đi\s+vào|tổ\s+chức"
            r"|phát\s+động|vận\s+hành|có|được|nỗ\s+lực|phấn\s+đấu|thi\s+hành|học\s+tập|nghiên\s+cứu|công\s+tác|làm\s+việc"
            r"|ban\s+hành|chỉ\s+đạo|sáp\s+nhập|hợp\s+nhất|sắp\s+xếp)(?!\w)"
        ),
        sentence_end=re.compile(r"[;!?\n…]|\.(?=\s|$)"),
        clause_end=re.compile(r"[;!?\n…,:()\[\]]|\.(?=\s|$)|\s-\s"),
    )


# --- numbers, dates and periods -----------------------------------------------------------------

_DIGIT_VALUES = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "nham": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9
}  # fmt: skip
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


def _number(text: str) -> int | None:
    """12, "mười", "mười lăm", "hai mươi", "hai mươi mốt", "ba" → the integer (None if not one)."""
    words = _fold(text).split()
    if not words:
        return None
    if words[0].isdigit():
        return int(words[0])
    if words[0] == "muoi":
        return 10 + (_DIGIT_VALUES.get(words[1], 0) if len(words) > 1 else 0)
    if len(words) > 1 and words[1] == "muoi":
        tail = _DIGIT_VALUES.get(words[2], 0) if len(words) > 2 else 0
        return _DIGIT_VALUES.get(words[0], 0) * 10 + tail
    return _DIGIT_VALUES.get(words[0])


def _month_number(text: str) -> int | None:
    folded = _fold(text).strip()
    special = {"gieng": 1, "chap": 12}
    value = special.get(folded, _number(folded))
    return value if value is not None and 1 <= value <= 12 else None


def _quarter_number(text: str) -> int | None:
    folded = _fold(text).strip()
    value = _ROMAN.get(folded) or (1 if folded == "nhat" else _number(folded))
    return value if value is not None and 1 <= value <= 4 else None


def _weekday(text: str) -> int:
    """0 = Monday … 6 = Sunday, from "thứ Hai"/"thứ 2" … "Chủ nhật"."""
    words = _fold(text).split()
    if words[0] == "chu":
        return 6
    if words[1].isdigit():
        return int(words[1]) - 2
    return {"hai": 0, "ba": 1, "tu": 2, "nam": 3, "sau": 4, "bay": 5}[words[1]]


def _last_day(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - _DAY


def _clamped(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, min(day, _last_day(year, month).day))


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return _clamped(index // 12, index % 12 + 1, day.day)


def _valid_day_month(day: int, month: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= _last_day(2024, month).day  # 2024: a leap year allows 29/2


def _in_window(day: int, month: int, floor: datetime.date) -> datetime.date:
    """The first date with this day and month on or after `floor` (29/2 is 28/2 in other years)."""
    candidate = _clamped(floor.year, month, day)
    return candidate if candidate >= floor else _clamped(floor.year + 1, month, day)


def _floor(base: datetime.date, future: bool) -> datetime.date:
    return base if future else base - datetime.timedelta(days=PAST_WINDOW_DAYS)


def _monday(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _week_deadline(monday: datetime.date, base: datetime.date) -> datetime.date:
    """Friday, else the week's last working day; the week's Sunday once that is before `base`."""
    week = [monday + datetime.timedelta(days=offset) for offset in range(7)]
    if working_calendar.is_working_day(week[_FRIDAY]):
        end: datetime.date | None = week[_FRIDAY]
    else:
        end = next((day for day in reversed(week) if working_calendar.is_working_day(day)), None)
    return week[6] if end is None or end < base else end


def _week_start(monday: datetime.date, base: datetime.date) -> datetime.date:
    week = [monday + datetime.timedelta(days=offset) for offset in range(7)]
    return next((day for day in week if day >= base and working_calendar.is_working_day(day)), max(monday, base))


# --- candidates ----------------------------------------------------------------------------------


class _Cue(IntEnum):
    BARE = 0  # read only with a cue word nearby
    WEAK = 1  # read unless it falls before the base date
    STRONG = 2  # read even when it falls before the base date


@dataclass
class _Candidate:
    start: int  # work offsets
    end: int
    date: datetime.date | None  # None: a span that blocks what it covers
    kind: str = POINT
    cue: _Cue = _Cue.WEAK
    recurrence: str = ""
    day_of_period: int | None = None
    may_be_document_date: bool = False  # a bare explicit date: "Kết luận số 44 ngày 22/01/2019"
    may_be_start: bool = False  # "từ ngày X", "tính đến ngày X"
    needs_activity: bool = False  # a recurrence without a day: needs an activity word in the sentence
    blocked: bool = False


@dataclass(frozen=True)
class _Delimiters:
    """Where a text's sentence (or clause) delimiters start and end, found once per text."""

    starts: list[int]
    ends: list[int]
    length: int

    @classmethod
    def of(cls, pattern: re.Pattern[str], work: str) -> _Delimiters:
        found = list(pattern.finditer(work))
        return cls([match.start() for match in found], [match.end() for match in found], len(work))

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Start of the segment holding [start, end) and its end, the delimiters excluded; a
        segment longer than _SEGMENT_REACH on either side is cut there."""
        before = bisect_right(self.ends, start)
        first = self.ends[before - 1] if before else 0
        after = bisect_left(self.starts, end)
        last = self.starts[after] if after < len(self.starts) else self.length
        return max(first, start - _SEGMENT_REACH), min(last, end + _SEGMENT_REACH)


@dataclass(frozen=True)
class _Context:
    text: _Text
    base: datetime.date
    lexicon: _Lexicon
    sentences: _Delimiters
    clauses: _Delimiters


_Handler = Callable[[re.Match[str], _Context], _Candidate | None]


@dataclass(frozen=True)
class _Rule:
    name: str
    pattern: re.Pattern[str]
    handler: _Handler


def _words(text: str) -> str:
    return " " + " ".join(_fold(text).replace(":", " ").split()) + " "


_STRONG_WORDS = ("truoc", "cham nhat", "muon nhat", "tre nhat", "khong qua", "khong muon hon", "khong cham hon", "han", "dung")


def _classify(prefix: str) -> tuple[_Cue, bool, bool]:
    """(cue, is "until" (a range end), looks to the future only) of a prefix like "chậm nhất là"."""
    words = _words(prefix)
    strong = any(f" {word} " in words for word in _STRONG_WORDS)
    until = any(f" {word} " in words for word in ("den", "toi", "het"))
    future = any(f" tu {word} " in words for word in ("nay", "bay gio", "gio"))
    cue = _Cue.STRONG if strong else _Cue.WEAK if words.strip() else _Cue.BARE
    return cue, until, future


def _date_parts(match: re.Match[str], p: str) -> tuple[int, int, int | None] | None:
    groups = match.groupdict()
    if groups.get(f"{p}d") is not None:
        day = int(groups[f"{p}d"])
        for variant in "123":
            if groups.get(f"{p}m{variant}") is not None:
                year = groups.get(f"{p}y{variant}")
                return day, int(groups[f"{p}m{variant}"]), int(year) if year else None
    if groups.get(f"{p}wd") is not None:
        month = _month_number(groups[f"{p}wm"])
        year = groups.get(f"{p}wy")
        return (int(groups[f"{p}wd"]), month, int(year) if year else None) if month else None
    return None


def _resolve(parts: tuple[int, int, int | None], floor: datetime.date) -> datetime.date | None:
    day, month, year = parts
    if not _valid_day_month(day, month):
        return None
    if year is None:
        return _in_window(day, month, floor)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


# --- handlers: explicit dates ----------------------------------------------------------------------


def _explicit_date(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    parts = _date_parts(match, "a")
    prefix = match["prefix"] or ""
    if parts is None or (match["awd"] is not None and not match["ngay"] and not prefix):
        return None  # "5 tháng 7" without "ngày" or a prefix is too loose to read
    cue, until, future = _classify(prefix)
    if match["ayr"] and parts[2] is None:  # "ngày 10/10 năm sau"
        parts = (parts[0], parts[1], ctx.base.year + _relative_offset(match["ayr"]))
    date = _resolve(parts, _floor(ctx.base, future))
    if date is None:
        return None
    return _Candidate(
        match.start(),
        match.end(),
        date,
        RANGE_END if until else POINT,
        cue,
        may_be_document_date=cue == _Cue.BARE,
        may_be_start=cue != _Cue.STRONG,
    )


def _day_only(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "trước ngày 20" → the next 20th; "trước ngày 5 tháng sau" → the 5th of next month."""
    day = int(match["d"])
    if not 1 <= day <= 31:
        return None
    base = ctx.base
    if match["per"]:  # "trước ngày 20 của tháng cuối quý": the quarterly reporting schedule
        kind = QUARTERLY if _fold(match["per"]) == "quy" else YEARLY
        date = _recurrence_date(kind, base, day, None, _fold(match["side"]) == "dau")
        return _Candidate(match.start(), match.end(), date, RECURRENCE, _Cue.WEAK, kind, day)
    which = _fold(match["which"] or "").strip()
    if which:
        month_start = base.replace(day=1) if which == "nay" else _add_months(base.replace(day=1), 1)
        date = _clamped(month_start.year, month_start.month, day)
    else:
        date = _clamped(base.year, base.month, day)
        if date < base:
            following = _add_months(base.replace(day=1), 1)
            date = _clamped(following.year, following.month, day)
    return _Candidate(match.start(), match.end(), date, POINT, _Cue.STRONG)


def _date_range(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "từ ngày 1/7 đến ngày 15/7/2025" → 15/7/2025, the end of the range."""
    end_parts = _date_parts(match, "b")
    if end_parts is None:
        return None
    start_parts = _date_parts(match, "a")
    day, month, year = end_parts
    if year is None and start_parts is not None and start_parts[2] is not None:
        year = start_parts[2]
        if (month, day) < (start_parts[1], start_parts[0]):
            year += 1
    date = _resolve((day, month, year), _floor(ctx.base, False))
    if date is None:
        return None
    return _Candidate(match.start(), match.end(), date, RANGE_END, _Cue.WEAK)


def _month_range(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "từ tháng 7 đến tháng 9/2025" → 30/9/2025."""
    month = _month_number(match["mb"])
    if month is None:
        return None
    year = _explicit_year(match, "r", ctx.base)
    date = _last_day(year, month) if year is not None else _pick_year(lambda y: _last_day(y, month), _floor(ctx.base, False))
    return _Candidate(match.start(), match.end(), date, RANGE_END, _Cue.WEAK)


# --- handlers: periods ---------------------------------------------------------------------------


def _explicit_year(match: re.Match[str], p: str, base: datetime.date) -> int | None:
    groups = match.groupdict()
    number = groups.get(f"{p}y") or groups.get(f"{p}yn")
    if number:
        return int(number)
    relative = groups.get(f"{p}yr")
    return base.year + _relative_offset(relative) if relative else None


def _relative_offset(word: str) -> int:
    return 0 if _fold(word).strip() == "nay" else 1


def _pick_year(resolve: Callable[[int], datetime.date | None], floor: datetime.date) -> datetime.date | None:
    for year in (floor.year, floor.year + 1):
        date = resolve(year)
        if date is not None and date >= floor:
            return date
    return None


def _month_position(year: int, month: int, position: str, before: bool) -> datetime.date | None:
    first, last = datetime.date(year, month, 1), _last_day(year, month)
    if not position:
        return first - _DAY if before else last
    days = {"dau": 10, "thuong tuan": 10, "giua": 15, "trung tuan": 20}
    return first.replace(day=days[position]) if position in days else last


def _quarter_position(year: int, quarter: int, position: str, before: bool) -> datetime.date | None:
    first_month = 3 * quarter - 2
    if not position:
        return datetime.date(year, first_month, 1) - _DAY if before else _last_day(year, first_month + 2)
    offsets = {"dau": 0, "giua": 1, "cuoi": 2}
    return _last_day(year, first_month + offsets[position]) if position in offsets else None


def _year_position(year: int, last_month: int, position: str, before: bool, first_month: int = 1) -> datetime.date | None:
    if position not in ("", "cuoi"):
        return None  # "đầu năm", "giữa năm" are too vague to date
    if before and not position:
        return datetime.date(year, first_month, 1) - _DAY
    return _last_day(year, last_month)


def _week_position(monday: datetime.date, base: datetime.date, position: str, before: bool) -> datetime.date | None:
    if before and not position:
        return monday - _DAY
    if position == "dau":
        return _week_start(monday, base)
    if position == "giua":
        return max(monday + datetime.timedelta(days=2), base)
    if position in ("", "cuoi"):
        return _week_deadline(monday, base)
    return None


def _period_date(match: re.Match[str], ctx: _Context, position: str, before: bool, floor: datetime.date) -> datetime.date | None:
    unit = _fold(match["uw"] or "")
    if match["month"] or match["mrel"] or unit == "thang":
        return _month_date(match, ctx.base, position, before, floor)
    if match["quarter"] or match["qrel"] or unit == "quy":
        return _quarter_date(match, ctx.base, position, before, floor)
    return _year_part_date(match, ctx.base, position, before, floor)


def _month_date(
    match: re.Match[str], base: datetime.date, position: str, before: bool, floor: datetime.date
) -> datetime.date | None:
    if match["month"]:
        month = _month_number(match["mn"])
        if month is None:
            return None
        year = _explicit_year(match, "m", base)
        if year is not None:
            return _month_position(year, month, position, before)
        return _pick_year(lambda y: _month_position(y, month, position, before), floor)
    month_start = _add_months(base.replace(day=1), _relative_offset(match["mrelw"] or "nay"))
    return _month_position(month_start.year, month_start.month, position, before)


def _quarter_date(
    match: re.Match[str], base: datetime.date, position: str, before: bool, floor: datetime.date
) -> datetime.date | None:
    if match["quarter"]:
        quarter = _quarter_number(match["qn"])
        if quarter is None:
            return None
        year = _explicit_year(match, "q", base)
        if year is not None:
            return _quarter_position(year, quarter, position, before)
        return _pick_year(lambda y: _quarter_position(y, quarter, position, before), floor)
    index = base.year * 4 + (base.month - 1) // 3 + _relative_offset(match["qrelw"] or "nay")
    return _quarter_position(index // 4, index % 4 + 1, position, before)


def _year_part_date(
    match: re.Match[str], base: datetime.date, position: str, before: bool, floor: datetime.date
) -> datetime.date | None:
    if match["part"] or match["half"]:
        if match["part"]:
            count, side, fixed, relative = _number(match["pn"]), match["pside"], match["py"], match["pyr"]
        else:
            count, side, fixed, relative = 6, match["hside"], match["hy"], match["hyr"]
        if count is None or not 1 <= count <= 11 or position:
            return None
        last_month = count if _fold(side) == "dau" else 12
        first_month = 1 if _fold(side) == "dau" else 13 - count
        if fixed or relative:
            year = int(fixed) if fixed else base.year + _relative_offset(relative)
            return _year_position(year, last_month, "", before, first_month)
        return _pick_year(lambda y: _year_position(y, last_month, "", before, first_month), floor)
    if match["year"]:
        return _year_position(int(match["yn"]), 12, position, before)
    if match["yrel"] or (match["unit"] and _fold(match["uw"]) == "nam"):
        return _year_position(base.year + _relative_offset(match["yrelw"] or "nay"), 12, position, before)
    # weeks
    monday = _monday(base) + datetime.timedelta(days=7 * _relative_offset(match["wrelw"] or "nay"))
    return _week_position(monday, base, position, before)


def _period(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    prefix = match["prefix"] or ""
    position = " ".join(_fold(match["pos"] or "").split())
    cue, _until, future = _classify(prefix)
    before = cue == _Cue.STRONG and " truoc " in _words(prefix)
    in_month = bool(match["month"] or match["mrel"] or (match["unit"] and _fold(match["uw"]) == "thang"))
    if position in ("thuong tuan", "trung tuan", "ha tuan") and not in_month:
        return None
    if position == "ha tuan":
        position = "cuoi"
    if cue == _Cue.BARE:
        if position:
            cue = _Cue.WEAK  # "cuối năm", "đầu tháng 8"
        elif match["year"] or match["yrel"] or match["unit"]:
            return None  # a bare "năm 2023", "năm nay", "tháng" is not a deadline
    date = _period_date(match, ctx, position, before, _floor(ctx.base, future))
    if date is None:
        return None
    return _Candidate(match.start(), match.end(), date, RANGE_END, cue, may_be_start=cue != _Cue.STRONG)


_WEEK_ORDINALS = {"nhat": 1, "hai": 2, "2": 2, "ba": 3, "3": 3, "tu": 4, "4": 4}


def _week_of_month(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "tuần đầu tháng 10" → 7/10, "tuần thứ hai của tháng này" → the 14th, "tuần cuối tháng" → its last day."""
    cue, _until, future = _classify(match["prefix"] or "")
    which = _fold(match["which"]).split()
    ordinal = None if which[0] == "cuoi" else 1 if which[0] == "dau" else _WEEK_ORDINALS.get(which[-1])
    if which[0] == "thu" and ordinal is None:
        return None

    def day_in(year: int, month: int) -> datetime.date:
        return _last_day(year, month) if ordinal is None else datetime.date(year, month, 7 * ordinal)

    base = ctx.base
    if match["wmn"]:
        month = _month_number(match["wmn"])
        if month is None:
            return None
        year = _explicit_year(match, "w", base)
        date = day_in(year, month) if year is not None else _pick_year(lambda y: day_in(y, month), _floor(base, future))
    else:
        start = _add_months(base.replace(day=1), _relative_offset(match["wmrel"] or "nay"))
        date = day_in(start.year, start.month)
    if date is None:
        return None
    return _Candidate(match.start(), match.end(), date, RANGE_END, cue, may_be_start=cue != _Cue.STRONG)


def _tet(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    base = ctx.base
    year = int(match["ty"]) if match["ty"] else None
    if match["solar"]:
        target = year - 1 if year else base.year
        return _Candidate(match.start(), match.end(), datetime.date(target, 12, 31), RANGE_END, _Cue.STRONG)
    for candidate_year in [year] if year else [base.year, base.year + 1]:
        holiday = working_calendar.tet_break(candidate_year)
        if holiday is None or (year is None and holiday[0] <= base):
            continue
        day = holiday[0] - _DAY
        while not working_calendar.is_working_day(day):
            day -= _DAY
        return _Candidate(match.start(), match.end(), day, RANGE_END, _Cue.STRONG)
    return None


# --- handlers: counts, immediacy, weekdays ---------------------------------------------------------


def _count(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    prefix = _words(match["prefix"] or "")
    suffix = _words(match["suffix"] or "")
    if not prefix.strip() and not suffix.strip() and not (match["lead"] or "").strip():
        return None
    n = _number(match["n"])
    if not n:
        return None
    unit = " ".join(_fold(match["unit"]).split())
    key = {"ngay lam viec": "workday", "ngay": "day", "tuan": "week", "tuan le": "week", "thang": "month", "nam": "year"}[unit]
    if n > _MAX_COUNT[key]:
        return None
    lexicon, work = ctx.lexicon, ctx.text.work
    after = work[match.end() :]
    since = prefix.startswith(" sau ")
    blocked = bool(
        lexicon.count_after.match(after)
        or lexicon.count_before.search(work[max(0, match.start() - 30) : match.start()])
        or (since and lexicon.since_verb.match(after))
    )
    start_parts = _date_parts(match, "f")
    origin = ctx.base
    if start_parts is not None:
        resolved = _resolve(start_parts, _floor(ctx.base, False))
        if resolved is None:
            return None
        origin = resolved
    date = _count_date(origin, n, key)
    kind = POINT if since or " nua " in suffix else RANGE_END
    return _Candidate(match.start(), match.end(), date, kind, _Cue.STRONG, blocked=blocked)


def _count_date(origin: datetime.date, n: int, key: str) -> datetime.date:
    if key == "workday":
        return working_calendar.add_working_days(origin, n)
    if key == "day":
        return origin + datetime.timedelta(days=n)
    if key == "week":
        return origin + datetime.timedelta(days=7 * n)
    return _add_months(origin, n * (12 if key == "year" else 1))


def _today(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    cue, _until, _future = _classify(match["prefix"] or "")
    return _Candidate(match.start(), match.end(), ctx.base, POINT, cue)


def _immediate(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    return _Candidate(match.start(), match.end(), ctx.base, POINT, _Cue.WEAK)


def _lone_ngay(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    """ "triển khai ngay", "báo cáo ngay." — not "ngay từ đầu năm", "ngay sau khi"."""
    work, lexicon = ctx.text.work, ctx.lexicon
    if lexicon.after_ngay.match(work[match.end() :]):
        return None
    before = " ".join(work[max(0, match.start() - 60) : match.start()].split()[-4:])
    if not lexicon.action_verb.search(before):
        return None
    return _Candidate(match.start(), match.end(), ctx.base, POINT, _Cue.WEAK)


def _tomorrow(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    if not match["tod"] and not match["ngay"]:
        return None
    cue, _until, _future = _classify(match["prefix"] or "")
    return _Candidate(match.start(), match.end(), ctx.base + _DAY, POINT, cue)


def _weekday_rule(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    prefix = match["prefix"] or ""
    week = " ".join(_fold(match["wk"] or "").split())
    if not prefix.strip() and not week:
        return None
    cue, _until, _future = _classify(prefix)
    weekday, base = _weekday(match["wd"]), ctx.base
    if week.startswith("tuan"):
        monday = _monday(base) + datetime.timedelta(days=7 * _relative_offset(week.split()[1]))
        date = monday + datetime.timedelta(days=weekday)
    else:
        ahead = (weekday - base.weekday()) % 7
        if week == "toi" and ahead == 0:
            ahead = 7
        date = base + datetime.timedelta(days=ahead)
    return _Candidate(match.start(), match.end(), date, POINT, max(cue, _Cue.WEAK))


# --- handlers: recurrences -------------------------------------------------------------------------

_MONTHS_OF = {MONTHLY: 1, QUARTERLY: 3, HALF_YEARLY: 6, YEARLY: 12}


def _recurrence_kind(match: re.Match[str]) -> str | None:
    unit = next((match[name] for name in ("u1", "u2", "u3", "u4") if match[name]), None)
    if unit is None:
        return None
    words = _fold(unit).split()
    if words[-1] == "tuan":
        return WEEKLY
    if words[-1] == "quy":
        return QUARTERLY
    if words == ["nua", "nam"]:
        return HALF_YEARLY
    if words[-1] == "nam":
        return YEARLY
    months = _number(words[0]) if len(words) > 1 else _number(match["n3"] or "1")
    return {1: MONTHLY, 3: QUARTERLY, 6: HALF_YEARLY, 12: YEARLY}.get(months or 1)


def _next_occurrence(base: datetime.date, months: list[int], day: int) -> datetime.date:
    for year in (base.year, base.year + 1):
        for month in months:
            date = _clamped(year, month, day)
            if date >= base:
                return date
    raise ValueError("no occurrence")  # unreachable: every list has a month in the next year


def _recurrence_date(kind: str, base: datetime.date, day: int | None, month: int | None, first_of_next: bool) -> datetime.date:
    step = _MONTHS_OF[kind]
    if month is not None:
        anchor = month
    elif first_of_next and kind != MONTHLY:
        anchor = 1  # "tháng đầu quý sau": the first month of each period
    else:
        anchor = step  # the last month of each period
    months = sorted({(anchor - 1 + k * step) % 12 + 1 for k in range(12 // step)})
    return _next_occurrence(base, months, day if day is not None else 31)


def _recurrence(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    kind = _recurrence_kind(match)
    groups = match.groupdict()
    day = int(groups["rd"]) if groups.get("rd") else None
    month = int(groups["rm"]) if groups.get("rm") else None
    weekday = groups.get("rwd")
    opening = _fold(match["rec"]).strip()
    explicit = bool(day is not None or weekday or groups.get("once1") or not opening.startswith(("hang", "moi")))
    if kind is None or (opening.startswith("moi") and not explicit):
        return None  # "mỗi năm có hàng trăm vụ …": a description, not an obligation
    if kind == WEEKLY:
        return None if day is not None else _weekly(match, ctx.base, weekday, explicit)
    if weekday or (day is not None and not 1 <= day <= 31):
        return None
    if month is not None:
        if kind == MONTHLY:
            month = None
        elif not _valid_day_month(day or 1, month):
            return None
    first_of_next = _fold(groups.get("rtailw") or "") == "dau"
    date = _recurrence_date(kind, ctx.base, day, month, first_of_next)
    return _Candidate(match.start(), match.end(), date, RECURRENCE, _Cue.WEAK, kind, day, needs_activity=not explicit)


def _weekly(match: re.Match[str], base: datetime.date, weekday: str | None, explicit: bool) -> _Candidate:
    """ "hằng tuần" → the next Friday on or after base; "thứ Hai hằng tuần" → the next Monday."""
    target = _weekday(weekday) if weekday else _FRIDAY
    date = base + datetime.timedelta(days=(target - base.weekday()) % 7)
    number = target + 1 if weekday else None
    return _Candidate(match.start(), match.end(), date, RECURRENCE, _Cue.WEAK, WEEKLY, number, needs_activity=not explicit)


def _blocker(match: re.Match[str], ctx: _Context) -> _Candidate | None:
    return _Candidate(match.start(), match.end(), None, blocked=True)


# --- the rules -----------------------------------------------------------------------------------


@cache
def _rules(accented: bool) -> tuple[_Rule, ...]:
    prefix = _prefix(accented)
    date = rf"(?:{_date_num('a')}|{_date_words('a', accented)})(?:\s*,?\s+năm\s+(?P<ayr>nay|này|sau|tới|tiếp\s+theo)(?!\w))?"
    position = r"(?P<pos>(?:cuối|đầu|giữa|thượng\s+tuần|trung\s+tuần|hạ\s+tuần)\s+)?"
    count_prefix = (
        rf"(?P<lead>{_LEAD})?"
        r"(?P<prefix>(?:trong\s+(?:vòng|thời\s+hạn|thời\s+gian|khoảng|phạm\s+vi)|trong"
        r"|(?:chậm|muộn)\s+nhất(?:\s+là)?(?:\s+(?:sau|trong))?|không\s+quá|sau(?:\s+khoảng)?)\s+)?"
    )
    recur_day_after = rf"{_RECUR}(?P<gap>\s*[,(:]?\s*(?:[^\n.;!?]{{0,60}}?\s)?){_RECUR_DAY_CUE}\s+(?:{_TOD}){_RECUR_DAY}"
    recur_day_before = rf"{_RECUR_DAY_CUE}\s+(?:{_TOD}){_RECUR_DAY}\s*,?\s+(?:của\s+)?{_RECUR}"
    day_cues = r"(?:trước|(?:chậm|muộn)\s+nhất(?:\s+là)?(?:\s+vào)?|không\s+quá)"
    table: list[tuple[str, str, _Handler]] = [
        (
            "date",
            rf"{_B}{prefix}(?P<tod>{_TOD})(?:(?P<wd>{_WEEKDAY})\s*,?\s*)?(?P<ngay>ngày\s+)?{date}",
            _explicit_date,
        ),
        (
            "day_only",
            rf"{_B}(?:{_LEAD}(?:{day_cues}\s+)?|{day_cues}\s+)(?:{_TOD})ngày\s+(?P<d>\d{{1,2}})(?!\w)"
            r"(?:\s+(?:của\s+)?tháng\s+(?P<which>này|nay|sau|tới|tiếp\s+theo)(?!\w)"
            r"|\s+(?:của\s+)?tháng\s+(?P<side>cuối|đầu)\s+(?:của\s+)?(?P<per>quý|năm)(?:\s+(?:sau|tiếp\s+theo|kế\s+tiếp))?(?!\w))?"
            r"(?!\s*(?:[/.\-]\s*\d|tháng|,?\s*năm\s+\d|\d))",
            _day_only,
        ),
        (
            "date_range",
            rf"{_B}(?:kể\s+)?từ\s+(?:{_TOD})(?:ngày\s+)?{_date_num('a')}\s*(?:đến|tới|-)\s*(?:hết\s+)?(?:{_TOD})(?:ngày\s+)?{_date_num('b')}",
            _date_range,
        ),
        (
            "month_range",
            rf"{_B}từ\s+tháng\s+(?P<ma>{_MONTH_NUMBER})\s*(?:đến|tới|-)\s*(?:hết\s+)?tháng\s+(?P<mb>{_MONTH_NUMBER}){_year_spec('r')}",
            _month_range,
        ),
        ("period", rf"{_B}{prefix}{position}{_period_body(accented)}", _period),
        (
            "week_of_month",
            rf"{_B}{prefix}tuần\s+(?P<which>đầu(?:\s+tiên)?|cuối(?:\s+cùng)?|thứ\s+(?:nhất|hai|ba|tư|[2-4]))\s+(?:của\s+)?"
            rf"tháng(?:\s+(?P<wmn>{_MONTH_NUMBER}|{_month_word(accented)}){_year_spec('w')}|\s+(?P<wmrel>{_RELATIVE})|(?!\s*\d))",
            _week_of_month,
        ),
        (
            "tet",
            r"(?<!\w)(?P<prefix>(?:(?:chậm|muộn)\s+nhất(?:\s+là)?\s+)?trước)\s+(?:(?:dịp|kỳ\s+nghỉ|kì\s+nghỉ)\s+)?tết"
            r"(?:\s+(?:nguyên\s+đán|âm\s+lịch|cổ\s+truyền)|(?P<solar>\s+dương\s+lịch))?"
            rf"(?:\s+{_CAN_CHI})?(?:\s+(?:năm\s+)?(?P<ty>\d{{4}}))?(?!\w)",
            _tet,
        ),
        (
            "count",
            rf"{_B}{count_prefix}(?P<n>{_NUMBER})\s+(?P<unit>ngày\s+làm\s+việc|ngày|tuần(?:\s+lễ)?|tháng|năm)(?!\w)"
            r"(?P<suffix>\s+(?:tới|nữa|tiếp\s+theo|sắp\s+tới|kế\s+tiếp)(?!\w))?"
            rf"(?:\s*,?\s*\(?\s*(?:kể\s+)?từ\s+(?:ngày\s+)?{_date_num('f')})?",
            _count,
        ),
        (
            "today",
            rf"{_B}(?P<prefix>(?:(?:ngay|chậm\s+nhất|trước|hết|xong|trong)\s+)(?:trong\s+)?)?(?:ngày\s+)?hôm\s+nay{_E}",
            _today,
        ),
        (
            "same_day",
            rf"{_B}ngay\s+trong\s+ngày(?:\s+hôm\s+nay)?{_E}(?!\s*(?:\d|hội|lễ|truyền|thành|làm|hôm\s+(?:qua|trước)|mai)(?!\w))",
            _immediate,
        ),
        ("within_day", rf"{_B}trong\s+ngày{_E}(?=\s*(?:[,.;:!?)\n]|$|(?:phải|để|và)(?!\w)))", _immediate),
        (
            "tomorrow",
            rf"{_B}(?P<prefix>(?:(?:chậm\s+nhất(?:\s+là)?|muộn\s+nhất|trước|trong|hết|ngay|vào)\s+))?"
            rf"(?P<tod>(?:sáng|chiều|tối|trưa)\s+)?(?P<ngay>ngày\s+)?mai{_E}",
            _tomorrow,
        ),
        ("at_once", rf"{_B}ngay\s+lập\s+tức{_E}", _immediate),
        ("lone_ngay", r"(?<![\w\-/.])ngay(?![\w\-/])", _lone_ngay),
        (
            "weekday",
            rf"{_B}{prefix}(?:{_TOD})(?P<wd>{_WEEKDAY})(?:\s+(?P<wk>tuần\s+{_RELATIVE}|tới|này|nay)(?!\w))?",
            _weekday_rule,
        ),
        ("recurrence_day", recur_day_after, _recurrence),
        ("day_recurrence", recur_day_before, _recurrence),
        (
            "recurrence_weekday",
            rf"{_RECUR}\s*,?\s*(?:vào\s+)?(?:(?:sáng|chiều|tối)\s+)?(?P<rwd>{_WEEKDAY})",
            _recurrence,
        ),
        (
            "weekday_recurrence",
            rf"(?:vào\s+)?(?:(?:sáng|chiều|tối)\s+)?(?P<rwd>{_WEEKDAY})\s+(?:của\s+)?{_RECUR}",
            _recurrence,
        ),
        ("recurrence", _RECUR, _recurrence),
        (
            "since_until_now",
            r"(?<!\w)từ\s+(?:[^\n.;!?]{0,40}?\s)?(?:đến|tới)\s+(?:nay|hiện\s+nay|hiện\s+tại|thời\s+điểm\s+(?:này|hiện\s+tại)|bây\s+giờ)(?!\w)",
            _blocker,
        ),
        ("horizon", r"(?<!\w)(?:định\s+hướng|tầm\s+nhìn)\s+(?:đến|tới)\s+năm\s+\d{4}", _blocker),
    ]
    return tuple(_Rule(name, _compile(pattern, accented), handler) for name, pattern, handler in table)


# --- checks: what makes a candidate a deadline -----------------------------------------------------


def _in_past(candidate: _Candidate, ctx: _Context) -> bool:
    work, lexicon = ctx.text.work, ctx.lexicon
    first, last = ctx.clauses.bounds(candidate.start, candidate.end)
    before, after = work[first : candidate.start], work[candidate.end : last]
    if _past_before(before, lexicon):
        return True
    if lexicon.past.search(" ".join(after.split()[:2])) or lexicon.past_suffix.match(after):
        return True
    if len(before.split()) <= 2 and not after.strip() and last < len(work) and work[last] == ",":
        following = work[last + 1 : ctx.clauses.bounds(last + 1, last + 1)[1]]
        past = lexicon.past.search(following)
        return bool(past and not lexicon.obligation.search(following[: past.start()]))
    return False


def _past_before(before: str, lexicon: _Lexicon) -> bool:
    """A past marker earlier in the clause, unless an obligation word frames it ("đã được giao …
    phải hoàn thành", "Thứ trưởng đã yêu cầu …")."""
    return bool(lexicon.past.search(before)) and not lexicon.obligation.search(before)


def _sentence(candidate: _Candidate, ctx: _Context) -> tuple[str, str]:
    work = ctx.text.work
    first, last = ctx.sentences.bounds(candidate.start, candidate.end)
    return work[first : candidate.start], work[candidate.end : last]


def _is_document_date(candidate: _Candidate, ctx: _Context) -> bool:
    before, _after = _sentence(candidate, ctx)
    window = " ".join(before.split()[-12:])
    documents = list(ctx.lexicon.document.finditer(window))
    if not documents:
        return False
    between = window[documents[-1].end() :]
    return not (ctx.lexicon.cue_before.search(between) or ctx.lexicon.obligation.search(between))


def _has_cue(candidate: _Candidate, ctx: _Context) -> bool:
    before, after = _sentence(candidate, ctx)
    return bool(
        ctx.lexicon.cue_before.search(" ".join(before.split()[-8:])) or ctx.lexicon.cue_after.search(" ".join(after.split()[:5]))
    )


_URL = re.compile(r"https?:|www\.|\.(?:vn|com|net|org|gov)(?:/|$)")


def _in_url(candidate: _Candidate, ctx: _Context) -> bool:
    work = ctx.text.work
    first = work.rfind(" ", 0, candidate.start) + 1
    last = work.find(" ", candidate.start)
    return bool(_URL.search(work[first : last if last >= 0 else len(work)]))


def _accepted(candidate: _Candidate, ctx: _Context) -> bool:
    if candidate.blocked or candidate.date is None or _in_past(candidate, ctx) or _in_url(candidate, ctx):
        return False
    lexicon, work = ctx.lexicon, ctx.text.work
    preceding = " ".join(work[max(0, candidate.start - 40) : candidate.start].split()[-4:])
    if candidate.may_be_start and lexicon.start.search(preceding):
        return False
    if candidate.may_be_document_date and _is_document_date(candidate, ctx):
        return False
    if candidate.needs_activity:
        before, after = _sentence(candidate, ctx)
        if not lexicon.activity.search(before + " " + after):
            return False
    if candidate.cue == _Cue.BARE and not _has_cue(candidate, ctx):
        return False
    return candidate.cue == _Cue.STRONG or candidate.date >= ctx.base


# --- the entry points ------------------------------------------------------------------------------


def _candidates(ctx: _Context) -> list[_Candidate]:
    found: list[_Candidate] = []
    for rule in _rules(ctx.text.accented):
        for match in rule.pattern.finditer(ctx.text.work):
            if match.end() == match.start():
                continue
            try:
                candidate = rule.handler(match, ctx)
            except (ValueError, OverflowError):
                candidate = None
            if candidate is not None and candidate.end > candidate.start:
                found.append(candidate)
    return found


def _select(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first; a candidate overlapping one already taken is dropped."""
    taken: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(candidate.end <= other.start or candidate.start >= other.end for other in taken):
            taken.append(candidate)
    return sorted(taken, key=lambda c: c.start)


def find_deadlines(text: str, base: datetime.date) -> list[Deadline]:
    """Every deadline expression of `text`, read relative to `base`, in order and non-overlapping."""
    prepared = _prepare(text or "")
    lexicon = _lexicon(prepared.accented)
    ctx = _Context(
        prepared,
        base,
        lexicon,
        _Delimiters.of(lexicon.sentence_end, prepared.work),
        _Delimiters.of(lexicon.clause_end, prepared.work),
    )
    deadlines = []
    for candidate in _select(_candidates(ctx)):
        if candidate.date is not None and _accepted(candidate, ctx):
            start, end = prepared.index[candidate.start], prepared.index[candidate.end]
            deadlines.append(
                Deadline(
                    date=candidate.date,
                    phrase=prepared.original[start:end],
                    kind=candidate.kind,
                    start=start,
                    end=end,
                    recurrence=candidate.recurrence,
                    day_of_period=candidate.day_of_period,
                )
            )
    return deadlines


def parse_deadline(text: str, base: datetime.date) -> Deadline | None:
    """The first deadline expression of `text`, or None."""
    deadlines = find_deadlines(text, base)
    return deadlines[0] if deadlines else None
