"""Bodies saved before the sanitiser removed images whose address it refused still hold them, broken."""

import re

from django.db import migrations

# A copy of the sanitiser's rule as it was when this migration was written: a migration never imports live code.
_IMG_WITHOUT_SOURCE = re.compile(r"<img\b(?![^>]*\ssrc=)[^>]*>")


def remove_images_without_source(markup):
    return _IMG_WITHOUT_SOURCE.sub("", markup)

MODELS_WITH_BODIES = [("blog", "Post"), ("pages", "Service"), ("pages", "Page")]


def remove_broken_images(apps, schema_editor):
    for app_label, model_name in MODELS_WITH_BODIES:
        model = apps.get_model(app_label, model_name)
        for item in model.objects.filter(body__contains="<img").only("body"):
            repaired = remove_images_without_source(item.body)
            if repaired != item.body:
                model.objects.filter(pk=item.pk).update(body=repaired)


class Migration(migrations.Migration):
    dependencies = [("blog", "0006_body_image_checks"), ("pages", "0006_body_image_checks")]

    operations = [migrations.RunPython(remove_broken_images, migrations.RunPython.noop)]
