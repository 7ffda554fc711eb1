"""Consultation requests move to the contact app: the table is renamed, its rows stay (contact 0001)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0012_single_line_names"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable("consultationrequest", "contact_consultationrequest")],
            state_operations=[migrations.DeleteModel("ConsultationRequest")],
        ),
    ]
