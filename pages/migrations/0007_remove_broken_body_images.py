"""Bodies saved before the sanitiser removed images whose address it refused still hold them, broken."""

from django.db import migrations

from blog.richtext import remove_images_without_source

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
