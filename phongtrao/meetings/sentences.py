"""Split Vietnamese administrative and press text into paragraphs and sentences.

No tokeniser is installed (and none is needed): the rules are those of Vietnamese punctuation.
A sentence ends at ".", "!", "?" or "…" followed by a capital letter, a digit, an opening quote
or a bullet, or at the end of the paragraph. It does not end inside quotation marks “…” or
"…" (a leader's words quoted over several sentences stay one sentence, up to a limit), inside
parentheses, or after a common abbreviation ("TP.", "ThS."). Semicolons never end a sentence:
they separate the items of a list, which extraction may split into separate tasks later.

Offsets are kept: every span knows where it lies in the normalised text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Quoted speech longer than this may be split inside: a missing closing quote must not swallow a page.
LONG_QUOTE = 700
# A "sentence" longer than this (a list without full stops, a pasted table) is cut at a ";" or ",".
MAX_SENTENCE = 2000
_ENDERS = ".!?…"
_CLOSERS = "”\"’')]»"
_OPENERS = "“\"‘'(«[•"
_ABBREVIATIONS = frozenset(
    {"tp", "ts", "ths", "pgs", "gs", "bs", "ks", "tr", "nxb", "đc", "đ/c", "v.v", "vv", "st", "q", "p", "no", "mr", "ông", "bà"}
)
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    paragraph: int


def normalise(text: str) -> str:
    """NFC, one kind of line break, no tabs or non-breaking spaces, no blank runs inside lines."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\ufeff", "")
    return "\n".join(_SPACES.sub(" ", line).strip() for line in text.split("\n"))


def paragraphs(text: str) -> list[Span]:
    """Non-empty lines of normalised text, with their offsets."""
    result: list[Span] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            result.append(Span(offset, offset + len(line), line, len(result)))
        offset += len(line) + 1
    return result


def _word_before(text: str, index: int) -> str:
    start = index
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "/."):
        start -= 1
    return text[start:index].lower()


def _is_boundary(text: str, index: int) -> tuple[bool, int, int]:
    """Whether the ender at `index` ends a sentence: (answer, end of the sentence, start of the next)."""
    end = index + 1
    while end < len(text) and (text[end] in _ENDERS or text[end] in _CLOSERS):
        end += 1
    if end >= len(text):
        return True, end, end
    if not text[end].isspace():
        return False, 0, 0
    following = end
    while following < len(text) and text[following].isspace():
        following += 1
    if following >= len(text):
        return True, end, following
    nxt = text[following]
    if not (nxt.isupper() or nxt.isdigit() or nxt in _OPENERS):
        return False, 0, 0
    if text[index] == ".":
        word = _word_before(text, index)
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and word not in "ivx"):
            return False, 0, 0
    return True, end, following


def split_sentences(paragraph: Span) -> list[Span]:
    return [piece for span in _split(paragraph) for piece in _cut_long(span)]


def _split(paragraph: Span) -> list[Span]:
    text = paragraph.text
    result: list[Span] = []
    start = 0
    quote_open: int | None = None  # index of the opening curly quote
    straight_open: int | None = None
    parens = 0
    index = 0
    while index < len(text):
        char = text[index]
        if char == "“":
            quote_open = index if quote_open is None else quote_open
        elif char == "”":
            quote_open = None
        elif char == '"':
            straight_open = index if straight_open is None else None
        elif char in "([":
            parens += 1
        elif char in ")]":
            parens = max(0, parens - 1)
        elif char in _ENDERS:
            opened = min((i for i in (quote_open, straight_open) if i is not None), default=None)
            inside = opened is not None and index - opened < LONG_QUOTE
            if not inside and parens == 0:
                boundary, end, following = _is_boundary(text, index)
                if boundary:
                    piece = text[start:end].strip()
                    if piece:
                        lead = len(text[start:end]) - len(text[start:end].lstrip())
                        result.append(
                            Span(
                                paragraph.start + start + lead,
                                paragraph.start + start + lead + len(piece),
                                piece,
                                paragraph.paragraph,
                            )
                        )
                    start = following
                    quote_open = straight_open = None
                    index = max(following, index + 1)
                    continue
        index += 1
    piece = text[start:].strip()
    if piece:
        lead = len(text[start:]) - len(text[start:].lstrip())
        result.append(
            Span(paragraph.start + start + lead, paragraph.start + start + lead + len(piece), piece, paragraph.paragraph)
        )
    return result


def _cut_long(span: Span) -> list[Span]:
    """A span longer than MAX_SENTENCE, cut at the last ";" (else ",", else a space) before the limit."""
    pieces: list[Span] = []
    start, text = span.start, span.text
    while len(text) > MAX_SENTENCE:
        window = text[:MAX_SENTENCE]
        cut = max(window.rfind(";"), 0) or max(window.rfind(","), 0) or max(window.rfind(" "), 0) or MAX_SENTENCE - 1
        piece = text[: cut + 1]
        pieces.append(Span(start, start + len(piece), piece.strip(), span.paragraph))
        rest = text[cut + 1 :]
        start += cut + 1 + (len(rest) - len(rest.lstrip()))
        text = rest.lstrip()
    if text:
        pieces.append(Span(start, start + len(text), text, span.paragraph))
    return pieces


def sentences(text: str) -> list[Span]:
    """Every sentence of already normalised text, in order."""
    return [sentence for paragraph in paragraphs(text) for sentence in split_sentences(paragraph)]


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each quotation, the quotation marks included."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    closing = ""
    for index, char in enumerate(text):
        if opened is None and char in '“"':
            opened, closing = index, "”" if char == "“" else '"'
        elif opened is not None and char == closing:
            spans.append((opened, index + 1))
            opened = None
    return spans
