"""Importing a results workbook: streamed, checked row by row, written all or nothing.

The file is read as a stream (reader.py: read_rows_fast, or openpyxl's read-only reader when the
fast one declines the file; any reader yielding tuples of values will do) and every row is
checked in memory against lookups loaded once:
the communes by official code, the rows already stored in the importing unit's area, the sites
registered there, the accepted kinds and levels, the campaign's window and fields. Every problem is
collected with its row number and column name; any problem rejects the whole file and nothing is
written. A clean file is written in one transaction: new sites with multi-row INSERTs in batches,
sites already reported (same commune, kind and name) updated in place (see _Table).

Progress (0-100) is reported through a callback: reading and checking take it to 85, writing to
100. The write is one transaction, so other sessions only see its end; on PostgreSQL the progress
of the write is reported through a second connection (see _SideChannel).
"""

from __future__ import annotations

import datetime
import gc
import io
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models import Field
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from lxml import etree
from openpyxl.utils.exceptions import InvalidFileException

from phongtrao.common import auditing
from phongtrao.common.spreadsheets import Column, ImportRejected, RowError
from phongtrao.common.text import fold, normalize
from phongtrao.org.enums import AreaLevel
from phongtrao.org.models import Area, Unit

from ..enums import ImportStatus, ResultSource, SiteKind, SiteLevel
from ..geography import region_map
from ..models import Campaign, ResultField, ResultImport, ResultRow, Site
from .reader import LayoutError, read_rows, read_rows_fast, row_count_hint

logger = logging.getLogger(__name__)

SYNC_LIMIT = 2000  # more data rows than this: the import runs as a background task
MAX_ROWS = 150_000
MAX_BYTES = 64 * 1024 * 1024
MAX_LISTED_ERRORS = 1000  # every row is checked; the first errors are kept for the list
MAX_VALUE = 10**15  # đồng: a thousand trillion is a typing error, not a gift
MAX_NAME_LENGTH = 255
HEADER_SEARCH_ROWS = 10
BATCH_SIZE = 1000
READ_SHARE = 85  # percent of the progress bar for reading and checking

# The fixed columns of the template, in order; one column per result field follows them.
CODE_HEADER = "Mã xã"
COMMUNE_HEADER = "Tên xã"
SITE_HEADER = "Tên điểm"
KIND_HEADER = "Loại điểm"
LEVEL_HEADER = "Cấp"
DATE_HEADER = "Ngày tổ chức (dd/mm/yyyy)"
FIXED_COLUMNS = (
    Column("commune_code", CODE_HEADER, aliases=("Mã xã (mã thống kê)", "Mã xã/phường")),
    Column("commune_name", COMMUNE_HEADER, required=False),
    Column("site_name", SITE_HEADER),
    Column("site_kind", KIND_HEADER),
    Column("site_level", LEVEL_HEADER),
    Column("held_on", DATE_HEADER, aliases=("Ngày tổ chức",)),
)

# Accepted values, as written in the template (Vietnamese data), with the other spellings read.
KIND_VALUES: dict[str, str] = {
    SiteKind.COMMUNE: "Xã, phường, đặc khu",
    SiteKind.RESIDENTIAL: "Khu dân cư",
    SiteKind.AGENCY: "Cơ quan",
    SiteKind.ENTERPRISE: "Doanh nghiệp",
    SiteKind.SCHOOL: "Cơ sở giáo dục",
}
KIND_ALIASES: dict[str, tuple[str, ...]] = {
    SiteKind.COMMUNE: ("xã", "phường", "đặc khu", "xã/phường", "xã, phường, thị trấn"),
    SiteKind.RESIDENTIAL: ("thôn", "ấp", "bản", "buôn", "tổ dân phố", "khu phố", "khu dân cư, thôn, tổ dân phố"),
    SiteKind.AGENCY: ("cơ quan nhà nước",),
    SiteKind.ENTERPRISE: ("DN", "công ty"),
    SiteKind.SCHOOL: ("trường học", "trường", "CSGD"),
}
LEVEL_VALUES: dict[str, str] = {
    SiteLevel.NATIONAL: "Điểm chỉ đạo của Bộ",
    SiteLevel.PROVINCE: "Cấp tỉnh",
    SiteLevel.COMMUNE: "Cấp xã",
    SiteLevel.GRASSROOTS: "Cấp cơ sở",
}
LEVEL_ALIASES: dict[str, tuple[str, ...]] = {
    SiteLevel.NATIONAL: ("điểm chỉ đạo", "Bộ", "Trung ương", "Bộ Công an"),
    SiteLevel.PROVINCE: ("tỉnh", "thành phố"),
    SiteLevel.COMMUNE: ("xã", "phường"),
    SiteLevel.GRASSROOTS: ("cơ sở", "khu dân cư", "thôn"),
}

_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_GROUPED = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_PAREN = re.compile(r"\([^)]*\)")

Progress = Callable[[int], None]


def _lookup(values: dict[str, str], aliases: dict[str, tuple[str, ...]], labels: Iterable[tuple[str, Any]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for code, text in values.items():
        table[fold(text)] = code
        table[fold(code)] = code
        for alias in aliases.get(code, ()):
            table[fold(alias)] = code
    with translation.override("vi"):
        for code, label in labels:
            table.setdefault(fold(str(label)), code)
    return table


def kind_lookup() -> dict[str, str]:
    return _lookup(KIND_VALUES, KIND_ALIASES, SiteKind.choices)


def level_lookup() -> dict[str, str]:
    return _lookup(LEVEL_VALUES, LEVEL_ALIASES, SiteLevel.choices)


def template_columns(fields: Iterable[ResultField]) -> list[Column]:
    """The columns of the campaign's template: the fixed ones, then one per field in order."""
    return [*FIXED_COLUMNS, *(Column(figure_column(f.key), f.label, required=f.required) for f in fields)]


def figure_column(key: str) -> str:
    """The column key of a field (apart from the fixed columns' keys, whatever the field's key)."""
    return f"figure:{key}"


def code_key(value: object) -> str:
    """An official code as a lookup key: "03868", 3868 and "3868" are the same commune."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text.lstrip("0") or ("0" if text else "")


def file_problem(data: bytes) -> str | None:
    """Why these bytes cannot be a results workbook, or None."""
    if not data:
        return _("The file is empty.")
    if len(data) > MAX_BYTES:
        return _("The file is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return _("The file is not an Excel workbook (.xlsx). Please use the template provided.")
    return None


# --- checking ------------------------------------------------------------------------------------


@dataclass(slots=True)
class CleanRow:
    row: int
    commune_id: int
    site_name: str
    site_kind: str
    site_level: str
    held_on: datetime.date
    values: dict[str, int]
    existing_id: int | None = None


@dataclass
class Checked:
    """A file that passed every check: what will be created and what updated."""

    rows: list[CleanRow] = field(default_factory=list)

    @property
    def created(self) -> int:
        return sum(1 for row in self.rows if row.existing_id is None)

    @property
    def updated(self) -> int:
        return len(self.rows) - self.created


def _header_key(text: object) -> str:
    return fold(str(text)) if text is not None else ""


def _loose_key(text: str) -> str:
    return fold(_PAREN.sub(" ", text))


class ResultsChecker:
    """Checks the rows of one file for one campaign and one importing unit.

    Everything a row is checked against is loaded once when the checker is built (a handful of
    queries whatever the size of the file); checking a row is dictionary lookups only."""

    def __init__(self, *, campaign: Campaign, unit: Unit, fields: list[ResultField] | None = None) -> None:
        if unit.area is None:
            raise ValueError("A reporting unit has an area.")
        self.campaign = campaign
        self.unit = unit
        self.area_path = unit.area.path
        self.fields = (
            fields if fields is not None else list(ResultField.objects.filter(campaign=campaign).order_by("order", "pk"))
        )
        self.columns = template_columns(self.fields)
        self.kinds = kind_lookup()
        self.levels = level_lookup()
        self.kind_choices = ", ".join(KIND_VALUES.values())
        self.level_choices = ", ".join(LEVEL_VALUES.values())
        self.window = (campaign.window_start, campaign.window_end)
        communes = Area.objects.filter(level=AreaLevel.COMMUNE).exclude(gso_code="")
        self.communes: dict[str, tuple[int, str, str]] = {
            code_key(code): (pk, path, name) for pk, code, path, name in communes.values_list("pk", "gso_code", "path", "name")
        }
        stored = ResultRow.objects.filter(campaign=campaign, commune__path__startswith=self.area_path)
        self.existing: dict[tuple[int, str, str], tuple[int, int, str]] = {
            (commune, kind, name): (pk, unit_id, unit_path)
            for pk, commune, kind, name, unit_id, unit_path in stored.values_list(
                "pk", "commune_id", "site_kind", "site_name", "unit_id", "unit__path"
            )
        }
        self._unit_names: dict[int, str] = {}
        self._commune_memo: dict[Any, int | str] = {}
        self._choice_memo: dict[tuple[int, Any], str | None] = {}
        self.errors: list[RowError] = []
        self.error_count = 0
        self.total = 0

    # The checks of one row -----------------------------------------------------------------

    def error(self, row: int, column: str, message: str) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_LISTED_ERRORS:
            self.errors.append(RowError(row, column, message))

    def locate_header(self, rows: Iterator[tuple]) -> tuple[int, dict[str, int]]:
        """The header row (1-based) and the position of each column found in it."""
        exact: dict[str, Column] = {}
        loose: dict[str, Column] = {}
        for column in self.columns:
            for text in (column.header, *column.aliases):
                exact.setdefault(fold(text), column)
                loose.setdefault(_loose_key(text), column)
        for number, values in enumerate(rows, start=1):
            found: dict[str, int] = {}
            for position, value in enumerate(values):
                if value is None:
                    continue
                matched = exact.get(_header_key(value)) or loose.get(_loose_key(str(value)))
                if matched is not None and matched.key not in found:
                    found[matched.key] = position
            if "commune_code" in found or "site_name" in found:
                missing = [c.header for c in self.columns if c.required and c.key not in found]
                for header in missing:
                    self.error(number, header, _("This column is missing from the header row."))
                if missing:
                    raise ImportRejected(self.listed_errors())
                return number, found
            if number >= HEADER_SEARCH_ROWS:
                break
        raise ImportRejected(
            [RowError(0, "", _("No header row was found. The first rows must contain the column names of the template."))]
        )

    def check(self, rows: Iterable[tuple], *, progress: Progress | None = None, expected: int | None = None) -> Checked:
        """Check every row; raise ImportRejected listing the problems, or return the clean rows."""
        iterator = iter(rows)
        header_row, positions = self.locate_header(iterator)
        self.prepare(positions)
        checked = Checked()
        step = max(1000, (expected or 0) // 50)
        wanted, width = self._wanted, self._width
        first = self._fixed["commune_code"]
        for number, cells in enumerate(iterator, start=header_row + 1):
            values = cells if len(cells) >= width else (*cells, *([None] * (width - len(cells))))
            lead = values[first]
            if (lead is None or lead == "") and not any(values[p] is not None and values[p] != "" for p in wanted):
                continue
            self.total += 1
            if self.total > MAX_ROWS:
                self.error(number, "", _("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
                break
            if progress is not None and self.total % step == 0 and expected:
                progress(min(READ_SHARE - 1, READ_SHARE * self.total // expected))
            clean = self.check_row(number, values)
            if clean is not None:
                checked.rows.append(clean)
        if self.total == 0 and not self.error_count:
            self.error(0, "", _("The file contains no data rows."))
        if self.error_count:
            raise ImportRejected(self.listed_errors())
        return checked

    def listed_errors(self) -> list[RowError]:
        errors = list(self.errors)
        hidden = self.error_count - len(errors)
        if hidden > 0:
            errors.append(
                RowError(
                    0,
                    "",
                    ngettext(
                        "… and %(count)s more error that is not listed.",
                        "… and %(count)s more errors that are not listed.",
                        hidden,
                    )
                    % {"count": hidden},
                )
            )
        return errors

    def prepare(self, positions: dict[str, int]) -> None:
        """Where each column is, from the header row; check_row reads the cells from there."""
        self._fixed = {key: positions[key] for key in ("commune_code", "site_name", "site_kind", "site_level", "held_on")}
        self._figures = [(f.key, f.label, f.required, positions.get(figure_column(f.key))) for f in self.fields]
        self._seen: dict[tuple[int, str, str], int] = {}
        wanted = [p for p in positions.values() if p is not None]
        self._wanted = wanted
        self._width = max(wanted) + 1 if wanted else 0

    def check_row(self, number: int, values: tuple) -> CleanRow | None:
        """One data row (its row number in the sheet, its cells): the clean row, or None with the
        problems added to the errors. Duplicates are found against the rows checked before."""
        if len(values) < self._width:
            values = (*values, *([None] * (self._width - len(values))))
        fixed, figures, seen, error = self._fixed, self._figures, self._seen, self.error
        bad = False
        # Commune: by official code, inside the importing unit's area (each code looked up once).
        raw = values[fixed["commune_code"]]
        commune = self._commune_memo.get(raw) if raw.__hash__ is not None else None
        if commune is None:
            commune = self._commune(raw)
            if raw.__hash__ is not None:
                self._commune_memo[raw] = commune
        commune_id = commune if isinstance(commune, int) else 0
        if isinstance(commune, str):
            error(number, CODE_HEADER, commune)
            bad = True
        # Site name, kind and level.
        raw = values[fixed["site_name"]]
        name = normalize(str(raw)) if raw is not None else ""
        if not name:
            error(number, SITE_HEADER, _("This field is required."))
            bad = True
        elif len(name) > MAX_NAME_LENGTH:
            error(number, SITE_HEADER, _("The name may have at most %(count)s characters.") % {"count": MAX_NAME_LENGTH})
            bad = True
        raw = values[fixed["site_kind"]]
        kind = self._choice(self.kinds, raw)
        if kind is None:
            if raw is None or str(raw).strip() == "":
                error(number, KIND_HEADER, _("This field is required."))
            else:
                error(
                    number,
                    KIND_HEADER,
                    _("Unknown kind of site “%(value)s”: use one of %(choices)s.") % {"value": raw, "choices": self.kind_choices},
                )
            bad = True
        raw = values[fixed["site_level"]]
        level = self._choice(self.levels, raw)
        if level is None:
            if raw is None or str(raw).strip() == "":
                error(number, LEVEL_HEADER, _("This field is required."))
            else:
                error(
                    number,
                    LEVEL_HEADER,
                    _("Unknown level “%(value)s”: use one of %(choices)s.") % {"value": raw, "choices": self.level_choices},
                )
            bad = True
        # Date within the window.
        held_on = self._date(number, values[fixed["held_on"]], error)
        if held_on is None:
            bad = True
        # One whole number >= 0 per field.
        figures_out: dict[str, int] = {}
        for key, label, required, position in figures:
            raw = values[position] if position is not None else None
            if type(raw) is int and 0 <= raw <= MAX_VALUE:  # the usual cell: a whole number
                figures_out[key] = raw
                continue
            if raw is None or (isinstance(raw, str) and not raw.strip()):
                if required:
                    error(number, label, _("This field is required."))
                    bad = True
                continue
            parsed = parse_count(raw)
            if isinstance(parsed, str):
                error(number, label, parsed)
                bad = True
            else:
                figures_out[key] = parsed
        if bad or kind is None or level is None or held_on is None:
            return None
        site_key = (commune_id, kind, name)
        first = seen.get(site_key)
        if first is not None:
            error(number, SITE_HEADER, _("The same site already appears in row %(row)s.") % {"row": first})
            return None
        seen[site_key] = number
        existing = self.existing.get(site_key)
        if existing is not None and not existing[2].startswith(self.unit.path):
            error(
                number,
                SITE_HEADER,
                _("This site has already been reported by %(unit)s.") % {"unit": self._unit_name(existing[1])},
            )
            return None
        return CleanRow(
            number, commune_id, name, kind, level, held_on, figures_out, existing[0] if existing is not None else None
        )

    def _commune(self, raw) -> int | str:
        """The commune's id for a code cell, or the message saying what is wrong with it."""
        if raw is None or raw == "":
            return _("This field is required.")
        commune = self.communes.get(code_key(raw))
        if commune is None:
            return _("No commune has the code “%(code)s”.") % {"code": str(raw).strip()}
        if not commune[1].startswith(self.area_path):
            return _("%(commune)s lies outside the area of %(unit)s.") % {"commune": commune[2], "unit": self.unit.name}
        return commune[0]

    def _choice(self, table: dict[str, str], raw) -> str | None:
        """A kind or level from its cell (folded text looked up once per distinct value)."""
        if raw is None:
            return None
        key = (id(table), raw)
        if key not in self._choice_memo:
            self._choice_memo[key] = table.get(fold(str(raw)))
        return self._choice_memo[key]

    def _unit_name(self, pk: int) -> str:
        if pk not in self._unit_names:
            self._unit_names[pk] = Unit.objects.filter(pk=pk).values_list("name", flat=True).first() or ""
        return self._unit_names[pk]

    def _date(self, number: int, raw, error) -> datetime.date | None:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            error(number, DATE_HEADER, _("This field is required."))
            return None
        day: datetime.date | None
        if isinstance(raw, datetime.datetime):
            day = raw.date()
        elif isinstance(raw, datetime.date):
            day = raw
        else:
            match = _DATE.match(str(raw).strip())
            try:
                day = datetime.date(int(match.group(3)), int(match.group(2)), int(match.group(1))) if match else None
            except ValueError:
                day = None
            if day is None:
                error(number, DATE_HEADER, _("“%(value)s” is not a date: write it as dd/mm/yyyy.") % {"value": raw})
                return None
        if day is None:
            return None
        start, end = self.window
        if not start <= day <= end:
            error(
                number,
                DATE_HEADER,
                _("The date must lie within the campaign's window (%(start)s to %(end)s).")
                % {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")},
            )
            return None
        return day


def parse_count(raw: object) -> int | str:
    """A figure as a whole number >= 0, or the message saying why it is not one."""
    if isinstance(raw, bool):
        return _("“%(value)s” is not a whole number.") % {"value": raw}
    if isinstance(raw, int):
        number = raw
    elif isinstance(raw, float):
        if not raw.is_integer():
            return _("“%(value)s” is not a whole number.") % {"value": raw}
        number = int(raw)
    else:
        text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
        negative = text.startswith("-")
        digits = text[1:] if negative else text
        if digits.isdigit() and digits.isascii():
            number = int(digits)
        elif _GROUPED.match(digits):
            number = int(digits.replace(".", ""))
        else:
            return _("“%(value)s” is not a whole number.") % {"value": raw}
        number = -number if negative else number
    if number < 0:
        return _("The number cannot be negative.")
    if number > MAX_VALUE:
        return _("The number is too large.")
    return number


# --- writing -------------------------------------------------------------------------------------


class _SideChannel:
    """Progress written while the import's own transaction is still open.

    Other sessions cannot see into an open transaction, so on PostgreSQL the progress of the write
    goes through a second connection in autocommit. SQLite allows one writer at a time: there the
    bar stays at the writing step until the transaction commits."""

    def __init__(self, result_import: ResultImport | None) -> None:
        self.pk = result_import.pk if result_import is not None else None
        self.connection = None
        if self.pk is not None and connection.vendor == "postgresql" and not connection.in_atomic_block:
            self.connection = connections.create_connection(DEFAULT_DB_ALIAS)

    def report(self, percent: int) -> None:
        if self.connection is None:
            return
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(f"UPDATE {ResultImport._meta.db_table} SET progress = %s WHERE id = %s", [percent, self.pk])  # noqa: S608
        except Exception:  # progress is a courtesy: never let it fail the import
            logger.warning("could not report the progress of results import %s", self.pk, exc_info=True)
            self.close()

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def _commune_path(path: str) -> str:
    return "/".join(path.split("/")[:2]) + "/"


def write(
    checked: Checked,
    *,
    campaign: Campaign,
    unit: Unit,
    actor,
    result_import: ResultImport | None = None,
    progress: Progress | None = None,
) -> tuple[int, int]:
    """Write the clean rows in one transaction: (rows created, rows updated)."""
    rows = checked.rows
    commune_ids = {row.commune_id for row in rows}
    parents: dict[int, int] = {}
    paths: dict[int, str] = {}
    for pk, parent_id, path in Area.objects.filter(pk__in=commune_ids).values_list("pk", "parent_id", "path"):
        parents[pk], paths[pk] = parent_id, path
    regions = region_map(commune_ids)
    sites: dict[tuple[str, str, str], int] = {}
    area_path = unit.area.path if unit.area is not None else ""
    for pk, path, kind, name in Site.objects.filter(campaign=campaign, area__path__startswith=area_path).values_list(
        "pk", "area__path", "kind", "name"
    ):
        sites.setdefault((_commune_path(path), kind, name), pk)
    now = timezone.now()
    side = _SideChannel(result_import)
    table = _Table(connection)
    import_id = result_import.pk if result_import is not None else None
    tail = (ResultSource.IMPORT.value, import_id, actor.pk, table.datetime(now))  # source ... submitted_at
    json, date = table.json, table.date
    created = [row for row in rows if row.existing_id is None]
    updated = [row for row in rows if row.existing_id is not None]
    total = len(rows) or 1
    done = 0
    try:
        with transaction.atomic():
            for start in range(0, len(created), BATCH_SIZE * 5):
                batch = [
                    (
                        campaign.pk,
                        unit.pk,
                        row.commune_id,
                        parents[row.commune_id],
                        regions.get(row.commune_id),
                        sites.get((paths[row.commune_id], row.site_kind, row.site_name)),
                        row.site_name,
                        row.site_kind,
                        row.site_level,
                        date(row.held_on),
                        json(row.values),
                        *tail,
                    )
                    for row in created[start : start + BATCH_SIZE * 5]
                ]
                table.insert(batch)
                done += len(batch)
                _step(progress, side, done, total)
            for start in range(0, len(updated), BATCH_SIZE * 5):
                changes: list[tuple] = [
                    (
                        sites.get((paths[row.commune_id], row.site_kind, row.site_name)),
                        row.site_level,
                        date(row.held_on),
                        json(row.values),
                        *tail,
                        row.existing_id,
                    )
                    for row in updated[start : start + BATCH_SIZE * 5]
                ]
                table.update(changes)
                done += len(changes)
                _step(progress, side, done, total)
            if result_import is not None:
                auditing.record(
                    actor=actor,
                    obj=result_import,
                    code="festival.results.imported",
                    unit=unit,
                    new={"file_name": result_import.name, "rows_created": len(created), "rows_updated": len(updated)},
                )
    finally:
        side.close()
    return len(created), len(updated)


class _Table:
    """Bulk writes of result rows in plain, portable SQL: INSERT ... VALUES in batches (see insert)
    and UPDATE ... WHERE id = %s through executemany. Values are prepared by the model's own
    fields (JSON, dates and times as the backend wants them). Measured several times faster than
    bulk_create / bulk_update at 100,000 rows, whose per-object work dominated the import."""

    INSERT = (
        "campaign",
        "unit",
        "commune",
        "province",
        "region",
        "site",
        "site_name",
        "site_kind",
        "site_level",
        "held_on",
        "values",
        "source",
        "result_import",
        "submitted_by",
        "submitted_at",
    )
    UPDATE = ("site", "site_level", "held_on", "values", "source", "result_import", "submitted_by", "submitted_at")

    def __init__(self, db) -> None:
        self.db = db
        meta = ResultRow._meta
        self.name = db.ops.quote_name(meta.db_table)
        self.columns = {name: db.ops.quote_name(cast(Field, meta.get_field(name)).column) for name in self.INSERT}
        self.id_column = db.ops.quote_name(meta.pk.column)
        self._json = cast(Field, meta.get_field("values"))
        # At most BATCH_SIZE rows per statement, and fewer than SQLite's 32,766 parameters.
        self.rows_per_statement = min(BATCH_SIZE, 30_000 // len(self.INSERT))

    def json(self, value: dict) -> Any:
        return self._json.get_db_prep_save(value, self.db)

    def date(self, value: datetime.date) -> Any:
        return self.db.ops.adapt_datefield_value(value)

    def datetime(self, value: datetime.datetime) -> Any:
        return self.db.ops.adapt_datetimefield_value(value)

    def insert(self, rows: list[tuple]) -> None:
        """Rows as tuples of the INSERT columns' values, in order. SQLite takes multi-row VALUES
        fastest (1.5 s vs 2.1 s for 100,000 rows with executemany); psycopg binds parameters on the
        client and parses long statements anew each time, so PostgreSQL gets one short statement
        through executemany, which psycopg pipelines (50,000 rows: 5.9 s vs 11.4 s)."""
        columns = ", ".join(self.columns[name] for name in self.INSERT)
        one = "(" + ", ".join(["%s"] * len(self.INSERT)) + ")"
        with self.db.cursor() as cursor:
            if self.db.vendor != "sqlite":
                cursor.executemany(f"INSERT INTO {self.name} ({columns}) VALUES {one}", rows)  # noqa: S608
                return
            for start in range(0, len(rows), self.rows_per_statement):
                batch = rows[start : start + self.rows_per_statement]
                sql = f"INSERT INTO {self.name} ({columns}) VALUES {', '.join([one] * len(batch))}"  # noqa: S608
                cursor.execute(sql, [value for row in batch for value in row])

    def update(self, rows: list[tuple]) -> None:
        """Rows as tuples of the UPDATE columns' values, in order, then the id."""
        assignments = ", ".join(f"{self.columns[name]} = %s" for name in self.UPDATE)
        sql = f"UPDATE {self.name} SET {assignments} WHERE {self.id_column} = %s"  # noqa: S608
        with self.db.cursor() as cursor:
            cursor.executemany(sql, rows)


def _step(progress: Progress | None, side: _SideChannel, done: int, total: int) -> None:
    percent = READ_SHARE + (100 - READ_SHARE) * done // total
    side.report(min(99, percent))
    if progress is not None and side.connection is None:
        progress(min(99, percent))


# --- one whole import ----------------------------------------------------------------------------


@dataclass
class Outcome:
    total: int = 0  # data rows read
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_bytes(
    data: bytes,
    *,
    campaign: Campaign,
    unit: Unit,
    actor,
    result_import: ResultImport | None = None,
    progress: Progress | None = None,
    reader: Callable[[Any], Iterable[tuple]] | None = None,
) -> Outcome:
    """Check and write one file; nothing is written unless every row is right. The rows are read
    with read_rows_fast, or with openpyxl (read_rows) when the fast reader declines the file."""
    problem = file_problem(data)
    if problem:
        return Outcome(errors=[RowError(0, "", problem)])
    with _without_collection_pauses():
        return _import(
            data, campaign=campaign, unit=unit, actor=actor, result_import=result_import, progress=progress, reader=reader
        )


@contextmanager
def _without_collection_pauses():
    """An import makes hundreds of thousands of small objects that live until it ends (cells,
    clean rows, figures); they hold no cycles, and the cyclic garbage collector would walk them
    over and over as they pile up (measured: 1 to 3 s of a 100,000-row import). Automatic
    collection is paused for the import and restored after it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(
    data: bytes,
    *,
    campaign: Campaign,
    unit: Unit,
    actor,
    result_import: ResultImport | None,
    progress: Progress | None,
    reader: Callable[[Any], Iterable[tuple]] | None,
) -> Outcome:
    expected = row_count_hint(data)
    readers = [reader] if reader is not None else [read_rows_fast, read_rows]
    for index, read in enumerate(readers):
        checker = ResultsChecker(campaign=campaign, unit=unit)
        try:
            checked = checker.check(read(io.BytesIO(data)), progress=progress, expected=(expected - 1) if expected else None)
        except ImportRejected as exc:
            return Outcome(total=checker.total, errors=exc.errors)
        except LayoutError:
            if index + 1 < len(readers):
                logger.info("results workbook read with openpyxl", exc_info=True)
                continue
            raise
        except (
            InvalidFileException,
            zipfile.BadZipFile,
            KeyError,
            IndexError,
            ValueError,
            OSError,
            TypeError,
            etree.XMLSyntaxError,
        ):
            logger.info("unreadable results workbook", exc_info=True)
            return Outcome(
                errors=[RowError(0, "", _("The file is not an Excel workbook (.xlsx). Please use the template provided."))]
            )
        break
    if progress is not None:
        progress(READ_SHARE)
    created, updated = write(checked, campaign=campaign, unit=unit, actor=actor, result_import=result_import, progress=progress)
    return Outcome(total=checker.total, created=created, updated=updated)


def error_records(errors: Iterable[RowError]) -> list[dict]:
    return [{"row": e.row, "column": e.column, "message": str(e.message)} for e in errors]


def run_import(pk: int) -> ResultImport:
    """Run a stored upload to its end: DONE with the counts, REJECTED with the errors (nothing
    written), or FAILED if something unexpected broke (nothing written either)."""
    result_import = ResultImport.objects.select_related("campaign", "unit__area", "uploaded_by").get(pk=pk)
    if result_import.status not in (ImportStatus.QUEUED, ImportStatus.RUNNING):
        return result_import
    ResultImport.objects.filter(pk=pk).update(status=ImportStatus.RUNNING, progress=0)

    def progress(percent: int) -> None:
        ResultImport.objects.filter(pk=pk).update(progress=percent)

    try:
        with result_import.file.open("rb") as handle:
            data = handle.read()
        outcome = import_bytes(
            data,
            campaign=result_import.campaign,
            unit=result_import.unit,
            actor=result_import.uploaded_by,
            result_import=result_import,
            progress=progress,
        )
    except IntegrityError:  # a site of the file was reported meanwhile, by the form or another import
        logger.info("results import %s collided with another write", pk, exc_info=True)
        outcome = Outcome(
            errors=[
                RowError(
                    0,
                    "",
                    _("Some of these sites were reported by someone else meanwhile; nothing was written. Upload the file again."),
                )
            ]
        )
        ResultImport.objects.filter(pk=pk).update(
            status=ImportStatus.REJECTED,
            progress=100,
            rows_written=0,
            errors=error_records(outcome.errors),
            finished_at=timezone.now(),
        )
    except Exception:
        logger.exception("results import %s failed", pk)
        ResultImport.objects.filter(pk=pk).update(
            status=ImportStatus.FAILED,
            finished_at=timezone.now(),
            errors=[{"row": 0, "column": "", "message": _("The import failed unexpectedly; nothing was written. Try again.")}],
        )
    else:
        if outcome.ok:
            ResultImport.objects.filter(pk=pk).update(
                status=ImportStatus.DONE,
                progress=100,
                rows_written=outcome.created + outcome.updated,
                total_rows=outcome.created + outcome.updated,
                errors=[],
                finished_at=timezone.now(),
            )
        else:
            ResultImport.objects.filter(pk=pk).update(
                status=ImportStatus.REJECTED,
                progress=100,
                rows_written=0,
                total_rows=outcome.total,
                errors=error_records(outcome.errors),
                finished_at=timezone.now(),
            )
    result_import.refresh_from_db()
    return result_import
