"""Topic introductions stored before images were limited to Kith's own library are cleaned again:
an image from another site becomes its alt text (see kith.markup)."""

from django.db import migrations

from kith.markup import sanitize_html


def resanitise_stored_images(apps, schema_editor):
    Topic = apps.get_model("topics", "Topic")
    for topic in Topic.objects.filter(introduction_html__contains="<img").only(
        "pk", "introduction_html"
    ):
        html = sanitize_html(topic.introduction_html)
        if html != topic.introduction_html:
            Topic.objects.filter(pk=topic.pk).update(introduction_html=html)


class Migration(migrations.Migration):
    dependencies = [("topics", "0001_initial")]

    operations = [migrations.RunPython(resanitise_stored_images, migrations.RunPython.noop)]
