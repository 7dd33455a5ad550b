"""Propose directives (ý kiến chỉ đạo) from the Vietnamese text of a meeting's conclusions.

Input is pasted text or an uploaded DOCX (paragraphs and tables); nothing is ever written here:
the result is a list of proposals, each with the sentence it comes from, the action, the
responsible unit, the coordinating units, the deadline, a confidence and the cues that led to
it. An officer reviews, edits and confirms them (views.extract, actions.proposals_record).

How a sentence is judged (rules, not a trained model; see tests/meetings/test_labelled.py):

* Cues of a directive: addressing verbs ("yêu cầu", "đề nghị", "giao", "chỉ đạo", "ấn định",
  "lưu ý"), obligation ("phải", "cần", "có trách nhiệm"), urgency ("khẩn trương", "gấp rút"),
  a unit as the subject of an action verb ("Văn phòng Bộ Công an theo dõi…"), a sentence that
  opens with an action verb ("Tiếp tục duy trì…"), action verbs ("tổ chức", "triển khai"…).
  Noun uses are not cues: "Ban Chỉ đạo", "ý kiến chỉ đạo", "đáp ứng yêu cầu", "hồ sơ đề nghị",
  "cần thiết", "tồn tại cần khắc phục", "được Bộ giao", "chủ trì hội nghị".
* Cues of a report or of the meeting's own story: "đã", "thời gian qua", "đến nay",
  "tại buổi làm việc", "các đại biểu", "thảo luận", "biểu dương", "phát biểu", statistics;
  photo captions ("…phát biểu tại buổi làm việc.", "Toàn cảnh…") are never directives.
  Before the addressing verb they weigh fully; after it they belong to the task itself.
* A sentence is a directive when it has a strong cue and its score reaches 3. A sentence that
  opens with "Đồng thời", "Trong đó", "Ngoài ra"… and has no strong cue of its own goes with the
  sentence before it.
* Quoted titles (“Xây dựng lực lượng CAND…”) are masked; quoted speech that makes up most of a
  sentence is read as the leader's words. Document numbers ("510/QĐ-BCA-V05") are masked.
* A sentence listing several tasks is cut at ";" (and ", đồng thời") where the next part has an
  action of its own; "Đối với <unit>: …; đối với <unit>: …" gives one directive per unit.
  A sentence that only fixes the deadline of the one before ("Ấn định mốc thời gian…, đúng
  ngày 15/6 phải hoàn thành…") is merged into it.
* Units come from unitmatch (names, abbreviations, the alias table) with a role from the words
  around them: after "yêu cầu / đề nghị / giao / đối với" or as the subject of an action, the
  lead; after "phối hợp (với)", a coordinating unit; after "báo cáo / hướng dẫn / của / tại…",
  neither. Without a lead of its own a directive keeps the lead of the one before.
* Deadlines come from phongtrao.common.deadlines.find_deadlines, minus what is not a deadline:
  dates before the meeting, periods in titles ("giai đoạn 2018 – 2023"), starts ("ngay từ bây
  giờ"), and bare dates or periods with no deadline word near them ("Ngày truyền thống 16/6").
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .sentences import Span, normalise, paragraphs, quoted_spans, split_sentences
from .unitmatch import Mention, UnitMatcher, UnitRef, matcher_for

if TYPE_CHECKING:
    from phongtrao.common.deadlines import Deadline

MAX_TEXT_BYTES = 2 * 1024 * 1024
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024  # a DOCX is a zip: refuse one that unpacks to a bomb
MAX_PROPOSALS = 500
MAX_ACTION = 500
SPEECH_SHARE = 0.6  # a quotation longer than this share of the sentence is the leader's own words
THRESHOLD = 3


class ExtractionInputError(ValueError):
    """Input the extraction cannot read: the message is for the user, `field` names the form field."""

    def __init__(self, message: str, field: str = "text") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --- input -------------------------------------------------------------------------------------


def check_text(text: str) -> str:
    """The normalised text, or a clear refusal when it is empty or too long."""
    if len((text or "").encode("utf-8")) > MAX_TEXT_BYTES:
        raise ExtractionInputError(
            _("The text is too long: at most %(limit)s MB of text can be analysed at once.") % {"limit": 2}
        )
    text = normalise(text or "")
    if not text.strip():
        raise ExtractionInputError(_("Paste the text of the conclusions or upload a DOCX file."))
    return text


def read_upload(uploaded) -> str:
    """Text of an uploaded .docx or .txt file (a Django UploadedFile or any object with name/size/read)."""
    name = getattr(uploaded, "name", "") or ""
    size = getattr(uploaded, "size", None)
    if size is not None and size > MAX_FILE_BYTES:
        raise ExtractionInputError(_("The file is too large: at most %(limit)s MB.") % {"limit": 5}, "file")
    data = uploaded.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ExtractionInputError(_("The file is too large: at most %(limit)s MB.") % {"limit": 5}, "file")
    extension = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if extension == "docx":
        return check_text(read_docx(data, name))
    if extension == "txt":
        try:
            return check_text(data.decode("utf-8-sig"))
        except UnicodeDecodeError:
            raise ExtractionInputError(
                _("“%(name)s” is not UTF-8 text. Save it as UTF-8 or upload the Word document.") % {"name": name}, "file"
            ) from None
    raise ExtractionInputError(_("Upload a Word document (.docx) or a text file (.txt)."), "file")


def read_docx(data: bytes, name: str = "") -> str:
    """Paragraphs and table cells of a DOCX, in document order, one per line."""
    import docx
    from docx.table import Table

    not_docx = ExtractionInputError(
        _("“%(name)s” is not a valid Word document (.docx). If it is an old .doc file, open it in Word and save it as .docx.")
        % {"name": name or "?"},
        "file",
    )
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise not_docx
    try:
        with zipfile.ZipFile(buffer) as archive:
            if "word/document.xml" not in archive.namelist():
                raise not_docx
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise ExtractionInputError(_("The file is too large: at most %(limit)s MB.") % {"limit": 5}, "file")
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    seen: list[str] = []
                    for cell in row.cells:
                        text = cell.text.strip()
                        if text and text not in seen:  # merged cells repeat their text
                            seen.append(text)
                    lines.extend(seen)
            else:
                lines.append(block.text)
    except ExtractionInputError:
        raise
    except Exception as exc:  # python-docx raises many kinds of errors on a damaged package
        raise not_docx from exc
    return "\n".join(lines)


# --- cues --------------------------------------------------------------------------------------


def _words(*items: str) -> re.Pattern[str]:
    alternatives = "|".join(sorted((re.escape(i) for i in items), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


TRIGGER_WORDS = ("yêu cầu", "đề nghị", "giao", "chỉ đạo", "ấn định", "lưu ý", "nhắc nhở")
MODAL_WORDS = ("phải", "cần", "cần phải", "có trách nhiệm", "chịu trách nhiệm")
URGENCY_WORDS = ("khẩn trương", "gấp rút", "ngay lập tức", "khẩn cấp")
LEADING_WORDS = ("chủ trì",)
ACTION_WORDS = (
    "tổ chức", "triển khai", "hoàn thành", "tiếp tục", "xây dựng", "đẩy mạnh", "tập trung", "nghiên cứu", "tham mưu",
    "rà soát", "chuẩn bị", "hướng dẫn", "kiểm tra", "đôn đốc", "theo dõi", "tổng hợp", "báo cáo", "trình", "ban hành",
    "hoàn thiện", "lựa chọn", "bảo đảm", "đảm bảo", "nâng cao", "củng cố", "kiện toàn", "nhân rộng", "duy trì",
    "tuyên truyền", "quán triệt", "thực hiện", "đề xuất", "bố trí", "sửa đổi", "tiếp thu", "phát huy", "tập huấn",
    "bồi dưỡng", "phối hợp", "quan tâm", "chủ động", "tăng cường", "đăng", "gửi", "cử", "giới thiệu", "sơ kết",
    "tổng kết", "trao đổi", "biên soạn", "soạn thảo", "khảo sát", "đánh giá", "làm", "kịp thời", "rút kinh nghiệm",
    "bổ sung", "phát động", "vận động", "ra mắt", "lập", "thống nhất", "cập nhật", "khắc phục", "chấn chỉnh",
)  # fmt: skip
TRIGGERS = _words(*TRIGGER_WORDS)
MODALS = _words(*MODAL_WORDS)
URGENCY = _words(*URGENCY_WORDS)
LEADING = _words(*LEADING_WORDS)
ACTIONS = _words(*ACTION_WORDS)
FUTURE = _words("sẽ", "dự kiến")
CONNECTORS = re.compile(
    r"^(?:bên cạnh đó|đồng thời|ngoài ra|theo đó|cùng với đó|mặt khác|trước mắt|về lâu dài|thời gian tới|"
    r"trong thời gian tới|tới đây|sau đó|tiếp theo|trong đó|ngoài những việc trên|đặc biệt|nhất là)\s*,?\s*"
)
INHERITING = re.compile(r"^(?:đồng thời|trong đó|ngoài ra|bên cạnh đó|cùng với đó|mặt khác|đặc biệt)(?!\w)")
ENUMERATOR = re.compile(r"^\s*(?:[-+•*–]+|\d{1,2}[.)]|[a-zđ][.)]|[ivx]{1,4}[.)])\s*")
# (phrase, weight, kind) — kind "past" keeps a little weight after the addressing verb, "story" none.
NEGATIVES = [
    (_words("đã"), 3, "past"),
    (_words("thời gian qua", "vừa qua", "qua nghe", "đến nay", "từ đầu năm", "đạt được", "cho thấy", "cho biết"), 2, "past"),
    (_words("đang được", "được tổ chức theo", "được thành lập"), 2, "past"),
    (_words("được đánh giá", "được ghi nhận", "được công nhận"), 3, "past"),
    (
        _words(
            "tại buổi làm việc",
            "tại hội nghị",
            "các đại biểu",
            "đại biểu",
            "thảo luận",
            "tham dự",
            "dự hội nghị",
            "phát biểu",
            "tham luận",
            "trình bày",
            "biểu dương",
            "ghi nhận",
            "đánh giá cao",
            "nghe báo cáo",
            "báo cáo kết quả",
            "thay mặt",
            "khai mạc",
            "bế mạc",
            "thống nhất cao",
            "quang cảnh",
            "toàn cảnh",
            "chủ trì hội nghị",
            "sự tham dự",
            "có sự tham gia",
        ),
        3,
        "story",
    ),
]
STATISTICS = re.compile(r"\d[\d.,]*\s*(?:buổi|lượt|vụ|lớp|mô hình|điểm|người|tin bài|cuộc|tập thể|cá nhân|%)")
CAPTION = re.compile(
    r"(?:phát biểu(?: chỉ đạo| kết luận| khai mạc)? tại (?:buổi|hội nghị|lễ|cuộc)|^(?:toàn cảnh|quang cảnh|ảnh\s*:|\(ảnh))"
)
CMS_CAPTION = re.compile(r"\S\s?-0\s?[A-ZĐÀ-Ỹ]")  # "Title -0Thứ trưởng … phát biểu": a caption pasted from the web
# "Báo cáo đã nêu…", "Tiếp tục nhấn mạnh…", "Thực hiện kết quả…": the verb is a noun or a framing here.
_NOT_IMPERATIVE = re.compile(
    r"\s*(?:đã|đang|được|vẫn|cho thấy|nêu|nhấn mạnh|khẳng định|cho biết|kết quả|tóm tắt|tình hình)(?!\w)"
)
STRONG_KINDS = {"trigger", "modal", "urgency", "leading", "imperative", "subject"}

_NOUN_BEFORE = {
    "yêu cầu": ("đáp ứng ", "theo ", "các ", "những ", "đúng ", "đạt ", "với ", "của ", "về ", "là "),
    "đề nghị": ("hồ sơ ", "theo ", "các ", "những ", "kiến nghị, ", "văn bản ", "tờ trình ", "danh sách ", "đã ", "ý kiến "),
    "giao": ("bàn ", "đã ", "sự ", "việc ", "chuyển ", "khu "),
    "chỉ đạo": ("ban ", "ý kiến ", "sự ", "phát biểu ", "công tác ", "theo ", "điểm ", "lãnh đạo, ", "lãnh đạo và "),
    "phải": ("không ", "bên "),
    "chủ trì": ("do ", "cơ quan ", "đơn vị "),
    "làm": ("cách ", "việc ", "người ", "đã "),
}
_NOUN_AFTER = {
    "yêu cầu": (" nhiệm vụ", " đặt ra", " của ", " cao", " công tác"),
    "đề nghị": (" của ", " khen thưởng của", " công nhận của"),
    "giao": (" ban", " lưu", " thông", " dịch", " tiếp", " thoa", " nhận", " hữu", " diện"),
    "chỉ đạo": (" của ", " tại buổi", " tại hội nghị", " trung ương"),
    "cần": (" thiết",),
    "trình": (" bày", " độ", " tự", " chiếu", " diễn"),
    "chủ trì": (" hội nghị", " buổi", " cuộc", " phiên", " lễ", " kiểm tra", " điểm cầu"),
}
_NOUN_MODIFIED = ("tồn tại", "hạn chế", "vấn đề", "nội dung", "khó khăn", "vướng mắc", "những việc", "một số việc")


@dataclass(frozen=True)
class Cue:
    word: str
    start: int
    end: int
    kind: str


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for index in range(start, min(end, len(chars))):
            chars[index] = " "
    return "".join(chars)


DOCUMENT_NUMBER = re.compile(r"(?<!\w)\d{1,5}(?:\s?[-/]\s?[\wĐđ&]+)+(?:\s?[-/]\s?[\wĐđ&]+)*")


def mask_spans(sentence: str) -> list[tuple[int, int]]:
    """Quoted titles and document numbers: blanked out before cues, units and deadlines are looked for.

    A quotation that makes up most of the sentence is kept: it is what the leader said."""
    spans = [(start, end) for start, end in quoted_spans(sentence) if (end - start) < SPEECH_SHARE * len(sentence)]
    for match in DOCUMENT_NUMBER.finditer(sentence):
        if re.search(r"[A-ZĐ]{2,}", match.group()):  # 510/QĐ-BCA-V05, 44-KL/TW — not 15/6/2023
            spans.append((match.start(), match.end()))
    return spans


def lower(text: str) -> str:
    """Lower case, one character for one (offsets stay valid)."""
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def masked(sentence: str) -> str:
    return lower(_mask(sentence, mask_spans(sentence)))


def _is_noun_use(word: str, low: str, start: int, end: int) -> bool:
    """Whether a cue word is used as a noun or a description here ("Ban Chỉ đạo", "được Bộ giao")."""
    before, after = low[max(0, start - 20) : start], low[end : end + 25]
    if any(before.endswith(b) for b in _NOUN_BEFORE.get(word, ())) or any(after.startswith(a) for a in _NOUN_AFTER.get(word, ())):
        return True
    clause = re.split(r"[,;:]", low[:start])[-1]
    near = low[max(0, start - 40) : start]
    checks = {
        # "mà Cục được Bộ Công an giao": given, not giving
        "giao": lambda: bool(re.search(r"(?<!\w)được(?!\w)", clause)),
        # "một số tồn tại cần tháo gỡ": a noun and what it needs, not an order
        "cần": lambda: any(noun in near for noun in _NOUN_MODIFIED) and "," not in low[start - 3 : start],
        # "Đoàn kiểm tra do lãnh đạo Ban Nội chính chủ trì": a description
        "chủ trì": lambda: bool(re.search(r"(?<!\w)do(?!\w)[^,;.]{0,60}$", low[max(0, start - 70) : start])),
    }
    check = checks.get(word)
    return bool(check and check())


def find_cues(low: str) -> list[Cue]:
    cues: list[Cue] = []
    for pattern, kind in ((TRIGGERS, "trigger"), (MODALS, "modal"), (URGENCY, "urgency"), (LEADING, "leading")):
        for match in pattern.finditer(low):
            if not _is_noun_use(match.group(), low, match.start(), match.end()):
                cues.append(Cue(match.group(), match.start(), match.end(), kind))
    taken = {(c.start, c.end) for c in cues}
    for match in ACTIONS.finditer(low):
        if (match.start(), match.end()) not in taken and not _is_noun_use(match.group(), low, match.start(), match.end()):
            cues.append(Cue(match.group(), match.start(), match.end(), "action"))
    for match in FUTURE.finditer(low):
        cues.append(Cue(match.group(), match.start(), match.end(), "future"))
    return sorted(cues, key=lambda c: c.start)


def _head(low: str) -> int:
    """Where the sentence proper starts: after a bullet, connectors and a leading time phrase."""
    position = 0
    while True:
        rest = low[position:]
        match = ENUMERATOR.match(rest) or CONNECTORS.match(rest)
        if not match or not match.group():
            return position
        position += match.end()


# --- roles of the units named ------------------------------------------------------------------

LEAD, COORDINATOR, OTHER = "lead", "coordinator", "other"
_ROLE_WORDS = [
    (LEAD, ("yêu cầu", "đề nghị", "giao cho", "giao", "chỉ đạo", "đối với", "nhờ", "ấn định")),
    (
        COORDINATOR,
        ("phối hợp chặt chẽ với", "phối hợp với chặt chẽ", "phối hợp với", "phối hợp", "cùng với", "cùng phối hợp"),
    ),
    (
        OTHER,
        (
            "báo cáo",
            "gửi",
            "về",
            "trình",
            "hướng dẫn",
            "của",
            "giữa",
            "tại",
            "lên",
            "đến",
            "xin ý kiến",
            "được",
            "thuộc",
            "với",
            "cho",
            "ở",
            "tham mưu cho",
            "đôn đốc",
            "kiểm tra",
            "như",
            "biểu dương",
            "đại diện",
            "và các",
            "ngoài",
        ),
    ),
]
_ROLE_PATTERN = re.compile(
    r"(?<!\w)(" + "|".join(re.escape(w) for _r, ws in _ROLE_WORDS for w in sorted(ws, key=len, reverse=True)) + r")\s*$"
)
_ROLE_OF = {w: role for role, ws in _ROLE_WORDS for w in ws}
_SUBJECT_FOLLOWERS = re.compile(
    r"^\s*(?:\([^)]{0,120}\)\s*)?,?\s*(?:là [^,;.]{1,80},\s*)?(?:(?:cũng|sẽ|thì|tiếp tục)\s+)?((?:được (?:đề nghị|yêu cầu|giao))|"
    + "|".join(
        re.escape(w)
        for w in sorted(
            ("chỉ đạo", "giao", "yêu cầu", *MODAL_WORDS, *URGENCY_WORDS, *LEADING_WORDS, *ACTION_WORDS), key=len, reverse=True
        )
    )
    + r")(?!\w)"
)


def _subject_follows(after: str) -> bool:
    """Whether an action verb follows a unit's name: "Văn phòng Bộ Công an theo dõi…" (not "… trình bày")."""
    match = _SUBJECT_FOLLOWERS.match(after)
    if not match:
        return False
    verb = match.group(1)
    return not _is_noun_use(verb, after, match.end() - len(verb), match.end())


_ANY_ROLE_WORD = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in sorted(_ROLE_OF, key=len, reverse=True)) + r")(?!\w)")
_PASS_ON = re.compile(r"^\s*(?:làm|tổng hợp|trình|xây dựng|chuẩn bị|tham mưu|thẩm định)(?!\w)")


@dataclass(frozen=True)
class Role:
    mention: Mention
    role: str


_CHAIN_JOINERS = {",", "và", ", và", "và các", ", và các", "cùng", "cùng các", "và một số"}
_TIME_TAIL = re.compile(
    r"(?:(?:ngay từ bây giờ|ngay từ nay|từ nay(?: đến [^,]{1,30})?|ngay|trước mắt|trong thời gian tới|thời gian tới|"
    r"(?:trước|chậm nhất|đúng|đến|vào)(?: ngày)? \d{1,2}/\d{1,2}(?:/\d{4})?)\s*)$"
)


def _trim_tail(clause: str) -> str:
    """The words before a unit, without the commas and time phrases between them and the verb."""
    for _round in range(4):
        trimmed = clause.rstrip(" ,")
        trimmed = _TIME_TAIL.sub("", trimmed).rstrip(" ,")
        if trimmed == clause:
            break
        clause = trimmed
    return clause


def _role_of(clause: str, after: str) -> str:
    immediate = _ROLE_PATTERN.search(_trim_tail(clause)[-40:])
    if immediate:
        role = _ROLE_OF[immediate.group(1)]
        if role == OTHER and immediate.group(1) in {"báo cáo", "gửi", "trình"} and _PASS_ON.match(after):
            role = COORDINATOR  # "báo cáo Văn phòng Bộ làm tờ trình": it prepares the submission
        return role
    if _subject_follows(after):
        return LEAD
    nearest = None
    for match in _ANY_ROLE_WORD.finditer(clause):
        nearest = match.group(1)
    return _ROLE_OF.get(nearest or "", OTHER)


def assign_roles(low: str, mentions: list[Mention]) -> list[Role]:
    """Lead, coordinator or neither, for each unit or group named; "A và B" share A's place, B coordinating."""
    chains: list[list[Mention]] = []
    for mention in mentions:
        if mention.ignored:
            continue
        if chains and low[chains[-1][-1].end : mention.start].strip() in _CHAIN_JOINERS:
            chains[-1].append(mention)
        else:
            chains.append([mention])
    roles: list[Role] = []
    for chain in chains:
        head = chain[0]
        clause = re.split(r"[;:.]", low[: head.start])[-1]
        role = _role_of(clause, low[chain[-1].end : chain[-1].end + 160])
        roles.append(Role(head, role))
        roles.extend(Role(other, COORDINATOR if role in {LEAD, COORDINATOR} else role) for other in chain[1:])
    return sorted(roles, key=lambda r: r.mention.start)


# --- judging a sentence ------------------------------------------------------------------------


@dataclass
class Judgement:
    is_directive: bool
    score: int
    strong: bool
    reasons: list[str]
    against: list[str]
    caption: bool = False
    anchor: int = 0  # where the directive proper starts (after the addressing verb), in the sentence


def judge(sentence: str, low: str, roles: list[Role], base: datetime.date) -> Judgement:
    caption = CAPTION.search(low)
    if CMS_CAPTION.search(sentence) or (caption and not TRIGGERS.search(low[: caption.start()])):
        return Judgement(False, -9, False, [], [_("photo caption")], caption=True)
    cues = find_cues(low)
    head = _head(low)
    score = 0
    reasons: list[str] = []
    strong_positions: list[int] = []
    counted: dict[str, int] = {}
    weights = {"trigger": 3, "modal": 2, "urgency": 2, "leading": 2}
    limits = {"trigger": 2, "modal": 1, "urgency": 1, "leading": 1, "action": 3, "future": 1}
    for cue in cues:
        if cue.kind in STRONG_KINDS:
            strong_positions.append(cue.start)
        if counted.get(cue.kind, 0) >= limits.get(cue.kind, 1):
            continue  # a cue counts a limited number of times: ten action verbs do not make an order
        counted[cue.kind] = counted.get(cue.kind, 0) + 1
        score += weights.get(cue.kind, 1)
        if cue.word not in reasons:
            reasons.append(cue.word)
    opening = low[head:]
    imperative = re.match(r"(?:" + URGENCY.pattern + "|" + ACTIONS.pattern + r")", opening)
    if imperative and not _NOT_IMPERATIVE.match(opening[imperative.end() :]):
        score += 3
        strong_positions.append(head)
        reasons.insert(0, _("begins with an action"))
    subject = next((r for r in roles if r.role == LEAD and _subject_follows(low[r.mention.end : r.mention.end + 160])), None)
    if subject is not None and not re.match(r"\s*(?:đã|đang)(?!\w)", low[subject.mention.end :]):
        score += 3
        strong_positions.append(subject.mention.start)
        reasons.insert(0, _("a unit is given the task"))
    anchor = min(strong_positions) if strong_positions else len(low)
    against: list[str] = []
    penalty = 0
    preamble = 0
    for pattern, weight, kind in NEGATIVES:
        for match in pattern.finditer(low):
            if match.start() >= anchor:
                if kind == "past":
                    penalty += 1
                    against.append(match.group())
                continue
            if strong_positions and any(c.kind == "trigger" and c.start >= match.end() for c in cues):
                preamble += 1  # "Qua nghe báo cáo…, Thứ trưởng yêu cầu…": the story before the order
                against.append(match.group())
                continue
            penalty += weight
            against.append(match.group())
    penalty += min(preamble, 2)
    if STATISTICS.search(low):
        penalty += 2 if STATISTICS.search(low[:anchor]) else 1
        against.append(pgettext("extraction cue", "figures"))
    past_year = re.search(r"(?<!\w)năm (20\d\d)(?!\w)", low[:anchor])
    if past_year and int(past_year.group(1)) < base.year:
        penalty += 3  # "Năm 2022, Công an tỉnh … tổ chức 245 lớp…": last year's results
        against.append(past_year.group())
    score -= penalty
    strong = bool(strong_positions)
    return Judgement(strong and score >= THRESHOLD, score, strong, reasons, against, anchor=anchor)


# --- the proposals -----------------------------------------------------------------------------


@dataclass
class Proposal:
    sentence: str  # the whole sentence
    text: str  # the part of it this directive comes from
    action: str
    responsible: UnitRef | None
    responsible_group: str = ""
    responsible_label: str = ""
    responsible_inherited: bool = False
    coordinators: list[UnitRef] = field(default_factory=list)
    deadline: Deadline | None = None
    confidence: float = 0.0
    reasons: list[str] = field(default_factory=list)
    start: int = 0  # offsets of the sentence in the normalised text
    end: int = 0
    paragraph: int = 0
    merged: bool = False

    @property
    def deadline_date(self) -> datetime.date | None:
        return self.deadline.date if self.deadline else None


_DEADLINE_CUES = re.compile(
    r"(?<!\w)(?:trước|chậm nhất|hạn|xong|đúng|vào|ngày|trong|đến|hết|ngay|hoàn thành|cuối|kịp|tới|sau|mốc)(?!\w)"
)
_PERIOD_ONLY = re.compile(r"^(?:năm|tháng|quý|tuần|kỳ|đợt)(?!\w)")
_START_ONLY = re.compile(r"^(?:ngay )?(?:kể )?từ(?!\w)")


def choose_deadline(blanked_part: str, low_part: str, base: datetime.date) -> Deadline | None:
    """The deadline of a task: the first phrase the parser finds that reads as a deadline here."""
    from phongtrao.common.deadlines import find_deadlines

    found = []
    for deadline in find_deadlines(blanked_part, base):
        phrase = deadline.phrase.lower()
        before = low_part[max(0, deadline.start - 24) : deadline.start]
        if deadline.date < base:
            continue  # a document's date or something past: a reference, not a deadline
        if (
            re.search(r"(?:giai đoạn|nhiệm kỳ|niên khóa)\s*$", before)
            or "(" in low_part[max(0, deadline.start - 2) : deadline.start]
        ):
            continue
        if re.fullmatch(r"(?:giai đoạn\s*)?\d{4}\s*[-–]\s*\d{4}", phrase.strip()):
            continue
        if _START_ONLY.match(phrase) and deadline.kind == "point":
            continue
        if not (_DEADLINE_CUES.search(phrase) or _DEADLINE_CUES.search(before[-14:])) and deadline.kind != "recurrence":
            continue  # "Ngày truyền thống 16/6", "Ngày hội năm 2023": a name, not a deadline
        if _PERIOD_ONLY.match(phrase) and not _DEADLINE_CUES.search(before[-14:]):
            continue
        found.append(deadline)
    if not found:
        return None
    return found[0]


def _strip_deadline(action: str, phrase: str) -> str:
    if not phrase:
        return action
    pattern = re.compile(
        r"(?:,\s*)?(?:(?:phải\s+)?(?:hoàn thành\s+)?(?:xong\s+)?(?:trước|chậm nhất|trong|vào|đến|hạn)\s+)?" + re.escape(phrase),
        re.IGNORECASE,
    )
    action = pattern.sub("", action, count=1)
    action = re.sub(r"\s+,", ",", action)
    action = re.sub(r",\s*(?:phải\s+)?hoàn thành\s*$", "", action.strip(" ,;"), flags=re.IGNORECASE)
    return re.sub(r"\s{2,}", " ", action).strip(" ,;:")


_TOPIC = re.compile(r"^đối với\s+(.+?)(?:,|:)\s", re.DOTALL)
_MODAL_HEAD = re.compile(r"^(?:(?:cũng|thì|sẽ|đều)\s+)?(?:cần phải|phải|cần|có trách nhiệm|chịu trách nhiệm)\s+")
_TIME_HEAD = re.compile(
    r"^(?:ngay từ bây giờ|ngay từ nay|từ nay(?: đến [^,]{1,30})?|trước mắt|trong thời gian tới|thời gian tới|"
    r"dự kiến(?: năm nay| thời gian tới)?|đặc biệt|nhất là)\s*,?\s*"
)
_SPEAKER_HEAD = re.compile(r"^(?:chúng ta|các đồng chí|đồng chí)\s+(?:sẽ\s+|cần\s+|phải\s+)?")
_ATTRIBUTION = re.compile(
    r"[”\"]?\s*[–—-]\s*(?:đồng chí|thứ trưởng|bộ trưởng|cục trưởng|giám đốc|trưởng ban)[^“”\"]{0,80}$", re.IGNORECASE
)


def _skip_head(low: str, position: int, roles: list[Role], deadline: Deadline | None) -> tuple[int, tuple[int, int] | None]:
    """Move past what precedes the action: topics, time phrases, the units doing it, modal verbs.
    Returns where the action starts and the span of an "Đối với <topic>," that names no unit."""
    topic: tuple[int, int] | None = None
    for _round in range(12):
        position += len(low[position:]) - len(low[position:].lstrip(' ,:“"'))
        rest = low[position:]
        match = _TOPIC.match(rest)
        if match:
            names_lead = any(position <= r.mention.start < position + match.end() and r.role == LEAD for r in roles)
            if not names_lead:
                topic = (position + len("đối với "), position + match.end(1))
            position += match.end()
            continue
        if deadline is not None and deadline.phrase and rest.startswith(deadline.phrase.lower()):
            position += len(deadline.phrase)
            continue
        for pattern in (_TIME_HEAD, _SPEAKER_HEAD, _MODAL_HEAD):
            found = pattern.match(rest)
            if found and found.end():
                position += found.end()
                break
        else:
            mention = next((r.mention for r in roles if position - 1 <= r.mention.start <= position + 4), None)
            if mention is None or mention.end <= position:
                break
            position = mention.end
            tail = re.match(r"\s*(?:\([^)]{0,120}\))?\s*(?:,\s*)?(?:và\s+)?", low[position:])
            position += tail.end() if tail else 0
    return position, topic


_LONG_QUOTE = re.compile(r"“([^”]{60,})”")


def _short_topic(topic: str) -> str:
    """ "3 đề án … về “Xây dựng lực lượng CAND chính quy, …” mà Cục … được Bộ giao" → without the
    relative clause and with the quoted title cut to its first words: the task's title stays readable."""
    topic = re.split(r"\s+mà\s+", topic.strip(), maxsplit=1)[0]
    return _LONG_QUOTE.sub(lambda m: "“" + " ".join(m.group(1).split()[:6]).rstrip(",;") + "…”", topic)


def _balance_quotes(text: str) -> str:
    """Drop an opening or closing quotation mark left alone by cutting the sentence."""
    if text.startswith("“") and text.count("“") > text.count("”"):
        text = text[1:]
    if text.endswith("”") and text.count("”") > text.count("“"):
        text = text[:-1]
    return text.strip(" ,;:.…")


def action_of(part: str, low: str, roles: list[Role], deadline: Deadline | None, judgement: Judgement) -> str:
    """The verb phrase of the directive: what is to be done, without who says it, who does it and by when."""
    triggers = [c for c in find_cues(low) if c.kind == "trigger"]
    position = _head(low)
    if triggers:
        chosen = triggers[0]
        for cue in triggers[1:]:
            between = low[chosen.end : cue.start]
            if ACTIONS.search(between) or MODALS.search(between) or URGENCY.search(between):
                break
            chosen = cue
        if chosen.word != "lưu ý" or chosen.start < len(low) // 2:
            position = max(position, chosen.end)
    position, topic = _skip_head(low, position, roles, deadline)
    action = part[position:].strip()
    action = _ATTRIBUTION.sub("", action)
    action = _strip_deadline(action, deadline.phrase if deadline else "")
    action = _balance_quotes(action.strip(" ,;:.…"))
    if topic is not None:
        action = f"Đối với {_short_topic(part[topic[0] : topic[1]])}: {action[:1].lower()}{action[1:]}"
    action = action[:1].upper() + action[1:]
    if len(action) > MAX_ACTION:
        action = action[: MAX_ACTION - 1].rsplit(" ", 1)[0] + "…"
    return action


_SPLIT = re.compile(r";\s*|,\s*(?=đồng thời\s)")


def split_tasks(sentence: str, low: str) -> list[tuple[int, int]]:
    """(start, end) of each task in a sentence: a part after ";" stays apart only with an action of its own."""
    quotes = list(quoted_spans(sentence))
    cuts = [0]
    for match in _SPLIT.finditer(low):
        if any(start < match.start() < end for start, end in quotes):
            continue
        depth = low[: match.start()].count("(") - low[: match.start()].count(")")
        if depth > 0:
            continue
        cuts.append(match.end())
    parts = [(cuts[i], cuts[i + 1] if i + 1 < len(cuts) else len(sentence)) for i in range(len(cuts))]
    merged: list[tuple[int, int]] = []
    for start, end in parts:
        piece = low[start:end]
        opening = re.sub(r"^(?:đồng thời|và|sau đó)\s*,?\s*", "", piece)
        own = bool(
            re.match(r"đối với\s", opening)
            or re.match(
                r"(?:" + TRIGGERS.pattern + "|" + MODALS.pattern + "|" + URGENCY.pattern + "|" + ACTIONS.pattern + ")", opening
            )
        )
        if merged and not own:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


_DOCUMENT_NOUN = re.compile(r"(?<!\w)(Thông tư|Nghị định|Quyết định|Đề án|Kế hoạch|Hướng dẫn|Chỉ thị|Quy chế|Quy định)(?!\w)")
_BARE_DRAFT = re.compile(r"^((?:hoàn thành|hoàn thiện|xây dựng|trình)\s+dự thảo)(?=\s*[,;.]|$)", re.IGNORECASE)


def _complete_object(action: str, earlier: str) -> str:
    """ "…Thông tư…; đồng thời … hoàn thành dự thảo, đăng lên…": say which draft."""
    bare, noun = _BARE_DRAFT.match(action), _DOCUMENT_NOUN.search(earlier)
    if bare and noun:
        return f"{bare.group(1)} {noun.group(1)}{action[bare.end() :]}"
    return action


def _confidence(judgement: Judgement, has_unit: bool, has_deadline: bool) -> float:
    value = 0.45 + 0.05 * max(judgement.score, 0)
    value += 0.05 if has_unit else 0.0
    value += 0.05 if has_deadline else 0.0
    return round(min(value, 0.98), 2)


def _is_deadline_follow_up(low_part: str, action: str, deadline: Deadline | None) -> bool:
    if deadline is None:
        return False
    if re.match(r"^(?:ấn định mốc|ấn định thời gian|thời hạn|hạn hoàn thành|mốc thời gian)", low_part.strip()):
        return True
    return bool(re.match(r"^hoàn thành\s*(?:[,.;]|$)", action.strip().lower()))


def extract(text: str, *, base: datetime.date, matcher: UnitMatcher, default_lead: UnitRef | None = None) -> list[Proposal]:
    """Proposals for the directives in `text` (already checked with check_text or read_upload)."""
    text = normalise(text)
    proposals: list[Proposal] = []
    history: list[Mention] = []
    last_lead: tuple[UnitRef | None, str, str] | None = None
    previous_directive: bool | None = None
    for paragraph in paragraphs(text):
        if _is_heading(paragraph.text):
            previous_directive = None
            continue
        for sentence in split_sentences(paragraph):
            if len(proposals) >= MAX_PROPOSALS:
                return proposals
            blanked = _mask(sentence.text, mask_spans(sentence.text))
            low = lower(blanked)
            mentions = matcher.find(blanked, previous=history)
            history.extend(mentions)
            roles = assign_roles(low, mentions)
            judgement = judge(sentence.text, low, roles, base)
            decided = judgement.is_directive
            opening = ENUMERATOR.sub("", low, count=1)
            if not judgement.strong and not judgement.caption and previous_directive is not None and INHERITING.match(opening):
                decided = previous_directive
            previous_directive = decided
            if not decided:
                continue
            for start, end in split_tasks(sentence.text, low):
                part, low_part, blanked_part = sentence.text[start:end], low[start:end], blanked[start:end]
                part_roles = [
                    Role(replace(r.mention, start=r.mention.start - start, end=r.mention.end - start), r.role)
                    for r in roles
                    if start <= r.mention.start < end
                ]
                part_judgement = judge(part, low_part, part_roles, base) if (start, end) != (0, len(sentence.text)) else judgement
                deadline = choose_deadline(blanked_part, low_part, base)
                if deadline is not None:
                    deadline = replace(
                        deadline, start=deadline.start + sentence.start + start, end=deadline.end + sentence.start + start
                    )
                action = action_of(part, low_part, part_roles, deadline, part_judgement)
                if start > 0:
                    action = _complete_object(action, sentence.text[:start])
                lead_role = next((r for r in part_roles if r.role == LEAD and not r.mention.ignored), None)
                inherited = False
                if lead_role is not None:
                    lead = (lead_role.mention.unit, lead_role.mention.group, lead_role.mention.group_label)
                elif last_lead is not None:
                    lead, inherited = last_lead, True
                else:
                    lead, inherited = (default_lead, "", ""), default_lead is not None
                coordinators: list[UnitRef] = []
                for r in part_roles:
                    unit = r.mention.unit
                    if r.role == COORDINATOR and unit is not None and unit != lead[0] and unit not in coordinators:
                        coordinators.append(unit)
                follow_up = (
                    start == 0
                    and proposals
                    and proposals[-1].deadline is None
                    and lead_role is None
                    and _is_deadline_follow_up(low_part, action, deadline)
                )
                if follow_up:
                    before = proposals[-1]
                    before.sentence = f"{before.sentence} {sentence.text}"
                    before.text = f"{before.text} {part}"
                    before.deadline = deadline
                    before.action = (f"{before.action}; {action[:1].lower()}{action[1:]}")[:MAX_ACTION]
                    before.coordinators += [c for c in coordinators if c not in before.coordinators and c != before.responsible]
                    before.reasons += [r for r in part_judgement.reasons if r not in before.reasons]
                    before.confidence = _confidence(part_judgement, before.responsible is not None, True)
                    before.merged = True
                    continue
                last_lead = lead if (lead[0] is not None or lead[1]) else last_lead
                proposals.append(
                    Proposal(
                        sentence=sentence.text,
                        text=part,
                        action=action or part.strip(),
                        responsible=lead[0],
                        responsible_group=lead[1],
                        responsible_label=lead[2],
                        responsible_inherited=inherited,
                        coordinators=coordinators,
                        deadline=deadline,
                        confidence=_confidence(part_judgement, lead[0] is not None or bool(lead[1]), deadline is not None),
                        reasons=part_judgement.reasons or judgement.reasons,
                        start=sentence.start,
                        end=sentence.end,
                        paragraph=sentence.paragraph,
                    )
                )
    return proposals


def _is_heading(line: str) -> bool:
    """A title, a by-line, a source or a page number: short and without final punctuation."""
    stripped = line.strip()
    if not stripped:
        return True
    if stripped[-1] in '.!?…:;”")':
        return False
    if len(stripped.split()) > 30:
        return False
    low = stripped.lower()
    return not (TRIGGERS.search(low) or MODALS.search(low))


def sentence_spans(text: str) -> list[Span]:
    """The sentences the extraction reads, for display and tests."""
    return [s for p in paragraphs(normalise(text)) if not _is_heading(p.text) for s in split_sentences(p)]


def extract_for(user, text: str, base: datetime.date, default_lead: UnitRef | None = None) -> list[Proposal]:
    """Proposals with the units the user's texts may name (see unitmatch.nameable_units)."""
    return extract(text, base=base, matcher=matcher_for(user), default_lead=default_lead)


def extract_for_meeting(user, meeting, text: str) -> list[Proposal]:
    """Deadlines counted from the meeting's date; a directive naming no unit goes to the organising unit."""
    owner = meeting.owner
    return extract_for(user, text, meeting.date, UnitRef(owner.pk, owner.code, owner.name))
