"""Benchmark (c): importing festival result rows from XLSX vs django-import-export.

    .venv/bin/python bench/bench_results_import.py --rows 100000 --repeat 3
    .venv/bin/python bench/bench_results_import.py --rows 100000 --baseline-rows 20000 --repeat 3

The database: a throwaway SQLite file, /tmp/phongtrao-bench-results.sqlite3 (or DATABASE_URL if
set, e.g. a scratch PostgreSQL database), migrated and loaded with the reference data
(`load_reference`: 34 provinces, 3,321 communes, the police unit tree) the first time; later runs
reuse it. The benchmark owns one campaign (year 2099) and its rows there, and empties its rows
before every timed run, so nothing else in the database is touched.

The file: --rows sites of Tỉnh Thanh Hóa (166 communes), written with xlsxwriter in the
campaign's template (the six fixed columns and the 17 default figures, ~70% of them filled),
imported by an officer of Công an tỉnh Thanh Hóa into an empty table (all rows new).

Side by side, the same file into the same model (festival.ResultRow), the same validation:

- ours: phongtrao.festival.results.importer.import_bytes (stream the sheet, check every row in
  memory with lookups loaded once, bulk insert in one transaction), with the reader it uses by
  default (read_rows_fast) and, for the breakdown, with openpyxl's read-only reader (read_rows);
- django-import-export 4.4: tablib loads the workbook (openpyxl), then a ModelResource for
  ResultRow imports it with use_transactions=True (all or nothing), use_bulk=True,
  batch_size=1000 and skip_diff=True (its documented settings for speed; the defaults are slower).
  Its before_import_row runs our checker's per-row check (ResultsChecker.check_row: the same
  rules, the same lookups loaded once, duplicates in the file, rows of other units) and puts the
  resolved ids into the row; the fields are plain attributes (commune_id, province_id...) so that
  no widget queries the database per row. It looks each row up by the natural key
  (campaign, commune, kind, name), as import-export does for import_id_fields.

Each figure is the median of --repeat timed runs (after one untimed warm-up each when
--repeat > 1), the importers taking turns (a, b, c, then c, b, a...) so that the machine's drift
hits them alike. Both results are checked equal (row count and the sum of every field)
before anything is printed. If the baseline is too slow at --rows, give --baseline-rows: the
baseline then imports the first --baseline-rows rows of the same data, ours is timed on that file
too, and the table shows the ratio at that size and the throughputs (rows/s) at both sizes.
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

DEFAULT_DATABASE = "sqlite:////tmp/phongtrao-bench-results.sqlite3"
YEAR = 2099
PROVINCE_CODE = "38"  # Tỉnh Thanh Hóa: 166 communes
GOAL = 10.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Festival results import vs django-import-export")
    parser.add_argument("--rows", type=int, default=100_000, help="rows of the file (default 100,000)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per figure; medians are shown (default 3)")
    parser.add_argument(
        "--baseline-rows", type=int, default=None, help="rows for django-import-export if it is too slow at --rows"
    )
    parser.add_argument("--no-breakdown", action="store_true", help="skip the phase breakdown and the openpyxl-reader run")
    parser.add_argument(
        "--baseline-without-gc",
        action="store_true",
        help="also time django-import-export with the garbage collector paused, as ours runs (for comparison)",
    )
    return parser.parse_args()


# --- the world -----------------------------------------------------------------------------------


def prepare():
    """Migrate, load the reference data once, and make the benchmark's campaign, unit and officer."""
    from django.core.management import call_command

    from phongtrao.festival.core import campaign_create
    from phongtrao.festival.models import Campaign
    from phongtrao.org.enums import AreaLevel, Role
    from phongtrao.org.models import Area, Membership, Unit, User

    call_command("migrate", verbosity=0)
    if not Area.objects.filter(level=AreaLevel.COMMUNE).exists():
        print("Loading the reference data (once for this database)...", flush=True)
        call_command("load_reference", verbosity=0)
    province = Area.objects.get(level=AreaLevel.PROVINCE, gso_code=PROVINCE_CODE)
    unit = Unit.objects.get(area=province)
    officer, _ = User.objects.get_or_create(username="bench_results_officer", defaults={"full_name": "Cán bộ đo hiệu năng"})
    Membership.objects.get_or_create(user=officer, unit=unit, defaults={"role": Role.OFFICER})
    organiser, _ = User.objects.get_or_create(username="bench_results_v05", defaults={"full_name": "Cán bộ V05"})
    v05 = Unit.objects.get(code="V05")
    Membership.objects.get_or_create(user=organiser, unit=v05, defaults={"role": Role.OFFICER})
    campaign = Campaign.objects.filter(year=YEAR).first()
    if campaign is None:
        campaign = campaign_create(
            actor=organiser,
            owner=v05,
            year=YEAR,
            theme="Đo hiệu năng nhập kết quả",
            window_start=datetime.date(YEAR, 7, 1),
            window_end=datetime.date(YEAR, 8, 19),
            festival_day=datetime.date(YEAR, 8, 19),
        )
    return campaign, unit, officer


def reset(campaign) -> None:
    from phongtrao.festival.models import ResultRow

    ResultRow.objects.filter(campaign=campaign)._raw_delete(ResultRow.objects.db)


def workbook(campaign, unit, rows: int) -> bytes:
    """The campaign's template filled with `rows` sites spread over the unit's communes."""
    import xlsxwriter

    from phongtrao.festival.results.importer import KIND_VALUES, LEVEL_VALUES, template_columns
    from phongtrao.festival.results.queries import communes_of, fields_of

    fields = fields_of(campaign)
    communes = list(communes_of(unit).values_list("gso_code", "name"))
    kinds = list(KIND_VALUES.values())
    levels = list(LEVEL_VALUES.values())[1:]
    rng = random.Random(19082005)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Kết quả")
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    for col, column in enumerate(template_columns(fields)):
        sheet.write_string(0, col, column.header)
    first = datetime.datetime(YEAR, 7, 1)
    for r in range(1, rows + 1):
        code, name = communes[r % len(communes)]
        sheet.write_string(r, 0, code)
        sheet.write_string(r, 1, name)
        sheet.write_string(r, 2, f"Điểm tổ chức số {r}")
        sheet.write_string(r, 3, kinds[r % len(kinds)])
        sheet.write_string(r, 4, levels[r % len(levels)])
        sheet.write_datetime(r, 5, first + datetime.timedelta(days=r % 50), day)
        for offset, field in enumerate(fields):
            if field.required or rng.random() < 0.7:
                value = rng.randrange(0, 50_000_000) if field.kind == "money" else rng.randrange(0, 3000)
                sheet.write_number(r, 6 + offset, value)
    book.close()
    return buffer.getvalue()


def fingerprint(campaign) -> tuple:
    """Row count and the sum of every field, from the database."""
    from phongtrao.festival.models import ResultRow
    from phongtrao.festival.results.queries import fields_of

    keys = [f.key for f in fields_of(campaign)]
    totals = dict.fromkeys(keys, 0)
    count = 0
    for values in ResultRow.objects.filter(campaign=campaign).values_list("values", flat=True).iterator(chunk_size=5000):
        count += 1
        for key, value in values.items():
            totals[key] += value
    return count, tuple(totals[k] for k in keys)


# --- the two importers ---------------------------------------------------------------------------


def ours(campaign, unit, officer, reader=None):
    from phongtrao.festival.results.importer import import_bytes

    def run(data: bytes) -> int:
        outcome = import_bytes(data, campaign=campaign, unit=unit, actor=officer, reader=reader)
        if not outcome.ok:
            raise RuntimeError(f"our import rejected the file: {[str(e) for e in outcome.errors[:3]]}")
        return outcome.created + outcome.updated

    return run


def import_export_baseline(campaign, unit, officer):
    """django-import-export's ModelResource for ResultRow, validating with our checker's rules."""
    import tablib
    from django.core.exceptions import ValidationError
    from import_export import fields, resources, widgets

    from phongtrao.festival.enums import ResultSource
    from phongtrao.festival.geography import region_map
    from phongtrao.festival.models import ResultRow
    from phongtrao.festival.results.importer import ResultsChecker
    from phongtrao.festival.results.queries import communes_of

    commune_ids = list(communes_of(unit).values_list("pk", flat=True))
    parents = dict(communes_of(unit).values_list("pk", "parent_id"))
    regions = region_map(commune_ids)

    class Plain(widgets.Widget):
        def clean(self, value, row=None, **kwargs):
            return value

        def render(self, value, obj=None, **kwargs):
            return value

    def field(name: str) -> fields.Field:
        return fields.Field(attribute=name, column_name=f"_{name}", widget=Plain())

    class ResultRowResource(resources.ModelResource):
        campaign_id = field("campaign_id")
        unit_id = field("unit_id")
        commune_id = field("commune_id")
        province_id = field("province_id")
        region_id = field("region_id")
        site_name = field("site_name")
        site_kind = field("site_kind")
        site_level = field("site_level")
        held_on = field("held_on")
        values = field("values")
        source = field("source")
        submitted_by_id = field("submitted_by_id")

        class Meta:
            model = ResultRow
            fields = (
                "campaign_id",
                "unit_id",
                "commune_id",
                "province_id",
                "region_id",
                "site_name",
                "site_kind",
                "site_level",
                "held_on",
                "values",
                "source",
                "submitted_by_id",
            )
            import_id_fields = ("campaign_id", "commune_id", "site_kind", "site_name")
            use_bulk = True
            batch_size = 1000
            skip_diff = True
            use_transactions = True

        def before_import(self, dataset, **kwargs):
            self.checker = ResultsChecker(campaign=campaign, unit=unit)
            self.headers = list(dataset.headers)
            _row, positions = self.checker.locate_header(iter([tuple(self.headers)]))
            self.checker.prepare(positions)
            for name in self._meta.fields:  # the columns before_import_row fills in
                dataset.append_col([None] * len(dataset), header=f"_{name}")

        def before_import_row(self, row, row_number=None, **kwargs):
            checker = self.checker
            before = len(checker.errors)
            clean = checker.check_row(row_number + 1, tuple(row.get(h) for h in self.headers))
            if clean is None:
                problems = checker.errors[before:] or [type("E", (), {"column": "", "message": "invalid"})()]
                raise ValidationError({p.column or "row": [p.message] for p in problems})
            row.update(
                {
                    "_campaign_id": campaign.pk,
                    "_unit_id": unit.pk,
                    "_commune_id": clean.commune_id,
                    "_province_id": parents[clean.commune_id],
                    "_region_id": regions.get(clean.commune_id),
                    "_site_name": clean.site_name,
                    "_site_kind": clean.site_kind,
                    "_site_level": clean.site_level,
                    "_held_on": clean.held_on,
                    "_values": clean.values,
                    "_source": ResultSource.IMPORT,
                    "_submitted_by_id": officer.pk,
                }
            )

    def run(data: bytes) -> int:
        dataset = tablib.Dataset().load(data, format="xlsx")
        result = ResultRowResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=False)
        if result.has_errors() or result.has_validation_errors():
            problems = [error.error for error in result.base_errors][:3]
            for row_number, errors in result.row_errors()[:3]:
                problems.append((row_number, [str(error.error) for error in errors]))
            for invalid in result.invalid_rows[:3]:
                problems.append((invalid.number, invalid.error_dict))
            raise RuntimeError(f"django-import-export rejected the file: {problems}")
        return result.totals["new"] + result.totals["update"]

    return run


# --- the measurement -----------------------------------------------------------------------------


def without_gc(fn):
    from phongtrao.festival.results.importer import _without_collection_pauses

    def run(data: bytes) -> int:
        with _without_collection_pauses():
            return fn(data)

    return run


def interleaved(runs: dict[str, tuple], campaign, repeat: int) -> dict[str, tuple[list[float], tuple]]:
    """Each importer `repeat` times (after one untimed warm-up each when repeat > 1), taking turns
    (a, b, c, then c, b, a...) so that the machine's drift hits them alike. The table is emptied
    before every run; the fingerprint of what each stored is taken after its last run."""
    times: dict[str, list[float]] = {name: [] for name in runs}
    prints: dict[str, tuple] = {}
    rounds = repeat + (1 if repeat > 1 else 0)
    for index in range(rounds):
        order = list(runs.items())
        if index % 2:
            order.reverse()
        for name, (label, fn, data) in order:
            reset(campaign)
            start = time.perf_counter()
            written = fn(data)
            seconds = time.perf_counter() - start
            warmup = repeat > 1 and index == 0
            print(f"  {label}: {written:,} rows in {seconds:.2f} s{' (warm-up)' if warmup else ''}", flush=True)
            if not warmup:
                times[name].append(seconds)
            if index == rounds - 1:
                prints[name] = fingerprint(campaign)
    return {name: (times[name], prints[name]) for name in runs}


def breakdown(campaign, unit, officer, data: bytes) -> list[tuple[str, float]]:
    """One run of ours split into its phases: reading, checking, writing."""
    from phongtrao.festival.results.importer import ResultsChecker, _without_collection_pauses, write
    from phongtrao.festival.results.reader import read_rows, read_rows_fast

    phases = []
    with _without_collection_pauses():  # as import_bytes runs
        start = time.perf_counter()
        rows = list(read_rows_fast(io.BytesIO(data)))
        phases.append(("read the sheet (read_rows_fast)", time.perf_counter() - start))
        start = time.perf_counter()
        list(read_rows(io.BytesIO(data)))
        phases.append(("read the sheet (openpyxl read-only, for comparison)", time.perf_counter() - start))
        reset(campaign)
        start = time.perf_counter()
        checker = ResultsChecker(campaign=campaign, unit=unit)
        checked = checker.check(iter(rows))
        phases.append(("load the lookups and check every row", time.perf_counter() - start))
        start = time.perf_counter()
        write(checked, campaign=campaign, unit=unit, actor=officer)
        phases.append(("write (batched INSERTs, one transaction)", time.perf_counter() - start))
    return phases


def main() -> None:
    args = parse_args()
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE)
    common.setup(0, settings=common.SETTINGS)
    import import_export

    campaign, unit, officer = prepare()
    baseline_rows = min(args.baseline_rows or args.rows, args.rows)
    print(f"Writing the {args.rows:,}-row workbook...", flush=True)
    data = workbook(campaign, unit, args.rows)
    small = data if baseline_rows == args.rows else workbook(campaign, unit, baseline_rows)
    extra = {
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "django-import-export": import_export.__version__,
        "file": f"{args.rows:,} rows, {len(data) / 2**20:.1f} MiB ({unit.name}, {unit.area.children.count()} communes)",
    }
    common.print_machine(extra)

    print("Timing (the table is emptied before each run; the importers take turns)...", flush=True)
    runs: dict[str, tuple] = {"ours": ("ours", ours(campaign, unit, officer), data)}
    if baseline_rows != args.rows:
        runs["ours_small"] = ("ours (baseline size)", ours(campaign, unit, officer), small)
    runs["baseline"] = ("django-import-export", import_export_baseline(campaign, unit, officer), small)
    if args.baseline_without_gc:
        runs["baseline_nogc"] = ("django-import-export, GC paused", without_gc(runs["baseline"][1]), small)
    if not args.no_breakdown:
        from phongtrao.festival.results.reader import read_rows

        runs["ours_openpyxl"] = ("ours, openpyxl reader", ours(campaign, unit, officer, reader=read_rows), data)
    results = interleaved(runs, campaign, args.repeat)
    same_size = results.get("ours_small", results["ours"])
    if same_size[1] != results["baseline"][1]:
        raise SystemExit(f"The two imports stored different data: {same_size[1]} vs {results['baseline'][1]}")
    if "ours_openpyxl" in results and results["ours_openpyxl"][1] != results["ours"][1]:
        raise SystemExit("The two readers stored different data")

    ours_s = common.median(results["ours"][0])
    small_s = common.median(same_size[0])
    base_s = common.median(results["baseline"][0])
    rows_table = [
        ("ours (read_rows_fast)", f"{args.rows:,}", f"{ours_s:.2f} s", f"{args.rows / ours_s:,.0f}", ""),
    ]
    if "baseline_nogc" in results:
        nogc = common.median(results["baseline_nogc"][0])
        rows_table.append(
            ("django-import-export, GC paused", f"{baseline_rows:,}", f"{nogc:.2f} s", f"{baseline_rows / nogc:,.0f}", "")
        )
    if "ours_openpyxl" in results:
        ox = common.median(results["ours_openpyxl"][0])
        rows_table.append(("ours (openpyxl read-only reader)", f"{args.rows:,}", f"{ox:.2f} s", f"{args.rows / ox:,.0f}", ""))
    if baseline_rows != args.rows:
        rows_table.append(
            ("ours (read_rows_fast)", f"{baseline_rows:,}", f"{small_s:.2f} s", f"{baseline_rows / small_s:,.0f}", "")
        )
    rows_table.append(
        (
            "django-import-export (use_bulk, skip_diff)",
            f"{baseline_rows:,}",
            f"{base_s:.2f} s",
            f"{baseline_rows / base_s:,.0f}",
            "baseline",
        )
    )
    common.print_table(
        f"Importing festival result rows from XLSX (median of {args.repeat})",
        rows_table,
        ["importer", "rows", "time", "rows/s", ""],
    )
    same = base_s / small_s
    throughput = (args.rows / ours_s) / (baseline_rows / base_s)
    lines = [
        (f"ours vs django-import-export, same file ({baseline_rows:,} rows)", f"{same:.1f}× faster", f"goal ≥ {GOAL:g}×"),
    ]
    if baseline_rows != args.rows:
        lines.append(
            (
                f"throughput: ours at {args.rows:,} vs baseline at {baseline_rows:,}",
                f"{throughput:.1f}× faster",
                f"goal ≥ {GOAL:g}×",
            )
        )
    common.print_table("Ratio", lines, ["comparison", "ratio", "goal"])
    if not args.no_breakdown:
        common.print_table(
            f"Where our time goes (one run, {args.rows:,} rows)",
            [(name, f"{seconds:.2f} s") for name, seconds in breakdown(campaign, unit, officer, data)],
            ["phase", "time"],
        )
    reset(campaign)
    verdict = "met" if min(same, throughput) >= GOAL else "MISSED"
    print(f"Goal (≥ {GOAL:g}× faster than django-import-export): {verdict}")


if __name__ == "__main__":
    main()
