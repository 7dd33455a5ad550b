"""An administrative document in the Decree 30/2020 format (Phụ lục I, template 1.4).

The model decides every wording rule of the Decree once (leading zeros, the date sentence, the
punctuation of legal bases, addressees and recipients, capitals); the DOCX and PDF renderers only
lay the resulting lines out. The fixed administrative phrases are Vietnamese in every document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"
ADDRESSEE_LABEL = "Kính gửi:"
BLANK_NUMBER = " " * 5  # left for the records office (văn thư) to write in when it registers the document
_TRAILING = " ;.,:"


class Authority(StrEnum):
    """How the signer signs (Decree 30, Phụ lục I, II.7.b)."""

    ON_BEHALF_OF = "TM."  # thay mặt: for a collective body
    ACTING = "Q."  # quyền: an acting head
    DEPUTY = "KT."  # ký thay: a deputy signing for the head
    BY_ORDER = "TL."  # thừa lệnh
    BY_DELEGATION = "TUQ."  # thừa ủy quyền


class Urgency(StrEnum):
    URGENT = "KHẨN"
    VERY_URGENT = "THƯỢNG KHẨN"
    FLASH = "HỎA TỐC"


class Secrecy(StrEnum):
    """Classification markings (state secrets), not credentials."""

    CONFIDENTIAL = "MẬT"
    SECRET = "TỐI MẬT"  # noqa: S105
    TOP_SECRET = "TUYỆT MẬT"  # noqa: S105


class Align(StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Column:
    """A table column: its share of the table width and how its cells are aligned."""

    width: float = 1.0
    align: Align = Align.LEFT


@dataclass(frozen=True)
class Table:
    """A bordered table; its header rows are bold and repeat on every page."""

    columns: tuple[Column, ...]
    header_rows: tuple[tuple[str, ...], ...]
    rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        for row in (*self.header_rows, *self.rows):
            if len(row) != len(self.columns):
                raise ValueError(f"A table row has {len(row)} cells for {len(self.columns)} columns: {row!r}")

    def fractions(self) -> tuple[float, ...]:
        total = sum(column.width for column in self.columns)
        return tuple(column.width / total for column in self.columns)


@dataclass(frozen=True)
class Section:
    """A heading (e.g. "I. KẾT QUẢ ...") followed by paragraphs and tables in order."""

    heading: str
    blocks: tuple[str | Table, ...] = ()


@dataclass(frozen=True)
class Signature:
    """The signer: e.g. authority KT., principal "Cục trưởng", position "Phó Cục trưởng"."""

    position: str
    signer: str = ""
    authority: Authority | None = None
    principal: str = ""

    def heading_lines(self) -> tuple[str, ...]:
        """The capitalised lines above the signature: "KT. CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG"."""
        if self.authority is None:
            return (self.position.upper(),)
        return (f"{self.authority} {self.principal.upper()}", self.position.upper())


@dataclass(frozen=True)
class Recipients:
    """The "Nơi nhận" list; the last line always files a copy: "- Lưu: VT, <drafting unit>."."""

    names: tuple[str, ...] = ()
    drafting_unit: str = ""

    def lines(self) -> tuple[str, ...]:
        archive = ", ".join(part for part in ("VT", self.drafting_unit.strip()) if part)
        return (*(f"- {_bare(name)};" for name in self.names), f"- Lưu: {archive}.")


@dataclass(frozen=True)
class Document:
    issuing_body: str
    kind: str
    summary: str
    symbol: str
    place: str
    issued_on: date
    signature: Signature
    recipients: Recipients
    number: int | None = None
    parent_body: str = ""
    addressees: tuple[str, ...] = ()
    legal_bases: tuple[str, ...] = ()
    sections: tuple[Section, ...] = ()
    urgency: Urgency | None = None
    secrecy: Secrecy | None = None

    @property
    def parent_body_text(self) -> str:
        return self.parent_body.upper()

    @property
    def issuing_body_text(self) -> str:
        return self.issuing_body.upper()

    @property
    def number_line(self) -> str:
        """ "Số: 05/BC-V05": numbers below 10 get a leading zero; no number leaves a blank."""
        number = BLANK_NUMBER if self.number is None else f"{self.number:02d}"
        return f"Số: {number}/{self.symbol.upper()}"

    @property
    def date_line(self) -> str:
        return f"{self.place}, {vietnamese_date(self.issued_on)}"

    @property
    def title(self) -> str:
        return self.kind.upper()

    @property
    def stamps(self) -> tuple[str, ...]:
        return tuple(str(stamp) for stamp in (self.secrecy, self.urgency) if stamp is not None)

    def legal_basis_lines(self) -> tuple[str, ...]:
        """Each basis ends with ";" and the last with "."."""
        bases = [_bare(basis) for basis in self.legal_bases]
        return (*(f"{basis};" for basis in bases[:-1]), *(f"{basis}." for basis in bases[-1:]))

    def addressee_items(self) -> tuple[str, ...]:
        """One addressee goes on the "Kính gửi:" line itself; several get "- ...;" lines ending with "."."""
        names = [_bare(name) for name in self.addressees]
        if len(names) < 2:
            return tuple(names)
        return (*(f"- {name};" for name in names[:-1]), f"- {names[-1]}.")


def vietnamese_date(day: date) -> str:
    """ "ngày 05 tháng 01 năm 2026": days below 10 and months 1 and 2 get a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def _bare(text: str) -> str:
    return text.strip().rstrip(_TRAILING)
