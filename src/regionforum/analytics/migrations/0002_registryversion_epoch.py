from django.db import migrations, models

# The tables the figures read (analytics.models.WATCHED_TABLES when this was written).
WATCHED_TABLES = (
    "registry_agreement",
    "registry_party",
    "registry_money",
    "registry_organisation",
    "registry_rateload",
    "forums_forum",
    "gazetteer_region",
)

# The row is created with a random epoch: after a flush (which empties the table) the version
# starts again from 1, under an epoch that no cached entry of the registry before holds.
EPOCH = {
    "postgresql": "replace(gen_random_uuid()::text, '-', '')",
    "sqlite": "lower(hex(randomblob(16)))",
}
BUMP = (
    "INSERT INTO analytics_registryversion (id, version, epoch) VALUES (1, 1, {epoch}) "
    "ON CONFLICT (id) DO UPDATE SET version = analytics_registryversion.version + 1"
)
OLD_BUMP = (
    "INSERT INTO analytics_registryversion (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = analytics_registryversion.version + 1"
)


def _install(schema_editor, bump: str) -> None:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION analytics_registry_changed() RETURNS trigger AS $$ "
                f"BEGIN {bump}; RETURN NULL; END $$ LANGUAGE plpgsql"
            )
        elif connection.vendor == "sqlite":
            for table in WATCHED_TABLES:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    name = f"analytics_changed_{table}_{event.lower()}"
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {bump}; END")


def add_epoch(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in EPOCH:
        return
    _install(schema_editor, BUMP.format(epoch=EPOCH[vendor]))
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO analytics_registryversion (id, version, epoch) VALUES (1, 0, {EPOCH[vendor]}) "
            f"ON CONFLICT (id) DO UPDATE SET epoch = {EPOCH[vendor]}"
        )


def remove_epoch(apps, schema_editor):
    if schema_editor.connection.vendor in EPOCH:
        _install(schema_editor, OLD_BUMP)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_registry_version")]

    operations = [
        # ALTER TABLE on both databases: Django would rebuild the table on SQLite, and the
        # triggers on the registry's tables would then name a table that is gone.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE analytics_registryversion "
                    "ADD COLUMN epoch varchar(32) NOT NULL DEFAULT ''",
                    "ALTER TABLE analytics_registryversion DROP COLUMN epoch",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="registryversion",
                    name="epoch",
                    field=models.CharField(default="", max_length=32),
                )
            ],
        ),
        migrations.RunPython(add_epoch, remove_epoch),
    ]
