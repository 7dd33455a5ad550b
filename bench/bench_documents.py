"""Benchmark (e): the national progress report (DOCX, and the same report as XLSX) and the
festival XLSX summary: time and peak memory.

    python bench/bench_documents.py --scale 0.1 --repeat 5

The national progress report is work.programme_report (phongtrao/work/exporters.py) of V05's
programme for this year, exported by a V05 officer: the queries, the Decree 30 document model
and python-docx (or xlsxwriter). The festival summary is the festival results exporter
(phongtrao/festival/results/exporters.py), exported as the same V05 officer; skipped with a
note while that module does not exist.

Each export is compared with a baseline in the same process: the bare library writing the same
cells, fetched beforehand (python-docx: one paragraph per line and one plain table per table of
the report, no styling; xlsxwriter: the same rows in one sheet, no formats). The ratio is what
the exporter costs over writing its content at all.

Time: median of --repeat runs, in-process, taking turns with the baseline. Memory, from one more
run of each in a forked child (common.measure_in_child): the tracemalloc peak (Python allocations
during the export) and the peak resident set during the export above the child's resident set
before it (VmHWM, reset through /proc/self/clear_refs just before the call).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

# --- the subjects --------------------------------------------------------------------------------


def national_programme(user):
    """V05's programme for this year, else its programme with the most assignments."""
    from django.db.models import Count
    from django.utils import timezone

    from phongtrao.work.models import Programme

    programmes = Programme.objects.filter(owner__code="V05")
    this_year = programmes.filter(year=timezone.localdate().year).first()
    return this_year or programmes.annotate(n=Count("assignments")).order_by("-n", "-year").first()


def report_exporter(user, programme):
    from phongtrao.documents import registry

    return registry.get("work.programme_report")(user=user, params={"programme": str(programme.pk)})


FESTIVAL_SUMMARY = "festival.results_summary_sheet"


def festival_summary_available() -> bool:
    from phongtrao.documents import registry

    try:
        registry.get(FESTIVAL_SUMMARY)
    except LookupError:
        return False
    return True


def festival_params() -> dict[str, str] | None:
    """?year= of the latest festival campaign (the generator makes one, with the result rows)."""
    from django.apps import apps

    campaign = apps.get_model("festival", "Campaign").objects.order_by("-year").first()
    return None if campaign is None else {"year": str(campaign.year)}


def festival_rows(params: dict[str, str]) -> int:
    from django.apps import apps

    return apps.get_model("festival", "ResultRow").objects.filter(campaign__year=params["year"]).count()


# --- the baselines: the bare libraries writing the same content ----------------------------------


def document_content(document) -> list[Any]:
    """The report's content in reading order: strings (lines) and lists of rows (tables)."""
    from phongtrao.documents.model import Table

    content: list[Any] = [document.issuing_body, document.title, document.summary]
    for section in document.sections:
        content.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Table):
                content.append([*block.header_rows, *block.rows])
            else:
                content.append(block)
    content.extend(document.recipients.lines() if hasattr(document.recipients, "lines") else [])
    return content


def bare_docx(content: list[Any]) -> bytes:
    import docx

    out = docx.Document()
    for block in content:
        if isinstance(block, list):
            width = len(block[0]) if block else 1
            table = out.add_table(rows=0, cols=width)
            for row in block:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = text
        else:
            out.add_paragraph(str(block))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def workbook_content(data: bytes) -> list[tuple[str, list[tuple]]]:
    """(sheet name, rows of cell values) of an XLSX file: what the exporter wrote, read back."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    content = [(sheet.title, [tuple(row) for row in sheet.iter_rows(values_only=True)]) for sheet in book.worksheets]
    book.close()
    return content


def bare_xlsx(sheets: list[tuple[str, list[tuple]]]) -> bytes:
    import datetime

    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets:
        sheet = book.add_worksheet(name[:31])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, datetime.date):
                    sheet.write_datetime(r, c, value, day)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                else:
                    sheet.write_string(r, c, str(value))
    book.close()
    return buffer.getvalue()


# --- the benchmark -------------------------------------------------------------------------------


def cases(user) -> list[dict[str, Any]]:
    """What to export, each with its baseline; the baselines' content is fetched here, untimed."""
    from django.utils import translation

    from phongtrao.documents import registry
    from phongtrao.documents.registry import Format

    out: list[dict[str, Any]] = []
    programme = national_programme(user)
    if programme is None:
        raise SystemExit("V05 has no work programme in this database: generate the data set first.")
    count = programme.assignments.count()
    with translation.override("vi"):
        docx_content = document_content(report_exporter(user, programme).document())
    xlsx_content = workbook_content(report_exporter(user, programme).export(Format.XLSX))
    out.append(
        {
            "label": f"national progress report DOCX ({programme.owner.code} {programme.year}, {count:,} assignments)",
            "export": lambda: report_exporter(user, programme).export(Format.DOCX),
            "baseline": lambda: bare_docx(docx_content),
            "baseline_label": "python-docx, same text and tables, unstyled",
        }
    )
    out.append(
        {
            "label": f"national progress report XLSX ({programme.owner.code} {programme.year})",
            "export": lambda: report_exporter(user, programme).export(Format.XLSX),
            "baseline": lambda: bare_xlsx(xlsx_content),
            "baseline_label": "xlsxwriter, same cells, unformatted",
        }
    )
    params = festival_params() if festival_summary_available() else None
    if params is not None:
        exporter_cls = registry.get(FESTIVAL_SUMMARY)
        content = workbook_content(exporter_cls(user=user, params=params).export(Format.XLSX))
        rows = sum(len(sheet_rows) - 1 for _, sheet_rows in content)
        out.append(
            {
                "label": f"festival results summary XLSX ({params['year']}: {festival_rows(params):,} result rows "
                f"-> {rows:,} rows in {len(content)} sheets)",
                "export": lambda: exporter_cls(user=user, params=params).export(Format.XLSX),
                "baseline": lambda: bare_xlsx(content),
                "baseline_label": "xlsxwriter, same cells, unformatted",
            }
        )
    return out


def run(repeat: int, user=None) -> list[dict[str, Any]]:
    from bench.bench_dashboard import v05_user

    user = user or v05_user()
    todo = cases(user)
    rows, results = [], []
    for case in todo:
        cpu: dict[str, list[float]] = {}
        times = common.interleaved({"export": case["export"], "baseline": case["baseline"]}, repeat, cpu=cpu)
        export_t, base_t = common.median(times["export"]), common.median(times["baseline"])
        export_cpu, base_cpu = common.median(cpu["export"]), common.median(cpu["baseline"])
        mem = common.measure_in_child(case["export"])
        base_mem = common.measure_in_child(case["baseline"])
        results.append(
            {
                "case": case["label"],
                "time": export_t,
                "baseline": base_t,
                "cpu": export_cpu,
                "baseline_cpu": base_cpu,
                "memory": mem,
                "baseline_memory": base_mem,
            }
        )
        rows.append(
            [
                case["label"],
                f"{common.ms(export_t)} (CPU {common.ms(export_cpu)})",
                common.mib(mem["tracemalloc_peak"]),
                common.mib(mem["rss_increase"]),
                f"{mem['size'] / 1024:,.0f} KiB",
                f"{common.ms(base_t)} (CPU {common.ms(base_cpu)})",
                common.mib(base_mem["tracemalloc_peak"]),
                common.mib(base_mem["rss_increase"]),
                common.ratio(export_t, base_t),
            ]
        )
        rows.append(["  baseline: " + case["baseline_label"], "", "", "", f"{base_mem['size'] / 1024:,.0f} KiB", "", "", "", ""])
    from django.db import connection

    where_cpu = ", which includes SQLite's work" if connection.vendor == "sqlite" else ", without the database server's"
    if not festival_summary_available():
        rows.append([f"festival XLSX summary: SKIPPED, no exporter {FESTIVAL_SUMMARY} registered yet", *[""] * 8])
    common.print_table(
        f"(e) Documents, exported by {user.username}; time: medians of {repeat} runs (wall clock, and this process's CPU "
        f"time{where_cpu}); memory: one run in a forked child",
        rows,
        [
            "export",
            "time",
            "tracemalloc peak",
            "peak RSS increase",
            "size",
            "baseline time",
            "baseline tracemalloc",
            "baseline RSS increase",
            "time ratio",
        ],
    )
    return results


def main(argv=None) -> None:
    args = common.parse_args(__doc__.splitlines()[1], argv)
    common.setup(args.scale)
    data = common.ensure_data(args.scale, generate=not args.no_generate)
    common.print_machine({"data": data})
    run(args.repeat)


if __name__ == "__main__":
    main()
