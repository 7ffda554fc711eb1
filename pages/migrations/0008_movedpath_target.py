"""Each moved address knows what moved, so it is followed only while that is public."""

import django.db.models.deletion
from django.db import migrations, models

# The URL patterns as they were when this migration was written: first path segment → model.
ADDRESS_PREFIXES = [("/blog/", "blog", "post"), ("/services/", "pages", "service"), ("/", "pages", "page")]


def target_of(path):
    for prefix, app_label, model_name in ADDRESS_PREFIXES:
        slug = path.removeprefix(prefix).strip("/")
        if path.startswith(prefix) and slug and "/" not in slug:
            return app_label, model_name, slug
    return None


def link_targets(apps, schema_editor):
    MovedPath = apps.get_model("pages", "MovedPath")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for moved in MovedPath.objects.all():
        found = target_of(moved.new_path)
        target = None
        if found:
            app_label, model_name, slug = found
            target = apps.get_model(app_label, model_name).objects.filter(slug=slug).first()
        if target is None:
            moved.delete()
            continue
        moved.target_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model_name)
        moved.target_id = target.pk
        moved.save(update_fields=["target_type", "target_id"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("blog", "0006_body_image_checks"),
        ("pages", "0007_remove_broken_body_images"),
    ]

    operations = [
        migrations.AddField(
            model_name="movedpath",
            name="target_type",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"
            ),
        ),
        migrations.AddField(
            model_name="movedpath",
            name="target_id",
            field=models.PositiveBigIntegerField(null=True),
        ),
        migrations.RunPython(link_targets, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="movedpath",
            name="target_type",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, to="contenttypes.contenttype"),
        ),
        migrations.AlterField(
            model_name="movedpath",
            name="target_id",
            field=models.PositiveBigIntegerField(),
        ),
    ]
