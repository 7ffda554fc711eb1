from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0014_request_retention_moves_to_contact"),
        ("subscriptions", "0002_email_settings"),  # which has copied the wording
    ]

    operations = [
        migrations.RemoveField(model_name="practiceprofile", name="subscribe_heading"),
        migrations.RemoveField(model_name="practiceprofile", name="subscribe_text"),
        migrations.RemoveField(model_name="practiceprofile", name="email_whole_article"),
    ]
