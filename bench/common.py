"""Shared helpers of the benchmarks: timing, the machine, a table printer, the benchmark database.

The API others import is small and stable:

    timeit(fn, repeat, warmup=1) -> list[float]   seconds per call, perf_counter
    median(values) -> float
    machine_info() -> dict                        CPU model and count, memory, Python, Django, database
    print_table(title, rows, headers)             a plain-text table (rows: sequences of cells)

and, for scripts run as `python bench/bench_x.py --scale 0.1 --repeat 5`:

    args = parse_args("what it measures")         --scale, --repeat, --no-generate
    setup(args.scale)                             DATABASE_URL (default: a SQLite file per scale), django.setup()
    ensure_data(args.scale)                       migrate, reference data and `generate_national --scale` once
    print_machine()                               the machine block every benchmark prints first
    measure_in_child(fn) -> dict                  time, tracemalloc peak and peak RSS increase of fn, in a forked child
    interleaved({name: fn}, repeat, cpu={})       timeit for several functions taking turns (and CPU times)

Nothing here times anything by itself: every figure is a median over `repeat` runs, and every
benchmark runs its baseline in the same process, interleaved with the measured code.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import platform
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SETTINGS = "bench.settings_bench"


# --- timing --------------------------------------------------------------------------------------


def timeit(fn: Callable[[], Any], repeat: int, warmup: int = 1) -> list[float]:
    """Seconds taken by each of `repeat` calls of fn, after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def interleaved(
    fns: dict[str, Callable[[], Any]], repeat: int, warmup: int = 1, cpu: dict[str, list[float]] | None = None
) -> dict[str, list[float]]:
    """Like timeit for several functions, taking turns (a, b, a, b...; the order reversed every
    other round) so that drift and other load hit them alike. Returns wall-clock seconds; pass a
    dict as `cpu` to also get this process's CPU seconds per call (time.process_time), which other
    processes on the machine do not inflate (meaningful where all the work is in-process: SQLite)."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: dict[str, list[float]] = {name: [] for name in fns}
    if cpu is not None:
        cpu.update({name: [] for name in fns})
    for index in range(repeat):
        order = list(fns.items())
        if index % 2:
            order.reverse()
        for name, fn in order:
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            fn()
            times[name].append(time.perf_counter() - start)
            if cpu is not None:
                cpu[name].append(time.process_time() - start_cpu)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def ratio(value: float, baseline: float) -> str:
    return f"{value / baseline:.2f}×" if baseline else "—"


def mib(size: float) -> str:
    return f"{size / 2**20:.1f} MiB"


# --- the machine ---------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    return "?"


def database_version() -> str:
    """The database behind the default connection, with its server version."""
    from django.db import connection

    if connection.vendor == "sqlite":
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version} ({connection.settings_dict['NAME']})"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        version = cursor.fetchone()[0]
    return f"{version.split(' on ')[0]} ({connection.settings_dict.get('NAME')})"


def machine_info() -> dict[str, str]:
    """What the figures were measured on (call after django.setup() to include the database)."""
    info = {
        "cpu": _cpu_model(),
        "cpus": f"{os.cpu_count()} (usable: {len(os.sched_getaffinity(0))})",
        "memory": _memory_total(),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load average": " ".join(f"{x:.1f}" for x in os.getloadavg()) + " (1, 5, 15 min; other work on the machine)",
    }
    try:
        import django

        info["django"] = django.get_version()
        from django.conf import settings

        if settings.configured:
            info["database"] = database_version()
    except Exception as exc:
        info["database"] = f"? ({exc.__class__.__name__})"
    return info


def print_machine(extra: dict[str, Any] | None = None) -> None:
    info = {**machine_info(), **(extra or {})}
    width = max(len(key) for key in info)
    print("Machine")
    for key, value in info.items():
        print(f"  {key.ljust(width)}  {value}")
    print()


# --- the table -----------------------------------------------------------------------------------


def print_table(title: str, rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> None:
    """A plain table with a title, columns as wide as their widest cell; numbers align right."""
    cells = [[str(cell) for cell in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))

    def line(row: Sequence[str]) -> str:
        out = []
        for i, cell in enumerate(row):
            numeric = cell[:1].isdigit() or cell[:1] in "-+—"
            out.append(cell.rjust(widths[i]) if numeric and i else cell.ljust(widths[i]))
        return "| " + " | ".join(out) + " |"

    print(title)
    print(line(list(headers)))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in cells:
        print(line(row))
    print()


# --- memory --------------------------------------------------------------------------------------


def _status_kib(field: str) -> int | None:
    """A "VmRSS:"-like line of /proc/self/status, in KiB (None where there is no /proc)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak_rss() -> bool:
    """Reset this process's peak RSS (VmHWM) to its current RSS (Linux >= 4.0: clear_refs 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def measure_in_child(fn: Callable[[], Any]) -> dict[str, float]:
    """Run fn once in a forked child and measure, in the child: wall time, the tracemalloc peak
    (Python allocations during the call), and the peak RSS during the call above the RSS the
    child started with (VmHWM after resetting it with /proc/self/clear_refs; where that is not
    possible, ru_maxrss of the child, which then includes what it inherited).

    A fork gives each measurement its own peak, which otherwise only ever grows in a process.
    Database connections are closed first so that the child opens its own.
    """
    from django.db import connections

    connections.close_all()
    gc.collect()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        result: dict[str, Any] = {}
        try:
            exact = _reset_peak_rss()
            rss_before = (_status_kib("VmRSS") or 0) * 1024
            tracemalloc.start()
            start = time.perf_counter()
            value = fn()
            result["seconds"] = time.perf_counter() - start
            result["tracemalloc_peak"] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            peak = _status_kib("VmHWM") if exact else None
            result["rss_before"] = rss_before
            result["rss_peak"] = peak * 1024 if peak is not None else None
            result["size"] = len(value) if isinstance(value, bytes | bytearray) else 0
        except BaseException as exc:  # reported to the parent, which raises
            result["error"] = f"{exc.__class__.__name__}: {exc}"
        with os.fdopen(write_end, "wb") as pipe:
            pickle.dump(result, pipe)
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    _, _status, usage = os.wait4(pid, 0)
    result = pickle.loads(data)  # noqa: S301  our own child's output
    if "error" in result:
        raise RuntimeError(f"measured function failed in the child: {result['error']}")
    result["maxrss"] = usage.ru_maxrss * 1024  # KiB on Linux
    if result["rss_peak"] is None:
        result["rss_peak"] = result["maxrss"]
    result["rss_increase"] = max(0, result["rss_peak"] - result["rss_before"])
    return result


# --- arguments, Django and the benchmark database ------------------------------------------------


def parse_args(description: str, argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--scale", type=float, default=0.1, help="generator scale of the data set (default 0.1)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per figure; medians are shown (default 5)")
    parser.add_argument(
        "--no-generate", action="store_true", help="use the database as it is (DATABASE_URL), do not generate data"
    )
    return parser.parse_args(argv)


def default_database_url(scale: float) -> str:
    return f"sqlite:////tmp/phongtrao-bench-{scale:g}.sqlite3"


def setup(scale: float, settings: str = SETTINGS) -> None:
    """Point Django at the benchmark database (DATABASE_URL, else a SQLite file for this scale)."""
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DATABASE_URL", default_database_url(scale))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", settings)
    import django

    django.setup()


def generator_available() -> bool:
    from django.core.management import get_commands

    return "generate_national" in get_commands()


def ensure_data(scale: float, *, generate: bool = True) -> str:
    """Make sure the database holds the generated data set; returns a line saying what it holds.

    Runs migrate, then `generate_national --scale` the first time (the generator loads the
    reference data itself, is deterministic and ends with ANALYZE, so a database made once
    serves every later run). A database already holding generated data is used as it is, whatever
    scale it was made at: the line printed says how many assignments it holds. Without the
    generator, falls back to the demo data and says so.
    """
    from django.core.management import call_command

    from phongtrao.work.models import Assignment

    call_command("migrate", verbosity=0)
    if generator_available():
        from phongtrao import generator

        if generate and not generator.has_generated_data():
            print(f"Generating the data set at scale {scale:g} (once for this database)...", flush=True)
            start = time.perf_counter()
            call_command("generate_national", scale=scale)
            print(f"  done in {time.perf_counter() - start:.0f} s", flush=True)
        if generator.has_generated_data():
            return f"generated ({Assignment.objects.count():,} assignments, {generator.generated_users().count():,} users)"
        return f"as found, no generated data ({Assignment.objects.count():,} assignments)"
    if not generate:
        return f"as found ({Assignment.objects.count():,} assignments)"
    from phongtrao.org.models import Unit, User

    if not Unit.objects.exists():
        call_command("load_reference", verbosity=0)
        call_command("load_calendar", verbosity=0)
    if not User.objects.filter(username="phocuctruong").exists():
        call_command("load_demo", verbosity=0)
    return f"DEMO DATA ONLY: generate_national is not available ({Assignment.objects.count():,} assignments)"


# --- the load test's helpers (bench/loadtest.sh) -------------------------------------------------


def copy_sqlite(source: str, target: str) -> None:
    """A consistent copy of a SQLite database (the backup API, safe with WAL)."""
    import sqlite3

    for suffix in ("", "-wal", "-shm"):
        Path(target + suffix).unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    dst.execute("PRAGMA journal_mode=WAL")
    src.close()
    dst.close()


def load_accounts(count: int) -> list[dict[str, str]]:
    """Officers for the load test: generated officers of provincial and commune police (taking
    turns) whose unit leads open assignments with manual progress, `count` at most; the demo's
    officers when nothing was generated."""
    from phongtrao.work.enums import OPEN_STATES
    from phongtrao.work.models import Assignment

    if generator_available():
        from phongtrao import generator

        if generator.has_generated_data():
            leading = Assignment.objects.filter(execution__in=OPEN_STATES, progress_mode="manual").values("lead")
            by_kind = {}
            for kind in ("provincial_police", "commune_police"):
                by_kind[kind] = list(
                    generator.generated_users()
                    .filter(is_active=True, memberships__role="officer", memberships__unit__kind=kind)
                    .filter(memberships__unit__in=leading)
                    .order_by("username")
                    .values_list("username", flat=True)
                    .distinct()[:count]
                )
            names: list[str] = []
            for pair in zip(by_kind["provincial_police"], by_kind["commune_police"], strict=False):
                names.extend(pair)
            for kind in by_kind.values():
                names.extend(n for n in kind if n not in names)
            return [{"username": n, "password": generator.BENCH_PASSWORD} for n in names[:count]]
    from phongtrao.demo import DEMO_PASSWORD

    demo = ["sonla_canbo", "daklak_canbo", "cantho_canbo", "taxua_canbo", "canbo_v05"]
    return [{"username": n, "password": DEMO_PASSWORD} for n in demo]


def refresh_password_hashes(accounts: list[dict[str, str]]) -> int:
    """Check each account's password once, as a log-in does: Django re-hashes a password whose
    hash it considers outdated (the generator's fixed salt is below Django's salt entropy), which
    would otherwise double the cost of every first log-in of the load test. Returns how many."""
    from django.contrib.auth.hashers import identify_hasher

    from phongtrao.org.models import User

    refreshed = 0
    for account in accounts:
        user = User.objects.get(username=account["username"])
        if identify_hasher(user.password).must_update(user.password):
            assert user.check_password(account["password"]), f"wrong password for {user.username}"
            refreshed += 1
    return refreshed


def verify_submissions(path: str) -> dict[str, Any]:
    """Progress reports the load test made (its JSON) against the rows stored with their texts."""
    import json

    from phongtrao.work.models import ProgressReport

    made = json.loads(Path(path).read_text(encoding="utf-8"))
    texts = {item["text"] for item in made["submitted"]}
    stored = list(ProgressReport.objects.filter(text__startswith=f"loadtest {made['run']} ").values_list("text", flat=True))
    return {
        "submitted": len(made["submitted"]),
        "stored": len(stored),
        "lost": len(texts - set(stored)),
        "duplicated": len(stored) - len(set(stored)),
        "unexpected": len(set(stored) - texts),
    }


def locust_summary(csv_prefix: str, label: str) -> list[list[str]]:
    """Rows of the locust stats CSV: per request name and the aggregate."""
    import csv

    rows = []
    with open(f"{csv_prefix}_stats.csv", encoding="utf-8") as stats:
        for row in csv.DictReader(stats):
            name = "all requests" if row["Name"] == "Aggregated" else f"{row['Type']} {row['Name']}"
            rows.append(
                [
                    f"{label}: {name}",
                    row["Request Count"],
                    row["Failure Count"],
                    f"{float(row['Requests/s']):.1f}",
                    row["50%"],
                    row["95%"],
                    row["99%"],
                    row["Max Response Time"].split(".")[0],
                ]
            )
    return rows


LOCUST_HEADERS = ["requests", "count", "failures", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"]


def locust_steady_state(csv_prefix: str) -> str:
    """Throughput and windowed percentiles over the second half of the run (after the log-ins),
    from locust's stats history (one row a second; its percentiles cover the last few seconds)."""
    import csv

    with open(f"{csv_prefix}_stats_history.csv", encoding="utf-8") as history:
        rows = [row for row in csv.DictReader(history) if row["Name"] == "Aggregated"]
    if len(rows) < 4:
        return "steady state: too short a run"
    start, end = rows[len(rows) // 2], rows[-1]
    seconds = int(end["Timestamp"]) - int(start["Timestamp"])
    count = int(end["Total Request Count"]) - int(start["Total Request Count"])
    failures = int(end["Total Failure Count"]) - int(start["Total Failure Count"])

    def med(column: str) -> str:
        values = [float(row[column]) for row in rows[len(rows) // 2 :] if row[column] not in ("N/A", "")]
        return f"{statistics.median(values):.0f}" if values else "?"

    return (
        f"second half of the run ({seconds} s): {count / max(seconds, 1):.1f} req/s, {failures} failures, "
        f"median of the windowed p50 {med('50%')} ms, p95 {med('95%')} ms, p99 {med('99%')} ms"
    )


def main(argv: Sequence[str] | None = None) -> None:
    """Helpers of bench/loadtest.sh: prepare, accounts, verify, summary (see --help)."""
    import json

    parser = argparse.ArgumentParser(description=main.__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    prepare = commands.add_parser("prepare", help="migrate and generate the data set at DATABASE_URL")
    prepare.add_argument("--scale", type=float, default=0.1)
    copy = commands.add_parser("copy-sqlite", help="copy a SQLite database consistently")
    copy.add_argument("source")
    copy.add_argument("target")
    accounts = commands.add_parser("accounts", help="write the load test's accounts as JSON")
    accounts.add_argument("--count", type=int, default=50)
    accounts.add_argument("--out", required=True)
    verify = commands.add_parser("verify", help="compare the submitted progress reports with the stored rows")
    verify.add_argument("submitted")
    summary = commands.add_parser("summary", help="print locust's stats CSV as a table")
    summary.add_argument("csv_prefix")
    summary.add_argument("--label", default="")
    machine = commands.add_parser("machine", help="print the machine block")
    machine.add_argument("--scale", type=float, default=0.1)
    args = parser.parse_args(argv)

    if args.command == "copy-sqlite":
        copy_sqlite(args.source, args.target)
        return
    if args.command == "summary":
        print_table(f"Load test {args.label}", locust_summary(args.csv_prefix, args.label), LOCUST_HEADERS)
        print(locust_steady_state(args.csv_prefix))
        return
    setup(getattr(args, "scale", 0.1))
    if args.command == "prepare":
        print(ensure_data(args.scale))
    elif args.command == "machine":
        print_machine()
    elif args.command == "accounts":
        found = load_accounts(args.count)
        Path(args.out).write_text(json.dumps(found, ensure_ascii=False), encoding="utf-8")
        refreshed = refresh_password_hashes(found)
        print(f"{len(found)} accounts, e.g. {', '.join(a['username'] for a in found[:3])}; {refreshed} outdated hashes refreshed")
    elif args.command == "verify":
        result = verify_submissions(args.submitted)
        print(json.dumps(result))
        if result["lost"] or result["duplicated"] or result["unexpected"] or result["stored"] != result["submitted"]:
            sys.exit(1)


if __name__ == "__main__":
    main()
