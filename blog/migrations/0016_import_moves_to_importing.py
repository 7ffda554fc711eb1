"""The import's records move to the importing app: the tables are renamed, their rows stay (importing 0001)."""

from django.db import migrations

MOVED = ["importarchivefile", "importedimage", "importeditem", "wordpressimport"]


class Migration(migrations.Migration):
    dependencies = [
        ("blog", "0015_import_archive"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name, f"importing_{name}") for name in MOVED],
            state_operations=[
                migrations.RemoveField(model_name="importarchivefile", name="wordpress_import"),
                migrations.RemoveField(model_name="importeditem", name="target_type"),
                migrations.RemoveField(model_name="wordpressimport", name="created_by"),
                *[migrations.DeleteModel(name) for name in MOVED],
            ],
        ),
    ]
