from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0013_consultation_requests_move_to_contact"),
        ("contact", "0001_initial"),  # which has copied the limits
    ]

    operations = [
        migrations.RemoveField(model_name="practiceprofile", name="keep_closed_requests_days"),
        migrations.RemoveField(model_name="practiceprofile", name="keep_requests_days"),
    ]
