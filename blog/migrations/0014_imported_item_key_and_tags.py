from django.db import migrations, models


def key_earlier_imports_by_their_guid(apps, schema_editor):
    """Items imported before keys existed get one no export item has: the next import finds them by guid."""
    ImportedItem = apps.get_model("blog", "ImportedItem")
    for record in ImportedItem.objects.only("pk", "guid").iterator():
        ImportedItem.objects.filter(pk=record.pk).update(item_key=f"earlier-import:{record.pk}:{record.guid}"[:600])


class Migration(migrations.Migration):

    dependencies = [
        ("blog", "0013_import_file_retention_and_cancelling"),
    ]

    operations = [
        migrations.AddField(
            model_name="importeditem",
            name="item_key",
            field=models.CharField(max_length=600, null=True),
        ),
        migrations.RunPython(key_earlier_imports_by_their_guid, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="importeditem",
            name="item_key",
            field=models.CharField(max_length=600, unique=True),
        ),
        migrations.AlterField(
            model_name="importeditem",
            name="guid",
            field=models.CharField(db_index=True, max_length=500),
        ),
        migrations.AddField(
            model_name="wordpressimport",
            name="include_tags",
            field=models.BooleanField(
                default=False, help_text="Whether the old site's tags become topics too (categories always do)."
            ),
        ),
    ]
