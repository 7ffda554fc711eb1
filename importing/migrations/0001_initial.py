"""The import's records, moved here from the blog app with their rows, permissions and history."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ["importarchivefile", "importedimage", "importeditem", "wordpressimport"]


def move_content_types(apps, schema_editor):
    """Permissions (the Editor role's) and admin history follow the models to their new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    for name in MOVED:
        old = ContentType.objects.filter(app_label="blog", model=name).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label="importing", model=name).first()
        if new is None:
            old.app_label = "importing"
            old.save(update_fields=["app_label"])
            continue
        # Both exist (the importing app's were made first): whoever held a permission holds the new one.
        for permission in Permission.objects.filter(content_type=old):
            kept = Permission.objects.filter(content_type=new, codename=permission.codename).first()
            if kept is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            for group in permission.group_set.all():
                group.permissions.add(kept)
            for user in permission.user_set.all():
                user.user_permissions.add(kept)


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("blog", "0016_import_moves_to_importing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ImportedImage",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("source", models.CharField(max_length=1000, unique=True)),
                        ("name", models.CharField(max_length=300)),
                    ],
                ),
                migrations.CreateModel(
                    name="ImportedItem",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("item_key", models.CharField(max_length=600, unique=True)),
                        ("guid", models.CharField(db_index=True, max_length=500)),
                        ("target_id", models.PositiveBigIntegerField()),
                        ("featured_image_source", models.CharField(blank=True, max_length=1000)),
                        ("imported_at", models.DateTimeField(auto_now=True)),
                        (
                            "target_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"
                            ),
                        ),
                    ],
                ),
                migrations.CreateModel(
                    name="WordPressImport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("file_name", models.CharField(max_length=255)),
                        (
                            "export",
                            models.BinaryField(
                                help_text="The uploaded file, compressed with gzip; emptied once no longer needed."
                            ),
                        ),
                        ("file_deleted_at", models.DateTimeField(blank=True, null=True)),
                        ("download_images", models.BooleanField(default=False)),
                        (
                            "include_tags",
                            models.BooleanField(
                                default=False,
                                help_text="Whether the old site's tags become topics too (categories always do).",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("checking", "Checking the file"),
                                    ("checked", "Checked: waiting for your confirmation"),
                                    ("importing", "Importing"),
                                    ("imported", "Imported"),
                                    ("failed", "Could not be imported"),
                                    ("cancelled", "Cancelled: nothing was imported"),
                                ],
                                default="checking",
                                max_length=10,
                            ),
                        ),
                        ("progress", models.CharField(blank=True, max_length=200)),
                        ("report", models.JSONField(blank=True, default=dict)),
                        ("error", models.TextField(blank=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "import from Squarespace or WordPress",
                        "verbose_name_plural": "import from Squarespace or WordPress",
                        "ordering": ["-created_at"],
                    },
                ),
                migrations.CreateModel(
                    name="ImportArchiveFile",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "path",
                            models.CharField(
                                help_text="Where the image was in the ZIP, with “/” between folders.", max_length=500
                            ),
                        ),
                        ("data", models.BinaryField()),
                        (
                            "wordpress_import",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="archive_files",
                                to="importing.wordpressimport",
                            ),
                        ),
                    ],
                    options={
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("wordpress_import", "path"), name="one_archive_file_per_path"
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_types, migrations.RunPython.noop),
    ]
