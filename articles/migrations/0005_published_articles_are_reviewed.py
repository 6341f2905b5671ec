"""Every published article has a recorded clinical review, and the database says so.

Before the constraint is added, existing rows are made to satisfy it:

- an article with a last review date but no next review date gets the date ``save()`` would
  have filled in (the last review plus ``KITH_REVIEW_CYCLE_DAYS``);
- an article that is published (or scheduled) without a recorded review — no reviewer or no
  review date — is moved back to **“In review”**: readers no longer see it, and a clinical
  reviewer records a review (“Mark reviewed”) and publishes it again in the admin. Nothing
  else about it changes; its history keeps every earlier version.

Reversing removes the constraint only: the articles stay in review.
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations, models
from django.db.models import Q
from django.utils import timezone


def review_before_publishing(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    db = schema_editor.connection.alias
    articles = Article.objects.using(db)
    cycle = timedelta(days=settings.KITH_REVIEW_CYCLE_DAYS)
    undated = articles.filter(last_reviewed__isnull=False, next_review_due__isnull=True)
    for pk, last_reviewed in undated.values_list("pk", "last_reviewed"):
        articles.filter(pk=pk).update(next_review_due=last_reviewed + cycle)
    articles.filter(status="published").filter(
        Q(reviewed_by__isnull=True) | Q(last_reviewed__isnull=True)
    ).update(status="review", status_changed_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [("articles", "0004_title_search_index")]

    operations = [
        migrations.RunPython(review_before_publishing, migrations.RunPython.noop, elidable=True),
        migrations.AddConstraint(
            model_name="article",
            constraint=models.CheckConstraint(
                condition=models.Q(("status", "published"), _negated=True)
                | models.Q(
                    ("last_reviewed__isnull", False),
                    ("next_review_due__isnull", False),
                    ("reviewed_by__isnull", False),
                ),
                name="article_published_is_reviewed",
            ),
        ),
    ]
