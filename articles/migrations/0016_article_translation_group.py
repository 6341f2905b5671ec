"""Translations of one article share a ``translation_group`` (like Wagtail's translation_key):
at most one article per language in a group, kept by the database. NULL means the article has
no translations, so existing articles need no value."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("articles", "0015_published_article_revisions"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="translation_group",
            field=models.UUIDField(
                blank=True,
                editable=False,
                help_text="Articles with the same group are translations of one another, at "
                "most one per language. Set in the admin by choosing “Translation of”.",
                null=True,
                verbose_name="translation group",
            ),
        ),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.UniqueConstraint(
                fields=("translation_group", "language"), name="article_one_per_language"
            ),
        ),
    ]
