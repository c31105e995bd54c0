"""The triggers that raise the registry's version, kept in place on SQLite.

Migration 0001 creates a trigger on each watched table, and 0002 gives them the epoch. On
SQLite, a later migration that rebuilds a watched table (a new constraint or a changed column
makes Django copy the table and drop the old one) drops that table's triggers with it, and the
cached figures would then miss its writes. So after every `migrate` the triggers that are gone
are created again. PostgreSQL keeps a table's triggers through ALTER TABLE: nothing to do there.
"""

from __future__ import annotations

from typing import Any

from django.db import connections

from regionforum.analytics.models import WATCHED_TABLES

# As migration 0002 installs it: the row is created with a random epoch.
_SQLITE_BUMP = (
    "INSERT INTO analytics_registryversion (id, version, epoch) "
    "VALUES (1, 1, lower(hex(randomblob(16)))) "
    "ON CONFLICT (id) DO UPDATE SET version = analytics_registryversion.version + 1"
)
EVENTS = ("insert", "update", "delete")


def sqlite_triggers_restore(*, using: str) -> list[str]:
    """Create the version triggers missing on the SQLite database `using`; their names."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    tables = set(connection.introspection.table_names())
    if "analytics_registryversion" not in tables:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
        created = []
        for table in WATCHED_TABLES:
            if table not in tables:
                continue
            for event in EVENTS:
                name = f"analytics_changed_{table}_{event}"
                if name not in present:
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} "
                        f"BEGIN {_SQLITE_BUMP}; END"
                    )
                    created.append(name)
    return created


def triggers_after_migrate(*, using: str, **_signal: Any) -> None:
    sqlite_triggers_restore(using=using)
