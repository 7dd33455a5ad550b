"""Exports of the work programme (architecture rule 6), registered by apps_dashboard:

- work.metric_list: the list behind a number of the dashboard, with its filters (XLSX);
- work.dashboard_table: the drill-down table of a unit (XLSX);
- work.programme_report: "Báo cáo kết quả, tiến độ thực hiện nhiệm vụ" of a programme, a Decree
  30 document (DOCX, PDF) and the same sections as a workbook (XLSX): I. general results,
  II. each key task / work area with its sub-assignments, III. obstacles, proposals and
  extension requests pending, IV. overdue assignments.

Every exporter fetches through the scoped helpers itself, so it can never export what the user
may not see, and runs a fixed number of queries whatever the number of assignments.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property

import xlsxwriter
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phongtrao.common.text import fold
from phongtrao.documents.docx import render_docx
from phongtrao.documents.exporters import place_name
from phongtrao.documents.model import Align, Column, Document, Recipients, Section, Signature, Table
from phongtrao.documents.pdf import render_pdf
from phongtrao.documents.queries import unit_leader
from phongtrao.documents.registry import Exporter, Format, TableExporter
from phongtrao.documents.xlsx import Cell
from phongtrao.documents.xlsx import Column as SheetColumn

from .enums import Category, ExtensionStatus, ProposalStatus, Verification
from .forms_dashboard import PeriodForm, dashboard_unit_from, format_date, metric_list_filters
from .metrics import METRIC_KEYS, METRICS, MetricSet, Period, drill_down, metric_assignments, metric_set, overdue, total
from .models import Assignment, ExtensionRequest, Programme, Proposal
from .queries import get_programme_for, programme_tree


def _slug(text: str) -> str:
    return "-".join(fold(text).replace("/", " ").replace("_", "-").split())


def percent(rate: float | None) -> str:
    """91.8 -> "91,8%" (Vietnamese decimal comma); no completions -> "—"."""
    return "—" if rate is None else f"{rate:.1f}".replace(".", ",") + "%"


def deadline_text(assignment: Assignment) -> str:
    """The deadline, with the original one when it was extended."""
    text = format_date(assignment.due_date)
    if assignment.was_extended:
        text += "\n" + _("(originally %(date)s)") % {"date": format_date(assignment.original_due_date)}
    return text


def status_text(assignment: Assignment) -> str:
    text = str(assignment.get_execution_display())
    if assignment.verification != Verification.NONE:
        text += f" ({str(assignment.get_verification_display()).lower()})"
    return text


ASSIGNMENT_COLUMNS = (
    SheetColumn("STT", 6),
    SheetColumn("Số hiệu", 10),
    SheetColumn("Nhiệm vụ", 50),
    SheetColumn("Đơn vị chủ trì", 30),
    SheetColumn("Đơn vị giao", 30),
    SheetColumn("Ngày bắt đầu", 13),
    SheetColumn("Hạn hoàn thành", 13),
    SheetColumn("Hạn ban đầu", 13),
    SheetColumn("Ngày hoàn thành", 13),
    SheetColumn("Tiến độ (%)", 10),
    SheetColumn("Tình trạng thực hiện", 22),
    SheetColumn("Xác nhận kết quả", 22),
)


def assignment_row(index: int, assignment: Assignment) -> tuple[Cell, ...]:
    return (
        index,
        assignment.code,
        assignment.title,
        assignment.lead.name,
        assignment.assigner.name,
        assignment.start_date,
        assignment.due_date,
        assignment.original_due_date,
        assignment.completed_on,
        assignment.progress,
        str(assignment.get_execution_display()),
        str(assignment.get_verification_display()),
    )


class MetricList(TableExporter):
    """The assignments behind one number of the dashboard, with the list page's filters."""

    key = "work.metric_list"
    title = gettext_lazy("Assignments")
    columns = ASSIGNMENT_COLUMNS

    @cached_property
    def filters(self):
        return metric_list_filters(self.user, self.params)[1]

    def filename_stem(self) -> str:
        own = "-rieng" if self.filters.own else ""
        return f"nhiem-vu-{_slug(self.filters.metric)}-{_slug(self.filters.unit.code)}{own}"

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        f = self.filters
        assignments = (
            metric_assignments(self.user, f.unit, f.metric, f.period, own=f.own)
            .select_related("lead", "assigner")
            .order_by("due_date", "path")
        )
        for index, assignment in enumerate(assignments.iterator(chunk_size=2000), start=1):
            yield assignment_row(index, assignment)


class DashboardTable(TableExporter):
    """The drill-down table of a unit: its own row, one row per child unit, and the total."""

    key = "work.dashboard_table"
    title = gettext_lazy("Progress of assignments")

    @property
    def columns(self) -> tuple[SheetColumn, ...]:  # type: ignore[override]  # labels are translated at export time
        headers = [str(metric.label) for metric in METRICS.values()]
        return (
            SheetColumn("STT", 6),
            SheetColumn("Đơn vị", 40),
            *(SheetColumn(header, 12) for header in headers),
            SheetColumn("Tỷ lệ đúng hạn (%)", 12),
        )

    @cached_property
    def unit(self):
        return dashboard_unit_from(self.user, self.params)

    @cached_property
    def period(self) -> Period:
        return PeriodForm(self.params if {"from", "to"} & set(self.params) else None).period()

    def filename_stem(self) -> str:
        return f"tien-do-nhiem-vu-{_slug(self.unit.code)}"

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        rows = drill_down(self.user, self.unit, self.period)
        for index, row in enumerate(rows, start=1):
            name = _("%(unit)s (led by the unit itself)") % {"unit": row.unit.name} if row.own else row.unit.name
            yield (index, name, *_figures(row.metrics))
        yield ("", _("Total"), *_figures(total(rows)))


def _figures(figures: MetricSet) -> tuple[Cell, ...]:
    return (*(figures.value(key) for key in METRIC_KEYS), figures.on_time_rate)


# --- the progress report of a programme ----------------------------------------------------------

# The figures as the report names them.
REPORT_LABELS = {
    "assigned": gettext_lazy("Assignments given"),
    "due": gettext_lazy("Assignments that reached their deadline"),
    "done_on_time": gettext_lazy("Done on time"),
    "done_late": gettext_lazy("Done after the deadline"),
    "overdue": gettext_lazy("Overdue and not finished"),
    "in_progress": gettext_lazy("In progress, within the deadline"),
    "not_started": gettext_lazy("Not started yet, within the deadline"),
}


def programme_period(programme: Programme, today: datetime.date | None = None) -> Period:
    """The whole programme: its assignments may start in the year before or after its own
    (actions.assignment_create allows it), so the report covers those three years."""
    return Period(
        datetime.date(programme.year - 1, 1, 1), datetime.date(programme.year + 1, 12, 31), today or timezone.localdate()
    )


@dataclass(frozen=True)
class ProgrammeData:
    """Everything the report shows, fetched once (a fixed number of queries)."""

    programme: Programme
    period: Period
    metrics: MetricSet
    assignments: list[Assignment]
    overdue: list[Assignment]
    proposals: list[Proposal]
    extensions: list[ExtensionRequest]

    def groups(self) -> list[tuple[Assignment | None, list[Assignment]]]:
        """Each key task or work area with its sub-assignments (tree order); then the other
        top-level assignments and theirs together (None)."""
        groups: list[tuple[Assignment | None, list[Assignment]]] = []
        others: list[Assignment] = []
        current: list[Assignment] | None = None
        for assignment in self.assignments:
            if assignment.parent_id is None:
                if assignment.category in (Category.KEY_TASK, Category.WORK_AREA):
                    current = [assignment]
                    groups.append((assignment, current))
                else:
                    current = others
                    others.append(assignment)
            elif current is not None:
                current.append(assignment)
            else:  # a sub-assignment whose parent the user may not see
                others.append(assignment)
        if others:
            groups.append((None, others))
        return groups


def programme_data(user, programme: Programme) -> ProgrammeData:
    period = programme_period(programme)
    visible: QuerySet[Assignment] = Assignment.objects.visible_to(user).filter(programme=programme)
    assignments = list(programme_tree(programme, user))
    overdue_list = list(visible.filter(overdue(period)).select_related("lead").order_by("due_date", "path"))
    proposals = list(
        Proposal.objects.visible_to(user)
        .filter(assignment__in=visible, status=ProposalStatus.PENDING)
        .select_related("unit", "raised_to", "assignment")
        .order_by("created_at", "pk")
    )
    extensions = list(
        ExtensionRequest.objects.filter(assignment__in=visible, status=ExtensionStatus.PENDING)
        .select_related("assignment__lead")
        .order_by("requested_at", "pk")
    )
    return ProgrammeData(
        programme=programme,
        period=period,
        metrics=metric_set(visible, period),
        assignments=assignments,
        overdue=overdue_list,
        proposals=proposals,
        extensions=extensions,
    )


class ProgrammeReport(Exporter):
    """Báo cáo kết quả, tiến độ thực hiện nhiệm vụ of a work programme, issued by its unit."""

    key = "work.programme_report"
    title = gettext_lazy("Progress report of the work programme")
    formats = (Format.DOCX, Format.PDF, Format.XLSX)

    @cached_property
    def programme(self) -> Programme:
        """404 when the user may not see the programme."""
        return get_programme_for(self.user, self.params["programme"])

    @cached_property
    def data(self) -> ProgrammeData:
        return programme_data(self.user, self.programme)

    def filename_stem(self) -> str:
        return f"bao-cao-tien-do-nhiem-vu-{_slug(self.programme.owner.code)}-{self.programme.year}"

    def render(self, fmt: Format) -> bytes:
        if fmt == Format.XLSX:
            return render_workbook(self.sheets())
        renderer = render_docx if fmt == Format.DOCX else render_pdf
        return renderer(self.document())

    # --- the document ---

    def document(self) -> Document:
        programme, data = self.programme, self.data
        owner = programme.owner
        parent = owner.parent
        return Document(
            parent_body=parent.name if parent else "",
            issuing_body=owner.name,
            kind="Báo cáo",
            summary=_("Results and progress of the assignments of %(programme)s") % {"programme": programme.title},
            symbol=f"BC-{owner.code}",
            place=place_name(owner),
            issued_on=data.period.today,
            addressees=(parent.name,) if parent else (),
            sections=(
                self._general(data),
                *self._assignments(data),
                self._pending(data),
                self._overdue(data),
            ),
            signature=self._signature(),
            recipients=Recipients(names=("Như trên",) if parent else (), drafting_unit=owner.code),
        )

    def _general(self, data: ProgrammeData) -> Section:
        m = data.metrics
        text = _(
            "As of %(date)s, the programme counts %(assigned)s assignments, sub-assignments included; "
            "%(due)s of them have reached their deadline. %(done)s have been completed: %(on_time)s on time "
            "and %(late)s after the deadline (on-time rate %(rate)s). %(overdue)s are overdue and not finished, "
            "%(in_progress)s are in progress within the deadline and %(not_started)s have not started yet."
        ) % {
            "date": format_date(data.period.cutoff),
            "assigned": m.assigned,
            "due": m.due,
            "done": m.done,
            "on_time": m.done_on_time,
            "late": m.done_late,
            "rate": percent(m.on_time_rate),
            "overdue": m.overdue,
            "in_progress": m.in_progress,
            "not_started": m.not_started,
        }
        rows = tuple((str(i), str(REPORT_LABELS[key]), str(m.value(key))) for i, key in enumerate(METRIC_KEYS, start=1))
        rate = (str(len(rows) + 1), _("On-time rate of the completed assignments"), percent(m.on_time_rate))
        table = Table(
            columns=(Column(0.7, Align.CENTER), Column(4.4), Column(1.4, Align.RIGHT)),
            header_rows=(("STT", "Chỉ tiêu", "Số lượng"),),
            rows=(*rows, rate),
        )
        return Section(_("I. GENERAL RESULTS"), (text, table))

    def _assignments(self, data: ProgrammeData) -> list[Section]:
        heading = _("II. RESULTS OF EACH KEY TASK AND WORK AREA")
        groups = data.groups()
        if not groups:
            return [Section(heading, (_("The programme has no assignments yet."),))]
        sections = [Section(heading)]
        for index, (top, items) in enumerate(groups, start=1):
            title = f"{top.title} ({top.code})" if top is not None else _("Other assignments")
            table = Table(
                columns=(
                    Column(1.1, Align.CENTER),
                    Column(2.8),
                    Column(1.8),
                    Column(1.6, Align.CENTER),
                    Column(0.8, Align.RIGHT),
                    Column(1.5),
                ),
                header_rows=(("Số hiệu", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Tiến độ", "Tình trạng"),),
                rows=tuple(self._assignment_cells(a, top) for a in items),
            )
            sections.append(Section(f"{index}. {title}", (table,)))
        return sections

    @staticmethod
    def _assignment_cells(assignment: Assignment, top: Assignment | None) -> tuple[str, ...]:
        depth = assignment.path.count("/") - (top.path.count("/") if top is not None else 1)
        return (
            assignment.code,
            "- " * max(depth, 0) + assignment.title,
            assignment.lead.name,
            deadline_text(assignment),
            f"{assignment.progress}%",
            status_text(assignment),
        )

    def _pending(self, data: ProgrammeData) -> Section:
        heading = _("III. OBSTACLES, PROPOSALS AND REQUESTS AWAITING A DECISION")
        lines: list[str | Table] = []
        for proposal in data.proposals:
            lines.append(
                _("- %(kind)s: %(title)s (%(unit)s, %(date)s, raised to %(leader)s; assignment %(code)s): %(text)s")
                % {
                    "kind": proposal.get_kind_display(),
                    "title": proposal.title,
                    "unit": proposal.unit.name,
                    "date": format_date(timezone.localtime(proposal.created_at).date()),
                    "leader": proposal.raised_to.get_full_name(),
                    "code": proposal.assignment.code if proposal.assignment else "",
                    "text": proposal.text,
                }
            )
        for extension in data.extensions:
            assignment = extension.assignment
            lines.append(
                _("- %(unit)s asks to extend assignment %(code)s from %(old)s to %(new)s: %(reason)s")
                % {
                    "unit": assignment.lead.name,
                    "code": assignment.code,
                    "old": format_date(extension.previous_due_date),
                    "new": format_date(extension.proposed_due_date),
                    "reason": extension.reason,
                }
            )
        if not lines:
            lines.append(_("No obstacle, proposal or extension request is awaiting a decision."))
        return Section(heading, tuple(lines))

    def _overdue(self, data: ProgrammeData) -> Section:
        heading = _("IV. OVERDUE ASSIGNMENTS")
        if not data.overdue:
            return Section(heading, (_("No assignment is overdue."),))
        cutoff = data.period.cutoff
        table = Table(
            columns=(
                Column(0.7, Align.CENTER),
                Column(0.9, Align.CENTER),
                Column(2.8),
                Column(1.8),
                Column(1.6, Align.CENTER),
                Column(0.9, Align.RIGHT),
                Column(0.8, Align.RIGHT),
            ),
            header_rows=(("STT", "Số hiệu", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn", "Số ngày quá hạn", "Tiến độ"),),
            rows=tuple(
                (
                    str(i),
                    a.code,
                    a.title,
                    a.lead.name,
                    deadline_text(a),
                    str((cutoff - a.due_date).days),
                    f"{a.progress}%",
                )
                for i, a in enumerate(data.overdue, start=1)
            ),
        )
        count = _("%(count)s assignments are past their deadline and not finished:") % {"count": len(data.overdue)}
        return Section(heading, (count, table))

    def _signature(self) -> Signature:
        leader = unit_leader(self.programme.owner)
        if leader is None:
            return Signature(position=_("Head of unit"))
        signer = f"{leader.rank} {leader.get_full_name()}".strip()
        return Signature(position=leader.position or _("Head of unit"), signer=signer)

    # --- the workbook ---

    def sheets(self) -> list[Sheet]:
        data = self.data
        m = data.metrics
        general: list[tuple[str, Cell]] = [(str(REPORT_LABELS[key]), m.value(key)) for key in METRIC_KEYS]
        general.append((_("On-time rate of the completed assignments"), m.on_time_rate))
        return [
            Sheet("I. Kết quả chung", (SheetColumn("Chỉ tiêu", 45), SheetColumn("Số lượng", 12)), general),
            Sheet(
                "II. Nhiệm vụ",
                ASSIGNMENT_COLUMNS,
                [_tree_row(i, a) for i, a in enumerate(data.assignments, start=1)],
            ),
            Sheet(
                "III. Khó khăn, đề xuất",
                (
                    SheetColumn("STT", 6),
                    SheetColumn("Loại", 22),
                    SheetColumn("Nội dung", 45),
                    SheetColumn("Đơn vị", 30),
                    SheetColumn("Trình", 25),
                    SheetColumn("Ngày", 13),
                    SheetColumn("Nhiệm vụ", 10),
                    SheetColumn("Chi tiết", 60),
                ),
                [
                    *(
                        (
                            i,
                            str(p.get_kind_display()),
                            p.title,
                            p.unit.name,
                            p.raised_to.get_full_name(),
                            timezone.localtime(p.created_at).date(),
                            p.assignment.code if p.assignment else "",
                            p.text,
                        )
                        for i, p in enumerate(data.proposals, start=1)
                    ),
                    *(
                        (
                            len(data.proposals) + i,
                            _("Extension request"),
                            _("Extend to %(date)s") % {"date": format_date(e.proposed_due_date)},
                            e.assignment.lead.name,
                            "",
                            timezone.localtime(e.requested_at).date(),
                            e.assignment.code,
                            e.reason,
                        )
                        for i, e in enumerate(data.extensions, start=1)
                    ),
                ],
            ),
            Sheet(
                "IV. Quá hạn",
                (
                    SheetColumn("STT", 6),
                    SheetColumn("Số hiệu", 10),
                    SheetColumn("Nhiệm vụ", 50),
                    SheetColumn("Đơn vị chủ trì", 30),
                    SheetColumn("Hạn hoàn thành", 13),
                    SheetColumn("Hạn ban đầu", 13),
                    SheetColumn("Số ngày quá hạn", 10),
                    SheetColumn("Tiến độ (%)", 10),
                ),
                [
                    (
                        i,
                        a.code,
                        a.title,
                        a.lead.name,
                        a.due_date,
                        a.original_due_date,
                        (data.period.cutoff - a.due_date).days,
                        a.progress,
                    )
                    for i, a in enumerate(data.overdue, start=1)
                ],
            ),
        ]


def _tree_row(index: int, assignment: Assignment) -> tuple[Cell | Indented, ...]:
    """An assignment row with its title indented by its depth in the programme's tree."""
    row: list[Cell | Indented] = list(assignment_row(index, assignment))
    row[2] = Indented(assignment.title, assignment.path.count("/") - 1)
    return tuple(row)


# --- a workbook of several sheets ----------------------------------------------------------------

_OPTIONS = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}


@dataclass(frozen=True)
class Indented:
    """Text indented `level` steps in its cell (the tree of a programme keeps its shape in Excel)."""

    text: str
    level: int


@dataclass(frozen=True)
class Sheet:
    name: str  # at most 31 characters, none of []:*?/\
    columns: Sequence[SheetColumn]
    rows: Iterable[Sequence[Cell | Indented]]


def render_workbook(sheets: Sequence[Sheet]) -> bytes:
    """Several sheets, each like documents.xlsx.render_xlsx: bold frozen header, typed cells,
    dates dd/mm/yyyy, text always written as text."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, _OPTIONS)
    header = book.add_format(
        {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True, "bg_color": "#F2F2F2"}
    )
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    indents: dict[int, object] = {}
    for spec in sheets:
        sheet = book.add_worksheet(spec.name[:31])
        for col, column in enumerate(spec.columns):
            sheet.write_string(0, col, column.header, header)
            sheet.set_column(col, col, column.width)
        count = 0
        for count, values in enumerate(spec.rows, start=1):
            for col, value in enumerate(values):
                if value is None:
                    continue
                if isinstance(value, Indented):
                    level = min(value.level, 15)
                    if level not in indents:
                        indents[level] = book.add_format({"indent": level})
                    sheet.write_string(count, col, value.text, indents[level])
                elif isinstance(value, datetime.date):
                    sheet.write_datetime(count, col, value, day)
                elif isinstance(value, int | float) and not isinstance(value, bool):
                    sheet.write_number(count, col, value)
                else:
                    sheet.write_string(count, col, str(value))
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, count, len(spec.columns) - 1)
    book.close()
    return buffer.getvalue()


class ProgrammeList(TableExporter):
    """The programme list page as a sheet."""

    key = "work.programme_list"
    title = gettext_lazy("Work programmes")
    columns = (
        SheetColumn("STT", 6),
        SheetColumn("Chương trình", 50),
        SheetColumn("Năm", 8),
        SheetColumn("Đơn vị", 40),
        SheetColumn("Số nhiệm vụ", 12),
        SheetColumn("Đang thực hiện", 14),
        SheetColumn("Quá hạn", 10),
    )

    def filename_stem(self) -> str:
        return "chuong-trinh-cong-tac"

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        from .queries import programmes_for

        for index, p in enumerate(programmes_for(self.user), start=1):
            yield (index, p.title, p.year, p.owner.name, p.total, p.open, p.overdue)


class ProposalList(TableExporter):
    """The difficulties and proposals list with its status filter."""

    key = "work.proposal_list"
    title = gettext_lazy("Difficulties and proposals")
    columns = (
        SheetColumn("STT", 6),
        SheetColumn("Loại", 18),
        SheetColumn("Nội dung", 50),
        SheetColumn("Đơn vị", 36),
        SheetColumn("Trình", 24),
        SheetColumn("Ngày", 12),
        SheetColumn("Trạng thái", 16),
        SheetColumn("Ý kiến", 50),
    )

    def filename_stem(self) -> str:
        return f"kho-khan-de-xuat-{self.params.get('status') or 'tat-ca'}"

    def rows(self) -> Iterator[tuple[Cell, ...]]:
        from .queries import proposals_for

        for index, p in enumerate(proposals_for(self.user, self.params.get("status")), start=1):
            yield (
                index,
                str(p.get_kind_display()),
                p.title,
                p.unit.name,
                p.raised_to.get_full_name(),
                timezone.localtime(p.created_at).date(),
                str(p.get_status_display()),
                p.decision,
            )
