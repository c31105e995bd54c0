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

BUMP = (
    "INSERT INTO analytics_registryversion (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = analytics_registryversion.version + 1"
)


def create_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION analytics_registry_changed() RETURNS trigger AS $$ "
                f"BEGIN {BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
            )
            for table in WATCHED_TABLES:
                # Once a statement, however many rows it writes.
                cursor.execute(
                    f"CREATE TRIGGER analytics_changed_{table} AFTER INSERT OR UPDATE OR DELETE "
                    f"OR TRUNCATE ON {table} FOR EACH STATEMENT "
                    "EXECUTE FUNCTION analytics_registry_changed()"
                )
        elif connection.vendor == "sqlite":
            for table in WATCHED_TABLES:
                for event in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(
                        f"CREATE TRIGGER analytics_changed_{table}_{event.lower()} AFTER {event} "
                        f"ON {table} BEGIN {BUMP}; END"
                    )


def drop_triggers(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for table in WATCHED_TABLES:
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP TRIGGER IF EXISTS analytics_changed_{table} ON {table}")
            elif connection.vendor == "sqlite":
                for event in ("insert", "update", "delete"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS analytics_changed_{table}_{event}")
        if connection.vendor == "postgresql":
            cursor.execute("DROP FUNCTION IF EXISTS analytics_registry_changed()")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("registry", "0008_agreement_is_draft"),
        ("forums", "0003_requests_meetings"),
        ("gazetteer", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="RegistryVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "registry version",
                "verbose_name_plural": "registry version",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
