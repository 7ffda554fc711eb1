"""One name for each concept, in the services' earlier versions too: a service's “shown on the site” is
is_published (as a page's), its typed summary is excerpt (as an article's), and a page's summary computed
from its text is summary (as an article's)."""

import json

from django.db import migrations, models

SERVICE_FIELDS = {"is_active": "is_published", "summary": "excerpt"}


def rename_in_versions(renamed):
    def rename(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        Version = apps.get_model("reversion", "Version")
        service = ContentType.objects.filter(app_label="pages", model="service").first()
        for version in Version.objects.filter(content_type=service, format="json"):
            records = json.loads(version.serialized_data)
            for record in records:
                record["fields"] = {renamed.get(name, name): value for name, value in record["fields"].items()}
            version.serialized_data = json.dumps(records)
            version.save(update_fields=["serialized_data"])

    return rename


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
        ("pages", "0016_crisis_lines_and_fees_of_their_own"),
    ]

    operations = [
        migrations.RenameField(model_name="service", old_name="is_active", new_name="is_published"),
        migrations.RenameField(model_name="service", old_name="summary", new_name="excerpt"),
        migrations.AlterField(
            model_name="service",
            name="excerpt",
            field=models.TextField(
                help_text="One or two sentences for the services list and the home page.", verbose_name="summary"
            ),
        ),
        migrations.RenameField(model_name="page", old_name="body_summary", new_name="summary"),
        migrations.RunPython(
            rename_in_versions(SERVICE_FIELDS),
            rename_in_versions({new: old for old, new in SERVICE_FIELDS.items()}),
        ),
    ]
