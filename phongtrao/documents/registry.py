"""The exporter registry (architecture rule 6).

An exporter is a registered class: a tabular one yields rows once and renders them to XLSX; a
document one builds a Decree 30 document model once and renders it to DOCX or PDF. Apps register
theirs in AppConfig.ready() with `register`; views and background tasks find them with `get`.

An exporter is built from the requesting user and plain string parameters, so the same call can
later run in a background task; it fetches what it exports through the scoped query helpers
itself, so it can never export what the user may not see. Exports are Vietnamese documents, so
they are always rendered in Vietnamese whatever the language of the interface.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.utils import translation
from django.utils.functional import Promise

from .docx import render_docx
from .model import Document
from .pdf import render_pdf
from .xlsx import Cell, Column, render_xlsx

DOCUMENT_LANGUAGE = "vi"


class Format(StrEnum):
    DOCX = "docx"
    PDF = "pdf"
    XLSX = "xlsx"

    @property
    def content_type(self) -> str:
        return _CONTENT_TYPES[self]


_CONTENT_TYPES = {
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.PDF: "application/pdf",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class Exporter(ABC):
    key: ClassVar[str]
    title: ClassVar[str | Promise]
    formats: ClassVar[tuple[Format, ...]]

    def __init__(self, *, user, params: Mapping[str, str]) -> None:
        self.user = user
        self.params = params

    def export(self, fmt: Format) -> bytes:
        if fmt not in self.formats:
            raise ValueError(f"The exporter {self.key!r} does not produce {fmt}.")
        with translation.override(DOCUMENT_LANGUAGE):
            return self.render(fmt)

    @abstractmethod
    def render(self, fmt: Format) -> bytes: ...

    def filename(self, fmt: Format) -> str:
        """An ASCII file name such as "bao-cao-to-chuc-luc-luong-cat66.pdf"."""
        return f"{self.filename_stem()}.{fmt}"

    @abstractmethod
    def filename_stem(self) -> str: ...


class TableExporter(Exporter):
    formats = (Format.XLSX,)
    columns: ClassVar[tuple[Column, ...]]

    @abstractmethod
    def rows(self) -> Iterable[Sequence[Cell]]: ...

    def render(self, fmt: Format) -> bytes:
        return render_xlsx(self.columns, self.rows(), title=str(self.title))


class DocumentExporter(Exporter):
    formats = (Format.DOCX, Format.PDF)

    @abstractmethod
    def document(self) -> Document: ...

    def render(self, fmt: Format) -> bytes:
        renderer = render_docx if fmt == Format.DOCX else render_pdf
        return renderer(self.document())


_EXPORTERS: dict[str, type[Exporter]] = {}


def register(exporter_cls: type[Exporter]) -> type[Exporter]:
    """Register an exporter class under its key; usable as a class decorator."""
    existing = _EXPORTERS.get(exporter_cls.key)
    if existing is not None and existing is not exporter_cls:
        raise ImproperlyConfigured(f"Two exporters use the key {exporter_cls.key!r}: {existing} and {exporter_cls}.")
    _EXPORTERS[exporter_cls.key] = exporter_cls
    return exporter_cls


def get(key: str) -> type[Exporter]:
    try:
        return _EXPORTERS[key]
    except KeyError:
        raise LookupError(f"No exporter is registered under {key!r}.") from None
