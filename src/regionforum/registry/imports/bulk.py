"""Plain multi-row inserts for the import's tens of thousands of rows.

`bulk_create` builds and compiles a model instance per row, which costs more than the import's
own work on a large sheet. Here rows go to the database as tuples through `executemany`, with
each value prepared by its field, and ids are reserved up front so that parties, money and
sources can point at agreements before they are written; PostgreSQL gets COPY instead. History
is recorded explicitly, one "created" row per object, as simple_history would for a save.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, models

from regionforum.registry.audit import audit_fields

CHUNK = 5000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    connection = connections[DEFAULT_DB_ALIAS]
    """`count` fresh primary keys for `model`, taken from its sequence (or past its maximum).

    Called inside the import's transaction: on SQLite the write lock that transaction holds
    keeps anyone else from taking the same ids.
    """
    if count == 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, model._meta.pk.column, count],
            )
            return [row[0] for row in cursor.fetchall()]
        quoted = connection.ops.quote_name(table)
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {quoted}")  # noqa: S608 - our table name
        highest = cursor.fetchone()[0]
        if connection.vendor == "sqlite":
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
            row = cursor.fetchone()
            if row is not None:
                highest = max(highest, row[0])
    return list(range(highest + 1, highest + 1 + count))


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Insert `rows` (values in the order of the `columns` attnames) into `model`'s table."""
    connection = connections[DEFAULT_DB_ALIAS]
    meta = model._meta
    fields = [
        next(field for field in meta.concrete_fields if field.attname == name) for name in columns
    ]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(meta.db_table),
        ", ".join(quote(field.column) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    # Only fields whose database form differs from the Python value need preparing.
    plain = (models.IntegerField, models.CharField, models.TextField, models.ForeignKey)
    prepare = [
        None if isinstance(field, plain) and not field.choices else field for field in fields
    ]
    # Dates, times and amounts repeat across rows (one import time, a few signing days).
    prepared: dict[tuple[int, Any], Any] = {}

    def value_for(position: int, field: models.Field[Any, Any] | None, value: Any) -> Any:
        if field is None:
            return value
        try:
            return prepared[(position, value)]
        except KeyError:
            result = prepared[(position, value)] = field.get_db_prep_save(value, connection)
            return result
        except TypeError:  # an unhashable value, such as a JSON document
            return field.get_db_prep_save(value, connection)

    count = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path, several times faster than row-by-row inserts.
            copy_sql = "COPY {} ({}) FROM STDIN".format(
                quote(meta.db_table), ", ".join(quote(field.column) for field in fields)
            )
            with cursor.cursor.copy(copy_sql) as copy:
                for row in rows:
                    copy.write_row(
                        [
                            value_for(position, field, value)
                            for position, (field, value) in enumerate(
                                zip(prepare, row, strict=True)
                            )
                        ]
                    )
                    count += 1
            return count
        for row in rows:
            batch.append(
                [
                    value_for(position, field, value)
                    for position, (field, value) in enumerate(zip(prepare, row, strict=True))
                ]
            )
            if len(batch) == CHUNK:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def insert_objects(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert unsaved instances that already carry their primary keys."""
    columns = [field.attname for field in model._meta.concrete_fields]
    insert_rows(
        model,
        columns,
        ([getattr(obj, name) for name in columns] for obj in objects),
    )
    for obj in objects:
        obj._state.adding = False
        obj._state.db = DEFAULT_DB_ALIAS


def insert_history(
    model: type[models.Model],
    objects: Sequence[models.Model],
    *,
    when: datetime,
    user_id: int | None,
    reason: str,
    change: str = "+",
) -> None:
    """One history row per object ("+" created, "~" changed), as simple_history records a save,
    with the change's source (the import and its batch)."""
    history = model.history.model  # type: ignore[attr-defined]
    special = {
        "history_date": when,
        "history_change_reason": reason,
        "history_type": change,
        "history_user_id": user_id,
        **audit_fields(),
    }
    columns = [
        field.attname for field in history._meta.concrete_fields if field.attname != "history_id"
    ]
    insert_rows(
        history,
        columns,
        (
            [special[name] if name in special else getattr(obj, name) for name in columns]
            for obj in objects
        ),
    )


def insert_with_history(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    when: datetime,
    user_id: int | None,
    reason: str,
) -> None:
    """Insert `rows` with fresh ids, and a "created" history row for each."""
    ids = reserve_ids(model, len(rows))
    with_ids = [(pk, *row) for pk, row in zip(ids, rows, strict=True)]
    insert_rows(model, ("id", *columns), with_ids)
    history = model.history.model  # type: ignore[attr-defined]
    special = {
        "history_date": when,
        "history_change_reason": reason,
        "history_type": "+",
        "history_user_id": user_id,
        **audit_fields(),
    }
    insert_rows(
        history,
        ("id", *columns, *special),
        ((*row, *special.values()) for row in with_ids),
    )
