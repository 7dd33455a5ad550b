"""Exports of periodic reporting: the request list, and a request's consolidation as a sheet and
as a Decree 30 BÁO CÁO. Registered in ReportingConfig.ready()."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from phongtrao.documents.exporters import place_name
from phongtrao.documents.model import Align, Column, Document, Recipients, Section, Signature, Table
from phongtrao.documents.queries import unit_leader
from phongtrao.documents.registry import DocumentExporter, Format, TableExporter
from phongtrao.documents.xlsx import Cell, render_xlsx
from phongtrao.documents.xlsx import Column as SheetColumn
from phongtrao.org.models import Unit

from .enums import ReportKind, RequestState, TargetStatus
from .figures import vn_figure
from .models import ReportTarget
from .queries import ConsolidatedRow, Consolidation, consolidation_for, filter_requests, progress_of

CHUNK = 500


def _date(day) -> str:
    return day.strftime("%d/%m/%Y")


class RequestList(TableExporter):
    """The report requests of the list page, with its filters and each one's counts per status."""

    key = "reporting.request_list"
    title = gettext_lazy("Report requests")
    columns = (
        SheetColumn("STT", 6),
        SheetColumn("Tiêu đề", 40),
        SheetColumn("Đơn vị yêu cầu", 30),
        SheetColumn("Loại báo cáo", 14),
        SheetColumn("Từ ngày", 12),
        SheetColumn("Đến ngày", 12),
        SheetColumn("Chốt số liệu", 12),
        SheetColumn("Hạn nộp", 12),
        SheetColumn("Trạng thái", 12),
        SheetColumn("Số đơn vị", 10),
    )

    def filename_stem(self) -> str:
        return "yeu-cau-bao-cao"

    def render(self, fmt: Format) -> bytes:
        # The headers of the statuses are translated: build them here, inside the export's language.
        columns = (*self.columns, *(SheetColumn(str(status.label), 12) for status in TargetStatus))
        return render_xlsx(columns, self.rows(), title=str(self.title))

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        _form, requests = filter_requests(self.user, self.params)
        index = 0
        batch: list = []
        for request in requests.iterator(chunk_size=CHUNK):
            batch.append(request)
            if len(batch) == CHUNK:
                yield from self._rows(batch, index)
                index += len(batch)
                batch = []
        if batch:
            yield from self._rows(batch, index)

    def _rows(self, requests, start: int) -> Iterator[tuple[Cell, ...]]:
        visible = ReportTarget.objects.visible_to(self.user).filter(request__in=[r.pk for r in requests])
        progress = progress_of(visible)
        for offset, request in enumerate(requests, start=1):
            counts = progress[request.pk].counts if request.pk in progress else {}
            yield (
                start + offset,
                request.title,
                request.owner.name,
                str(ReportKind(request.kind).label),
                request.period_start,
                request.period_end,
                request.cutoff,
                request.due_date,
                str(RequestState(request.state).label),
                sum(counts.values()),
                *(counts.get(status, 0) for status in TargetStatus),
            )


class _ConsolidationExporter:
    user: Any
    params: Mapping[str, str]

    @cached_property
    def consolidation(self) -> Consolidation:
        """404 unless the user is on the requesting side of the request."""
        return consolidation_for(self.user, self.params["request"])

    def filename_stem(self) -> str:
        return f"tong-hop-bao-cao-{self.consolidation.request.pk}"


class ConsolidatedSheet(_ConsolidationExporter, TableExporter):
    """One row per unit asked (status, version, figures of the version that counts) and a totals row."""

    key = "reporting.consolidated_sheet"
    title = gettext_lazy("Consolidated report")
    columns = (
        SheetColumn("STT", 6),
        SheetColumn("Đơn vị", 36),
        SheetColumn("Mã đơn vị", 12),
        SheetColumn("Trạng thái", 14),
        SheetColumn("Thời điểm nộp", 18),
        SheetColumn("Phiên bản", 10),
    )

    def render(self, fmt: Format) -> bytes:
        figures = tuple(SheetColumn(field["label"], max(12, min(30, len(field["label"]) + 2))) for field in self.fields)
        return render_xlsx((*self.columns, *figures), self.rows(), title=str(self.title))

    @property
    def fields(self) -> list[dict]:
        return self.consolidation.request.fields

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        consolidation = self.consolidation
        for index, row in enumerate(consolidation.rows, start=1):
            target = row.target
            yield (
                index,
                target.unit.name,
                target.unit.code,
                str(TargetStatus(target.status).label),
                target.latest_submitted_at,
                target.latest_version,
                *(consolidation.figure(row, field["key"]) for field in self.fields),
            )
        yield ("", "Tổng cộng", "", "", None, None, *(consolidation.total(field["key"]) for field in self.fields))


class ConsolidatedReport(_ConsolidationExporter, DocumentExporter):
    """BÁO CÁO tổng hợp: the period, who submitted, the figures by unit with totals, each text."""

    key = "reporting.consolidated_report"
    title = gettext_lazy("Consolidated report (Decree 30)")

    def document(self) -> Document:
        consolidation = self.consolidation
        request = consolidation.request
        owner = request.owner
        parent = owner.parent
        return Document(
            parent_body=parent.name if parent else "",
            issuing_body=owner.name,
            kind="Báo cáo",
            summary=self._summary(request.title),
            symbol=f"BC-{owner.code}",
            place=place_name(owner),
            issued_on=timezone.localdate(),
            addressees=(parent.name,) if parent else (),
            sections=(
                self._period(consolidation),
                self._submissions(consolidation),
                self._figures(consolidation),
                *self._texts(consolidation),
            ),
            signature=self._signature(owner),
            recipients=Recipients(names=("Như trên",) if parent else (), drafting_unit=owner.code),
        )

    @staticmethod
    def _summary(title: str) -> str:
        if title.startswith("Báo cáo "):
            title = "b" + title[1:]
        return _("Consolidation of %(title)s") % {"title": title}

    def _period(self, consolidation: Consolidation) -> Section:
        request = consolidation.request
        return Section(
            _("I. THE REQUEST AND THE REPORTING PERIOD"),
            (
                ngettext(
                    "The request “%(title)s” (%(kind)s report) was sent on %(sent)s to %(count)s unit.",
                    "The request “%(title)s” (%(kind)s report) was sent on %(sent)s to %(count)s units.",
                    len(consolidation.rows),
                )
                % {
                    "title": request.title,
                    "kind": str(ReportKind(request.kind).label).lower(),
                    "sent": _date(timezone.localdate(request.created_at)),
                    "count": len(consolidation.rows),
                },
                _("Reporting period from %(start)s to %(end)s; figures up to %(cutoff)s; due on %(due)s.")
                % {
                    "start": _date(request.period_start),
                    "end": _date(request.period_end),
                    "cutoff": _date(request.cutoff),
                    "due": _date(request.due_date),
                },
            ),
        )

    @staticmethod
    def _names(rows: Sequence[ConsolidatedRow]) -> str:
        return "; ".join(row.target.unit.name for row in rows) + "." if rows else _("none.")

    def _submissions(self, consolidation: Consolidation) -> Section:
        on_time = consolidation.by_status(TargetStatus.SUBMITTED)
        late = consolidation.received_late
        missing = consolidation.missing
        returned = consolidation.returned
        return Section(
            _("II. SUBMISSIONS"),
            (
                _("Submitted on time (%(count)s): %(units)s") % {"count": len(on_time), "units": self._names(on_time)},
                _("Submitted late (%(count)s): %(units)s") % {"count": len(late), "units": self._names(late)},
                _("Not yet submitted (%(count)s): %(units)s") % {"count": len(missing), "units": self._names(missing)},
                _("Returned for completion (%(count)s): %(units)s") % {"count": len(returned), "units": self._names(returned)},
            ),
        )

    def _figures(self, consolidation: Consolidation) -> Section:
        heading = _("III. FIGURES BY UNIT")
        fields = consolidation.request.fields
        if not fields:
            return Section(heading, (_("The request asked for no figures."),))
        received = consolidation.received
        if not received:
            return Section(heading, (_("No unit has submitted its figures yet."),))
        rows = tuple(
            (str(index), row.target.unit.name, *(vn_figure(consolidation.figure(row, f["key"])) for f in fields))
            for index, row in enumerate(received, start=1)
        )
        total = ("", "Tổng cộng", *(vn_figure(consolidation.total(f["key"])) for f in fields))
        table = Table(
            columns=(Column(0.6, Align.CENTER), Column(3.0), *(Column(1.3, Align.RIGHT) for _f in fields)),
            header_rows=(("STT", "Đơn vị", *(f["label"] for f in fields)),),
            rows=(*rows, total),
        )
        return Section(heading, (table,))

    def _texts(self, consolidation: Consolidation) -> tuple[Section, ...]:
        received = consolidation.received
        heading = Section(_("IV. REPORTS OF THE UNITS"), () if received else (_("No unit has submitted its report yet."),))
        units = []
        for index, row in enumerate(received, start=1):
            submission = row.submission
            if submission is None:  # pragma: no cover - `received` rows have their version
                continue
            title = _("%(index)s. %(unit)s (version %(version)s, submitted on %(date)s)") % {
                "index": index,
                "unit": row.target.unit.name,
                "version": submission.version,
                "date": _date(timezone.localdate(submission.submitted_at)),
            }
            paragraphs = tuple(line.strip() for line in submission.text.splitlines() if line.strip())
            units.append(Section(title, paragraphs))
        return (heading, *units)

    @staticmethod
    def _signature(owner: Unit) -> Signature:
        leader = unit_leader(owner)
        if leader is None:
            return Signature(position=_("Head of unit"))
        signer = f"{leader.rank} {leader.get_full_name()}".strip()
        return Signature(position=leader.position or _("Head of unit"), signer=signer)
