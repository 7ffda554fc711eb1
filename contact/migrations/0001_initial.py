"""Consultation requests, moved here from the pages app with their rows, permissions and history;
and how long they are kept, moved here from the practice profile."""

import django.core.validators
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Permissions (the Inbox role's) and admin history follow the model to its new app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    old = ContentType.objects.filter(app_label="pages", model="consultationrequest").first()
    if old is None:
        return
    new = ContentType.objects.filter(app_label="contact", model="consultationrequest").first()
    if new is None:
        old.app_label = "contact"
        old.save(update_fields=["app_label"])
        return
    # Both exist (the contact app's were made first): whoever held a permission holds the new one.
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


def keep_the_practices_limits(apps, schema_editor):
    PracticeProfile = apps.get_model("pages", "PracticeProfile")
    InboxSettings = apps.get_model("contact", "InboxSettings")
    profile = PracticeProfile.objects.filter(pk=1).first()
    if profile is not None:
        InboxSettings.objects.update_or_create(
            pk=1,
            defaults={
                "keep_requests_days": profile.keep_requests_days,
                "keep_closed_requests_days": profile.keep_closed_requests_days,
            },
        )


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("pages", "0013_consultation_requests_move_to_contact"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ConsultationRequest",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("name", models.CharField(max_length=120)),
                        ("email", models.EmailField(max_length=254)),
                        ("phone", models.CharField(blank=True, max_length=40)),
                        (
                            "preferred_contact",
                            models.CharField(
                                choices=[("email", "Email"), ("phone", "Phone")],
                                default="email",
                                max_length=10,
                                verbose_name="preferred contact method",
                            ),
                        ),
                        ("message", models.TextField(validators=[django.core.validators.MaxLengthValidator(1000)])),
                        ("received_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[("new", "New"), ("replied", "Replied"), ("closed", "Closed")],
                                default="new",
                                max_length=10,
                            ),
                        ),
                        (
                            "is_notification_sent",
                            models.BooleanField(
                                default=False,
                                help_text="Whether the email announcing this request went out.",
                                verbose_name="notification sent",
                            ),
                        ),
                        (
                            "is_waitlist",
                            models.BooleanField(
                                default=False,
                                help_text="Sent while the practice was taking waitlist requests only.",
                                verbose_name="waitlist request",
                            ),
                        ),
                    ],
                    options={"ordering": ["-received_at"]},
                ),
            ],
        ),
        migrations.RunPython(move_content_type, migrations.RunPython.noop),
        migrations.CreateModel(
            name="InboxSettings",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "keep_requests_days",
                    models.PositiveSmallIntegerField(
                        default=365,
                        help_text="Every night, requests older than this are deleted, whatever their state.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(3650),
                        ],
                        verbose_name="keep consultation requests for (days)",
                    ),
                ),
                (
                    "keep_closed_requests_days",
                    models.PositiveSmallIntegerField(
                        default=90,
                        help_text="Requests you marked as closed are deleted sooner: after this many days.",
                        validators=[
                            django.core.validators.MinValueValidator(1),
                            django.core.validators.MaxValueValidator(3650),
                        ],
                        verbose_name="keep closed requests for (days)",
                    ),
                ),
            ],
            options={"verbose_name": "how long requests are kept", "verbose_name_plural": "how long requests are kept"},
        ),
        migrations.RunPython(keep_the_practices_limits, migrations.RunPython.noop),
    ]
