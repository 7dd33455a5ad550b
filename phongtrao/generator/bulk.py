"""Bulk writing for the national data generator: buffered bulk_create in foreign-key order,
explicit timestamps, sequences after explicit ids, and deleting large generated sets.

bulk_create skips save(), so the callers compute what save() would (materialized paths, folded
names, sort keys). It also applies auto_now/auto_now_add, which would stamp a million rows with
the minute the generator ran; `explicit_timestamps` switches those off while the generator writes
the dates its histories need.
"""

from __future__ import annotations

import datetime
import json
import operator
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.management.color import no_style
from django.db import connection, models


@contextmanager
def explicit_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Within the block, auto_now and auto_now_add fields keep the value they are given."""
    saved: list[tuple[models.Field, bool, bool]] = []
    for model in model_classes:
        for field in model._meta.concrete_fields:
            now, now_add = getattr(field, "auto_now", False), getattr(field, "auto_now_add", False)
            if now or now_add:
                saved.append((field, now, now_add))
                setattr(field, "auto_now", False)  # noqa: B010  Field stubs have no such attribute
                setattr(field, "auto_now_add", False)  # noqa: B010
    try:
        yield
    finally:
        for field, now, now_add in saved:
            setattr(field, "auto_now", now)  # noqa: B010
            setattr(field, "auto_now_add", now_add)  # noqa: B010


# Column types the drivers take as they are.
_AS_IS = {
    "AutoField", "BigAutoField", "BigIntegerField", "BooleanField", "CharField", "ForeignKey", "IntegerField",
    "PositiveIntegerField", "PositiveSmallIntegerField", "SlugField", "SmallIntegerField", "TextField",
}  # fmt: skip


def _sqlite_datetime(value: datetime.datetime) -> str:
    # What DatabaseOperations.adapt_datetimefield_value stores with USE_TZ: naive UTC, str().
    return str(value.astimezone(datetime.UTC).replace(tzinfo=None))


def _json(value) -> str | None:
    return None if value is None else json.dumps(value)


def _adapter(field: models.Field) -> Callable | None:
    """How a value of this field reaches the driver: as it is (None), or converted the way the
    backend's DatabaseOperations would convert it (checked by the generator's tests, which compare
    the rows written this way with rows written by bulk_create)."""
    kind = field.get_internal_type()
    if kind in _AS_IS:
        return None
    if kind == "JSONField" and getattr(field, "encoder", None) is None:
        return _json
    if kind == "DateTimeField" and connection.vendor == "sqlite" and settings.USE_TZ:
        return _sqlite_datetime
    if kind in ("DateTimeField", "DateField") and connection.vendor == "postgresql":
        return None  # psycopg writes date and aware datetime objects itself
    if kind == "DateField":
        return str
    return lambda value: field.get_db_prep_save(value, connection)


class Table:
    """Rows given as tuples in the order of `names` (field names), written without model
    instances: executemany on SQLite, COPY on PostgreSQL.

    bulk_create spends 55-80 µs a row in Python building its statement (SQLInsertCompiler.as_sql,
    field by field); a million progress reports and a million audit rows made that the larger
    part of the generator's time. Values are converted as the backend would (see _adapter).
    """

    def __init__(self, model: type[models.Model], names: tuple[str, ...]) -> None:
        self.model = model
        self.names = names
        self.fields = [model._meta.get_field(name) for name in names]
        self.columns: list[str] = [str(field.column) for field in self.fields]  # type: ignore[union-attr]
        self.attnames = [field.attname for field in self.fields]  # type: ignore[union-attr]

    def adapt(self, rows: list[tuple]) -> list[tuple]:
        adapters = [_adapter(field) for field in self.fields]  # type: ignore[arg-type]
        if all(adapter is None for adapter in adapters):
            return rows
        return [
            tuple(v if adapt is None or v is None else adapt(v) for adapt, v in zip(adapters, row, strict=True)) for row in rows
        ]

    def insert(self, rows: list[tuple]) -> None:
        if not rows:
            return
        quote = connection.ops.quote_name
        table = quote(str(self.model._meta.db_table))
        columns = ", ".join(quote(column) for column in self.columns)
        values = self.adapt(rows)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                placeholders = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)  # noqa: S608  names from the model


class Writer:
    """Buffers new rows per model and writes them with the lean insert of `Table`: model
    instances (their field values are read as they are; primary keys too when set) or tuples
    for a given Table. With `plain`, everything goes through bulk_create instead, `batch_size`
    rows a statement (to measure the difference, and to check that both store the same values).

    `flush()` writes the buffers in the order the models were first added, so parents (added
    first) always reach the database before the rows that point to them: the generator runs
    with foreign keys checked at once on PostgreSQL (SET CONSTRAINTS ALL IMMEDIATE).
    """

    def __init__(self, batch_size: int, *, plain: bool = False) -> None:
        self.batch_size = batch_size
        self.plain = plain
        self.buffers: dict[type[models.Model], list] = {}
        self.tables: dict[type[models.Model], Table] = {}
        self.written: dict[type[models.Model], int] = {}

    def add(self, obj: models.Model) -> None:
        self.buffers.setdefault(type(obj), []).append(obj)

    def add_row(self, table: Table, row: tuple) -> None:
        self.tables.setdefault(table.model, table)
        self.buffers.setdefault(table.model, []).append(row)

    def write(self, objs: list) -> None:
        """Add and flush at once."""
        for obj in objs:
            self.add(obj)
        self.flush()

    def flush(self) -> None:
        for model, rows in self.buffers.items():
            if not rows:
                continue
            table = self.tables.get(model)
            if table is not None and self.plain:
                rows[:] = [model(**dict(zip(table.attnames, row, strict=True))) for row in rows]
                table = None
            if table is not None:
                table.insert(rows)
            elif self.plain:
                model._default_manager.bulk_create(rows, batch_size=self.batch_size)
            else:
                with_pk = rows[0].pk is not None
                names = tuple(f.name for f in model._meta.concrete_fields if with_pk or not f.primary_key)
                instances = Table(model, names)
                get = operator.attrgetter(*instances.attnames)
                instances.insert([get(obj) for obj in rows])
            self.written[model] = self.written.get(model, 0) + len(rows)
            rows.clear()


def reset_sequences(*model_classes: type[models.Model]) -> None:
    """After rows were written with explicit ids, move PostgreSQL's sequences past them
    (SQLite's AUTOINCREMENT follows by itself: the statements list is empty there)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(model_classes))
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def next_id(model: type[models.Model]) -> int:
    largest = model._default_manager.aggregate(largest=models.Max("pk"))["largest"]
    return (largest or 0) + 1


def purge(queryset: models.QuerySet, log: Callable[[str], None] | None = None, _depth: int = 0) -> int:
    """Delete the rows of `queryset` with a few set-based statements, however many there are.

    QuerySet.delete() would load every row (and its cascade) into memory first; for a million
    progress reports that takes minutes and gigabytes. Here each reverse relation is handled in
    SQL: rows that cascade are purged first (recursively), SET_NULL links are cleared, and a row
    elsewhere that protects one of ours stops everything with a clear error (the caller's
    transaction rolls back). Signals are not sent: generated rows have no files or side effects.
    """
    model = queryset.model
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete and (rel.one_to_many or rel.one_to_one)):
            continue
        related_model = rel.related_model
        fk_name = rel.field.name
        related = related_model._base_manager.filter(**{f"{fk_name}__in": queryset.values("pk")})
        if related_model is model:
            related = related.exclude(pk__in=queryset.values("pk"))
        on_delete = rel.on_delete
        if on_delete is models.CASCADE:
            purge(related, log, _depth + 1)
        elif on_delete is models.SET_NULL:
            related.update(**{fk_name: None})
        elif on_delete is models.DO_NOTHING:
            continue
        elif related.exists():
            label = related_model._meta.label
            raise RuntimeError(f"{label} rows outside the generated data point to {model._meta.label} rows being deleted")
    started = time.perf_counter()
    deleted = queryset._raw_delete(queryset.db)
    if log is not None and deleted:
        log(f"{'  ' * _depth}deleted {deleted:>9,} {model._meta.label} ({time.perf_counter() - started:.1f} s)")
    return deleted
