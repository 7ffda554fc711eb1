"""Moved addresses now live in core (every app records them); the practice sets how long requests are kept."""

import django.core.validators
from django.db import migrations, models


def copy_moved_paths_to_core(apps, schema_editor):
    old = apps.get_model("pages", "MovedPath")
    new = apps.get_model("core", "MovedPath")
    new.objects.bulk_create(
        new(
            old_path=moved.old_path,
            new_path=moved.new_path,
            target_type_id=moved.target_type_id,
            target_id=moved.target_id,
            moved_at=moved.moved_at,
        )
        for moved in old.objects.all()
    )


def copy_moved_paths_back(apps, schema_editor):
    old = apps.get_model("pages", "MovedPath")
    new = apps.get_model("core", "MovedPath")
    old.objects.bulk_create(
        old(
            old_path=moved.old_path,
            new_path=moved.new_path,
            target_type_id=moved.target_type_id,
            target_id=moved.target_id,
            moved_at=moved.moved_at,
        )
        for moved in new.objects.all()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("pages", "0008_movedpath_target"),
    ]

    operations = [
        migrations.RunPython(copy_moved_paths_to_core, copy_moved_paths_back),
        migrations.DeleteModel(name="MovedPath"),
        migrations.AddField(
            model_name="practiceprofile",
            name="keep_closed_requests_days",
            field=models.PositiveSmallIntegerField(
                default=90,
                help_text="Requests you marked as closed are deleted sooner: after this many days.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(3650),
                ],
                verbose_name="keep closed requests for (days)",
            ),
        ),
        migrations.AddField(
            model_name="practiceprofile",
            name="keep_requests_days",
            field=models.PositiveSmallIntegerField(
                default=365,
                help_text="Every night, requests older than this are deleted, whatever their state.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(3650),
                ],
                verbose_name="keep consultation requests for (days)",
            ),
        ),
    ]
