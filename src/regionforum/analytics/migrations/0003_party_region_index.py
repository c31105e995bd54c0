from django.db import migrations

# The figures and lists narrow agreements to a region through its organisations' parties
# (`selectors._party_in_region`): with the agreement beside the organisation in one index, the
# database reads a region's agreements from the index alone, without a row of the table each.
# The index serves the read side only, so it lives here rather than in the registry's models.
INDEX = "analytics_party_organisation_agreement"


class Migration(migrations.Migration):
    dependencies = [("analytics", "0002_registryversion_epoch"), ("registry", "0009_audit_source")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON registry_party (organisation_id, agreement_id)",
            f"DROP INDEX IF EXISTS {INDEX}",
        )
    ]
